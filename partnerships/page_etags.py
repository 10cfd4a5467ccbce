"""Conditional GET for the public HTML pages: an unchanged page costs one cache read.

For an anonymous GET (no session or messages cookie) of a page outside the API, the
admin and static files, the ETag is a hash of the catalogue version (bumped by every
write to the app's models, partnerships/cache.py), the full path and the current
minute. A request whose If-None-Match names it is answered 304 before any view,
session or template work; other 200 answers carry it. The minute bounds how stale an
answer can be when nothing bumps the version: an article whose publication time
comes, or a write made by another process when the cache is not shared (no REDIS_URL).
"""

import hashlib
import time

from django.conf import settings
from django.http import HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags

from .cache import catalogue_version

EXCLUDED_PREFIXES = ("/api/", "/admin/", "/static/", "/healthz")


def page_etag(request) -> str | None:
    """The page's ETag, or None where answers depend on more than the URL and the data."""
    if request.method not in ("GET", "HEAD") or request.path.startswith(EXCLUDED_PREFIXES):
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return None  # a signed-in editor, or a message waiting to be shown
    version = catalogue_version()
    if version is None:
        return None  # no shared version (Redis down) or an uncommitted write: no 304s
    key = f"{version}|{request.get_full_path()}|{int(time.time() // 60)}"
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


class CatalogueConditionalGetMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        etag = page_etag(request)
        if etag is None:
            return self.get_response(request)
        asked = request.META.get("HTTP_IF_NONE_MATCH")
        if asked and etag in {tag.removeprefix("W/") for tag in parse_etags(asked)}:
            response = HttpResponseNotModified()
            response["ETag"] = etag
            patch_vary_headers(response, ["Cookie"])
            return response
        response = self.get_response(request)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not response.has_header("ETag")
        ):
            response["ETag"] = etag
        return response
