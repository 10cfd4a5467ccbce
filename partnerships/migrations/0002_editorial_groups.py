"""The editorial roles: Editors write articles, Publishers also publish and unpublish them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ARTICLE_MODELS = ("article", "topic")
CATALOGUE_MODELS = (
    "nation",
    "nationalias",
    "statehood",
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
EDITOR_CODENAMES = [
    *(f"{action}_{model}" for model in ARTICLE_MODELS for action in ("add", "change", "view")),
    *(f"view_{model}" for model in CATALOGUE_MODELS),
]
PUBLISHER_CODENAMES = [*EDITOR_CODENAMES, "publish_article"]
GROUPS = {"Editors": EDITOR_CODENAMES, "Publishers": PUBLISHER_CODENAMES}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations (post_migrate); the groups
    # need them now, on a fresh database as well as an existing one.
    app_config = apps.get_app_config("partnerships")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    grant_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def grant_groups(Group, Permission):
    """Create the groups with their permissions (which must exist); the test suite calls this
    too when it builds its schema without replaying migrations."""
    for name, codenames in GROUPS.items():
        permissions = list(
            Permission.objects.filter(
                content_type__app_label="partnerships", codename__in=codenames
            )
        )
        missing = set(codenames) - {permission.codename for permission in permissions}
        if missing:
            raise RuntimeError(f"Permissions missing for group {name}: {sorted(missing)}")
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("partnerships", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
