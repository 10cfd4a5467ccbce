"""What crawlers and browsers ask for at the site root: robots.txt and favicon.ico (the
sitemap is django.contrib.sitemaps)."""

from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET


@require_GET
@cache_control(max_age=60 * 60 * 24, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        "Disallow: /api/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
@cache_control(max_age=60 * 60 * 24 * 7, public=True)
def favicon(request):
    """static/favicon.ico at the root, where browsers look for it on every page.

    Read through the static finders, so it is served with DEBUG off and before any
    collectstatic (pages also link the SVG version from base.html).
    """
    path = finders.find("favicon.ico")
    if path is None:  # pragma: no cover - the file ships with the project
        raise Http404("no favicon")
    return FileResponse(open(path, "rb"), content_type="image/x-icon")
