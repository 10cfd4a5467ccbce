"""The editorial rule, in one place for the admin and the API.

Editors write and change articles, published ones included, but only a publisher
(permission `partnerships.publish_article`) may publish, unpublish, delete a published
article or move a published article's publication time.
"""

from .models import Article, ArticleStatus

PUBLISH_PERMISSION = "partnerships.publish_article"
NEEDS_PUBLISHER = "Only a publisher can publish or unpublish an article."
NEEDS_PUBLISHER_FOR_TIME = "Only a publisher can change when a published article is published."


def can_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)


def stored_state(pk):
    """(status, published_at) as saved, or (None, None) for a new article.

    Read from the database, not the form's instance: the history view hands the form an
    old revision, whose status must not count as what is published now.
    """
    if pk is None:
        return None, None
    row = Article.objects.filter(pk=pk).values_list("status", "published_at").first()
    return row or (None, None)


def publication_change_error(*, status, published_at, stored_status, stored_published_at):
    """Why a user without the publish permission may not make this change, or None."""
    was_published = stored_status == ArticleStatus.PUBLISHED
    if (status == ArticleStatus.PUBLISHED) != was_published:
        return NEEDS_PUBLISHER
    if was_published and published_at != stored_published_at:
        return NEEDS_PUBLISHER_FOR_TIME
    return None


def publication_change_error_for_write(user, *, instance, status=None, published_at=None):
    """`publication_change_error` for a write from the API: None when it is allowed.

    `instance` is the stored article (None when creating); `status` and `published_at`
    are the values the write asks for (None: unchanged). A delete passes `status=""`.
    """
    if can_publish(user):
        return None
    stored_status = instance.status if instance else None
    stored_published_at = instance.published_at if instance else None
    if status == "":  # deleting
        return NEEDS_PUBLISHER if stored_status == ArticleStatus.PUBLISHED else None
    return publication_change_error(
        status=status or stored_status or ArticleStatus.DRAFT,
        published_at=published_at if published_at is not None else stored_published_at,
        stored_status=stored_status,
        stored_published_at=stored_published_at,
    )
