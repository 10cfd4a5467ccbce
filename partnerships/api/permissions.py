"""Who may do what: anyone reads; writing needs the Django model permission for it."""

from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import DjangoModelPermissionsOrAnonReadOnly

from ..publishing import publication_change_error_for_write


class CatalogueModelPermissions(DjangoModelPermissionsOrAnonReadOnly):
    """Reads for everyone; POST/PUT/PATCH/DELETE need add/change/delete on the model
    (401 without credentials, 403 without the permission)."""


def check_publish_permission(user, *, instance, status=None, published_at=None) -> None:
    """Publishing, unpublishing or moving a published time needs publish_article."""
    error = publication_change_error_for_write(
        user, instance=instance, status=status, published_at=published_at
    )
    if error:
        raise PermissionDenied(error)
