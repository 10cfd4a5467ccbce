"""Who may do what: anyone reads; writing needs the Django model permission for it."""

from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import DjangoModelPermissionsOrAnonReadOnly

PUBLISH_PERMISSION = "partnerships.publish_article"


class CatalogueModelPermissions(DjangoModelPermissionsOrAnonReadOnly):
    """Reads for everyone; POST/PUT/PATCH/DELETE need add/change/delete on the model
    (401 without credentials, 403 without the permission)."""


def can_read_drafts(user) -> bool:
    """Editors (users who may view or change articles) see drafts; the public does not."""
    return bool(
        user
        and user.is_active
        and (
            user.has_perm("partnerships.view_article")
            or user.has_perm("partnerships.change_article")
        )
    )


def check_publish_permission(user, *, was_published: bool, will_be_published: bool) -> None:
    """Publishing, or changing what the public already reads, needs publish_article."""
    if (was_published or will_be_published) and not user.has_perm(PUBLISH_PERMISSION):
        raise PermissionDenied(
            "Publishing an article (or changing a published one) needs the "
            "partnerships.publish_article permission."
        )
