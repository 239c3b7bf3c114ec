from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save


class FactcheckConfig(AppConfig):
    name = "factcheck"
    verbose_name = "Fact-checking"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from articles.models import Article, Story
        from articles.signals import (
            article_refiled,
            article_revised,
            articles_imported,
            tag_relabelled,
        )

        from . import auth, receivers
        from .models import Claim
        from .roles import setup_after_migrate

        # Sent for this app after every app's own post_migrate handlers (it is
        # listed last in INSTALLED_APPS), so all permissions exist by then.
        # Flushes in transactional tests send it too, restoring roles and ratings.
        post_migrate.connect(setup_after_migrate, sender=self, dispatch_uid="factcheck.setup")
        post_migrate.connect(
            receivers.staff_search_after_migrate, sender=self, dispatch_uid="factcheck.staff_search"
        )
        # After the roles and ratings above: the statistics then cover their rows.
        post_migrate.connect(
            receivers.analyze_after_migrate, sender=self, dispatch_uid="factcheck.analyze"
        )
        article_revised.connect(receivers.reanchor_passages, dispatch_uid="factcheck.reanchor")
        tag_relabelled.connect(receivers.tag_relabelled, dispatch_uid="factcheck.tag_relabelled")
        post_save.connect(
            receivers.article_saved, sender=Article, dispatch_uid="factcheck.article_saved"
        )
        post_delete.connect(
            receivers.claim_deleted, sender=Claim, dispatch_uid="factcheck.claim_deleted"
        )
        post_delete.connect(
            receivers.story_deleted, sender=Story, dispatch_uid="factcheck.story_deleted"
        )
        article_refiled.connect(receivers.article_refiled, dispatch_uid="factcheck.refiled")
        articles_imported.connect(receivers.refresh_statistics, dispatch_uid="factcheck.stats")
        user_login_failed.connect(auth.record_failure, dispatch_uid="factcheck.login_failed")
        user_logged_in.connect(auth.clear_failures, dispatch_uid="factcheck.logged_in")
