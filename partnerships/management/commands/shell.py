"""`manage.py shell`, auto-importing every model but the history models.

django-simple-history makes its Historical* models at run time: their module does not hold
them, so Django's shell would warn that each "could not be automatically imported". They
are reached as `Nation.history.model` and the like.
"""

from django.core.management.commands import shell
from simple_history.models import HistoricalChanges


class Command(shell.Command):
    def get_auto_imports(self):
        from django.apps import apps

        return [
            f"{model.__module__}.{model.__name__}"
            for model in reversed(apps.get_models())
            if model.__module__ and not issubclass(model, HistoricalChanges)
        ]
