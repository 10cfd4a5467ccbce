"""The editorial roles, kept in step with the models: Editors write articles and read the
catalogue, Publishers also publish and unpublish articles.

After every `migrate` (and every flush, which a test's teardown runs) the groups are made
again with their permissions, so a model added later reaches the roles without a data
migration of its own. `migrations/0002_editorial_groups.py` keeps the frozen first version.
"""

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS

ARTICLE_MODELS = ("article", "topic")
CATALOGUE_MODELS = (
    "nation",
    "nationalias",
    "statehood",
    "succession",
    "organization",
    "membership",
    "partnership",
    "partnershipmember",
    "obligationperiod",
    "exerciseseries",
    "exercise",
    "participation",
    "engagement",
    "engagementparty",
    "source",
)
EDITOR_CODENAMES = {
    *(f"{action}_{model}" for model in ARTICLE_MODELS for action in ("add", "change", "view")),
    *(f"view_{model}" for model in CATALOGUE_MODELS),
}
ROLES = {"Editors": EDITOR_CODENAMES, "Publishers": EDITOR_CODENAMES | {"publish_article"}}


def keep_roles(sender, apps=global_apps, using=DEFAULT_DB_ALIAS, **kwargs):
    """post_migrate, after auth has made the app's permissions: each role holds at least its
    permissions (what an administrator added to a role stays)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        permissions = Permission.objects.using(using).filter(
            content_type__app_label="partnerships", codename__in=codenames
        )
        found = {permission.codename: permission for permission in permissions}
        if missing := codenames - set(found):
            raise RuntimeError(f"Permissions missing for the role {name}: {sorted(missing)}")
        group, _ = Group.objects.using(using).get_or_create(name=name)
        group.permissions.add(*found.values())
