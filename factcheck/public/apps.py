from django.apps import AppConfig


class PublicConfig(AppConfig):
    """The public, read-only site. It imports the domain; the domain never
    imports it, but announces public-facing changes with
    ``factcheck.signals.public_content_changed``, which this app turns into a
    new page-cache generation."""

    name = "factcheck.public"
    label = "public"
    verbose_name = "Public site"

    def ready(self):
        from articles.signals import report_metadata_changed
        from factcheck.signals import public_content_changed

        from . import receivers

        public_content_changed.connect(
            receivers.content_changed, dispatch_uid="public.content_changed"
        )
        report_metadata_changed.connect(
            receivers.report_metadata_changed, dispatch_uid="public.report_metadata"
        )
