from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "partnerships"
    verbose_name = "Military diplomacy catalogue"

    def ready(self):
        from . import deploy_checks, signals  # noqa: F401  (connect receivers, register checks)
        from .api import reader_checks  # noqa: F401  (registers the API reader's system check)
