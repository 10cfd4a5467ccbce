from django.contrib.contenttypes.models import ContentType
from django.db import models

from ..querysets import SlugRedirectQuerySet


class SlugRedirect(models.Model):
    """A slug a record used to have, so old links answer with a permanent redirect."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    old_slug = models.SlugField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SlugRedirectQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "old_slug"], name="slug_redirect_unique"
            )
        ]

    def __str__(self):
        return f"{self.content_type.model}: {self.old_slug}"
