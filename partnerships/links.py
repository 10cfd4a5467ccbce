"""A record's URL by its slug, without a reverse() per record.

A page of 200 partnerships with their members needs hundreds of links: each URL pattern
is reversed once, with a placeholder slug, and every slug is put in its place.
"""

from functools import lru_cache

from django.core.validators import slug_re
from django.urls import NoReverseMatch, get_script_prefix, reverse

PLACEHOLDER = "__slug__"


@lru_cache(maxsize=128)
def _template(viewname: str, prefix: str) -> str | None:
    try:
        return reverse(viewname, kwargs={"slug": PLACEHOLDER})
    except NoReverseMatch:
        return None


def path_template(viewname: str) -> str | None:
    """The path of `viewname` with PLACEHOLDER for its slug, or None where none exists."""
    return _template(viewname, get_script_prefix())


def slug_path(viewname: str, slug: str) -> str:
    """`reverse(viewname, kwargs={"slug": slug})`, for the price of a string replace."""
    template = path_template(viewname)
    if template is None or not slug_re.fullmatch(slug or ""):  # reverse() says why
        return reverse(viewname, kwargs={"slug": slug})
    return template.replace(PLACEHOLDER, slug)
