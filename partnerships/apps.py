from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "partnerships"
    verbose_name = "Military diplomacy catalogue"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import deploy_checks, signals  # noqa: F401  (connect receivers, register checks)
        from .editorial_roles import keep_roles

        post_migrate.connect(keep_roles, sender=self)
        from .api import reader_checks  # noqa: F401  (registers the API reader's system check)
