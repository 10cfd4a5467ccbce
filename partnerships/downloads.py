"""The "Download CSV / JSON" links of a page: the API's URL for the same rows, carrying the
page's own query (its filters, year and sort), so the file holds what the reader sees."""

from django.http import QueryDict
from django.urls import reverse

# A page's own place in a listing, not part of what it shows.
NOT_CARRIED = ("page", "format")


def carried_query(params: QueryDict, **extra) -> QueryDict:
    query = params.copy()
    for name in NOT_CARRIED:
        query.pop(name, None)
    for name, value in extra.items():
        if value in (None, ""):
            query.pop(name, None)
        else:
            query[name] = str(value)
    return query


def download_links(url: str, params: QueryDict, csv_url: str | None = None) -> dict:
    """{"csv": ..., "json": ...}: `url` with the page's query and each format; `csv_url`
    where the CSV comes from another endpoint."""
    json_query = carried_query(params, format="json")
    csv_link = csv_url
    if csv_link is None:
        csv_link = f"{url}?{carried_query(params, format='csv').urlencode()}"
    return {"json": f"{url}?{json_query.urlencode()}", "csv": csv_link}


def list_downloads(model, params: QueryDict) -> dict:
    """The list endpoint of `model`'s resource, with the HTML list's filters."""
    return download_links(reverse(f"api:{model._meta.model_name}-list"), params)


def pair_downloads(a_slug: str, b_slug: str) -> dict:
    """The comparison page's data: its JSON, and a CSV per section from the list endpoints
    (`?nation=a&nation=b`: the records both took part in, the rows the page lists)."""
    pair = QueryDict(mutable=True)
    pair.setlist("nation", [a_slug, b_slug])
    pair["format"] = "csv"
    return {
        "json": reverse("api:relations", kwargs={"a": a_slug, "b": b_slug}) + "?format=json",
        "csv": {
            kind: f"{reverse(f'api:{kind}-list')}?{pair.urlencode()}"
            for kind in ("partnership", "organization", "exercise", "engagement")
        },
    }


def network_downloads(params: QueryDict) -> dict:
    """The network's nodes and links as JSON; as CSV, the partnerships that make its links
    (same year and kind) until the network endpoint gives a CSV of its own."""
    query = QueryDict(mutable=True)
    for name in ("year", "kind"):
        if params.get(name):
            query[name] = params[name]
    csv_query = query.copy()
    csv_query["format"] = "csv"
    return download_links(
        reverse("api:network"),
        query,
        csv_url=f"{reverse('api:partnership-list')}?{csv_query.urlencode()}",
    )


def resource_downloads(resource: str, **filters) -> dict:
    """A chart's data: the `resource` list endpoint with the filters that select its rows
    ("nation", members of an organization or partnership)."""
    query = QueryDict(mutable=True)
    for name, value in filters.items():
        query[name] = value
    return download_links(reverse(f"api:{resource}-list"), query)
