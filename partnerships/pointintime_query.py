"""Point-in-time questions, shared by the HTML pages and the API: read and check the
query string, then answer through the querysets.

"Were A and B allied in year Y, through which instrument?" (`alliance_question`, answered
by `alliances.alliance_answer`: yes, no, uncertain or unknown) and "who were the members
of this organization on this day?" (`members_on`).
"""

from __future__ import annotations

import datetime

from django.core.validators import slug_re
from django.http import Http404
from django.utils import timezone

from .alliances import AllianceAnswer, alliance_answer
from .date_precision import MAX_YEAR, MIN_YEAR
from .models import Nation, Organization


class BadQuery(Exception):
    """The query string cannot be answered; `errors` maps each field to its messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


def _year(value, errors):
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        errors["year"] = ["Enter a year as a whole number, e.g. 1970."]
        return None
    if not MIN_YEAR <= year <= MAX_YEAR:
        errors["year"] = [f"Enter a year between {MIN_YEAR} and {MAX_YEAR}."]
        return None
    return year


def alliance_question(params) -> AllianceAnswer:
    """Answer ?a=<slug>&b=<slug>&year=Y. BadQuery for missing or malformed values,
    Http404 for a slug that names no nation."""
    errors = {}
    slugs = {}
    for field in ("a", "b"):
        slug = (params.get(field) or "").strip()
        if not slug:
            errors[field] = ["This field is required: a nation's slug, e.g. united-states."]
        elif not slug_re.fullmatch(slug):  # e.g. a NUL byte, which PostgreSQL refuses
            errors[field] = ["Give a nation's slug: letters, digits and hyphens."]
        slugs[field] = slug
    year = _year(params.get("year"), errors) if params.get("year") else None
    if not params.get("year"):
        errors["year"] = ["This field is required: a year, e.g. 1970."]
    if slugs.get("a") and slugs["a"] == slugs.get("b"):
        errors["b"] = ["Choose two different nations."]
    if errors:
        raise BadQuery(errors)
    nations = {n.slug: n for n in Nation.objects.filter(slug__in=slugs.values())}
    for field, slug in slugs.items():
        if slug not in nations:
            raise Http404(f"No nation with the slug {slug!r} ({field}).")
    return alliance_answer(nations[slugs["a"]], nations[slugs["b"]], year)


def parse_day(value) -> datetime.date:
    """?on=YYYY-MM-DD (today when absent); BadQuery when it is no date."""
    if value is None or not str(value).strip():
        return timezone.localdate()
    try:
        day = datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise BadQuery({"on": ["Enter a date as YYYY-MM-DD, e.g. 1960-01-01."]}) from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise BadQuery({"on": [f"Enter a date between {MIN_YEAR} and {MAX_YEAR}."]})
    return day


def members_on(slug: str, on_value):
    """(organization, day, member nations on that day); Http404 for an unknown slug."""
    organization = Organization.objects.filter(slug=slug).first()
    if organization is None:
        raise Http404(f"No organization with the slug {slug!r}.")
    day = parse_day(on_value)
    members = list(Nation.objects.members_of(organization, on=day).order_by("name"))
    return organization, day, members
