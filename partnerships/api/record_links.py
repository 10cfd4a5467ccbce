"""Links from a record to its API URL and its HTML page, without a query or a reverse per row.

A list of 200 partnerships with their members needs thousands of links: each URL
pattern is reversed once (with a placeholder slug) and the slug is put in its place.
"""

from ..links import PLACEHOLDER, path_template


def link(request, viewname: str, slug: str | None) -> str | None:
    """The absolute URL of `viewname` for `slug`, or None when there is no such page."""
    template = path_template(viewname)
    if template is None or not slug:
        return None
    path = template.replace(PLACEHOLDER, slug)
    if request is None:
        return path
    if not path.isascii():
        return request.build_absolute_uri(path)
    # build_absolute_uri() parses every path it is given; a page of 200 records has
    # thousands of links, all on the same scheme and host: work that out once a request.
    root = getattr(request, "_link_root", None)
    if root is None:
        root = request._link_root = request.build_absolute_uri("/")[:-1]
    return root + path


def api_link(request, model_name: str, slug: str | None) -> str | None:
    return link(request, f"api:{model_name}-detail", slug)


def html_link(request, model_name: str, slug: str | None) -> str | None:
    return link(request, f"partnerships:{model_name}-detail", slug)
