"""Template helpers for the public pages: canonical URLs, the active section, sorting."""

from django import template
from django.utils.html import format_html

from ..models import format_date

register = template.Library()

# The main navigation's sections, by the URL name prefix of the pages in them.
SECTIONS = (
    "nation",
    "organization",
    "partnership",
    "exercise",
    "engagement",
    "network",
    "article",
    "relations",
    "alliances",
)


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The page's absolute URL without filters or tracking junk; keeps `?page=` past 1."""
    request = context.get("request")
    if request is None:
        return ""
    url = request.build_absolute_uri(request.path)
    page = request.GET.get("page", "")
    if page.isdigit() and int(page) > 1:
        url += f"?page={int(page)}"
    return url


@register.simple_tag(takes_context=True)
def current_section(context):
    """'nation' on /nations/ and /nations/<slug>/; '' where no nav entry matches."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    name = (getattr(match, "url_name", "") or "").split("-")[0]
    return name if name in SECTIONS else ""


@register.simple_tag
def fdate(value, precision="day"):
    """A date at its known precision: "1953", "March 1953", "1 October 1953"."""
    return format_date(value, precision)


@register.simple_tag(takes_context=True)
def sort_header(context, field, label):
    """A column header that sorts by `field` (toggling direction), with aria-sort."""
    request = context["request"]
    current = request.GET.get("ordering", "")
    query = request.GET.copy()
    query.pop("page", None)
    if current == field:
        query["ordering"], aria, arrow = f"-{field}", "ascending", " ▲"
    elif current == f"-{field}":
        query["ordering"], aria, arrow = field, "descending", " ▼"
    else:
        query["ordering"], aria, arrow = field, "", ""
    sort_attr = format_html(' aria-sort="{}"', aria) if aria else ""
    return format_html(
        '<th scope="col"{}><a href="?{}">{}<span aria-hidden="true">{}</span></a></th>',
        sort_attr,
        query.urlencode(),
        label,
        arrow,
    )


@register.filter
def plural_count(count, words):
    """`{{ 3|plural_count:"partnership,partnerships" }}` → "3 partnerships"."""
    singular, _, plural = words.partition(",")
    return f"{count:,} {singular if count == 1 else plural or singular + 's'}"


@register.simple_tag
def coordinates(latitude, longitude):
    """'21.350°N, 157.950°W' from signed decimal degrees; '' when either is missing."""
    if latitude is None or longitude is None:
        return ""
    lat = f"{abs(latitude):.3f}°{'N' if latitude >= 0 else 'S'}"
    lon = f"{abs(longitude):.3f}°{'E' if longitude >= 0 else 'W'}"
    return f"{lat}, {lon}"


@register.inclusion_tag("includes/cite_record.html", takes_context=True)
def cite_record(context, record):
    """ "Cite this record": plain text and BibTeX, with the latest release or today's date."""
    from django.utils import timezone

    from ..citing import record_citation
    from ..releases import latest_release

    request = context.get("request")
    path = record.get_absolute_url()
    url = request.build_absolute_uri(path) if request is not None else path
    release = latest_release()
    return {
        "citation": record_citation(record, url, accessed=timezone.localdate(), release=release),
        "release": release,
    }


# Large sums read in words: "38 billion" rather than "38,000,000,000".
MONEY_WORDS = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"))


@register.filter
def money(value):
    """`{{ 38000000000|money }}` → "38 billion"; "1.25 billion"; "950,000"; "" for None."""
    if value is None or value == "":
        return ""
    amount = float(value)
    for size, word in MONEY_WORDS:
        if abs(amount) >= size:
            shown = f"{amount / size:,.2f}".rstrip("0").rstrip(".")
            return f"{shown} {word}"
    return f"{amount:,.0f}"


@register.inclusion_tag("includes/nation_datalist.html")
def nation_datalist():
    """The names the nation picker offers as one types, with other names to match on."""
    from ..forms import nation_datalist_context

    return nation_datalist_context()
