"""Links from a record to its API URL and its HTML page, without a query or a reverse per row.

A list of 200 partnerships with their members needs thousands of links: each URL
pattern is reversed once (with a placeholder slug) and the slug is put in its place.
"""

from functools import lru_cache

from django.urls import NoReverseMatch, get_script_prefix, reverse

_PLACEHOLDER = "__slug__"


@lru_cache(maxsize=128)
def _template(viewname: str, prefix: str) -> str | None:
    try:
        return reverse(viewname, kwargs={"slug": _PLACEHOLDER})
    except NoReverseMatch:
        return None


def link(request, viewname: str, slug: str | None) -> str | None:
    """The absolute URL of `viewname` for `slug`, or None when there is no such page."""
    template = _template(viewname, get_script_prefix())
    if template is None or not slug:
        return None
    path = template.replace(_PLACEHOLDER, slug)
    return request.build_absolute_uri(path) if request is not None else path


def api_link(request, model_name: str, slug: str | None) -> str | None:
    return link(request, f"api:{model_name}-detail", slug)


def html_link(request, model_name: str, slug: str | None) -> str | None:
    return link(request, f"partnerships:{model_name}-detail", slug)
