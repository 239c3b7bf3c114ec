from django.apps import AppConfig
from django.db.models.signals import post_migrate


class FactcheckConfig(AppConfig):
    name = "factcheck"
    verbose_name = "Fact-checking"

    def ready(self):
        from .roles import sync_roles_after_migrate

        # Sent for this app after every app's own post_migrate handlers (it is
        # listed last in INSTALLED_APPS), so all permissions exist by then.
        post_migrate.connect(
            sync_roles_after_migrate, sender=self, dispatch_uid="factcheck.sync_roles"
        )
