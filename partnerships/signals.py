"""Receivers: keep old slugs alive as redirects when an editor renames a record."""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import pre_save

from . import cache, search  # noqa: F401  (search: connects its SQLite function)
from .models import (
    Article,
    Engagement,
    Exercise,
    Nation,
    Organization,
    Partnership,
    SlugRedirect,
)

REDIRECTED_MODELS = (Nation, Organization, Partnership, Exercise, Engagement, Article)


def remember_old_slug(sender, instance, raw=False, **kwargs):
    if raw or not instance.pk:
        return
    old_slug = sender._default_manager.filter(pk=instance.pk).values_list("slug", flat=True).first()
    if not old_slug or old_slug == instance.slug:
        return
    content_type = ContentType.objects.get_for_model(sender)
    # The new slug may itself be an old one being reclaimed: it then stops redirecting.
    SlugRedirect.objects.filter(content_type=content_type, old_slug=instance.slug).delete()
    SlugRedirect.objects.update_or_create(
        content_type=content_type, old_slug=old_slug, defaults={"object_id": instance.pk}
    )


for _model in REDIRECTED_MODELS:
    pre_save.connect(remember_old_slug, sender=_model, dispatch_uid=f"old_slug_{_model.__name__}")
cache.connect_receivers()
