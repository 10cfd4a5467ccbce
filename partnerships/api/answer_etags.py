"""ETag and Last-Modified for JSON responses; 304 for a matching If-None-Match or
If-Modified-Since; 412 (with the current ETag) for a write whose If-Match names a
representation that is gone, or whose record changed after its If-Unmodified-Since.

The ETag is a hash of the JSON body itself, so it changes exactly when what a client
reads changes (a renamed member nation included). Last-Modified is the latest
`updated_at` among the records the body shows.

Building a body only to find that its hash is the one the client has costs as much as
sending it, so an answer's validators are also kept in the cache under what decides its
body: the catalogue version (every write changes it, partnerships/cache.py), the
absolute URL, the media type, who is asking (drafts) and the current minute (which
bounds how late an article's publication time shows, as on the HTML pages). A
conditional GET that matches them is answered 304 before the view does any work.
"""

import datetime
import hashlib
import time

from django.http import HttpResponseNotModified
from django.utils.http import http_date, parse_etags, parse_http_date_safe, quote_etag

from .. import cache
from .exceptions import PreconditionFailed


class ModifiedTracker:
    """Keeps the latest `updated_at` of every record a response shows (Last-Modified)."""

    def __init__(self):
        self.latest = None

    def note(self, value):
        if value is not None and (self.latest is None or value > self.latest):
            self.latest = value


VALIDATORS_TIMEOUT = 120  # the minute in the key makes older entries unreachable anyway
KEPT_HEADERS = ("ETag", "Last-Modified", "Vary", "Cache-Control")


def etag_for(content: bytes) -> str:
    return quote_etag(hashlib.sha256(content).hexdigest()[:40])


def _strip_weak(tag: str) -> str:
    return tag[2:] if tag.startswith("W/") else tag


def is_not_modified(request, etag: str, last_modified) -> bool:
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        # If-None-Match wins over If-Modified-Since, and compares weakly (RFC 9110 13.1.2).
        tags = parse_etags(if_none_match)
        return "*" in tags or any(_strip_weak(tag) == etag for tag in tags)
    if_modified_since = request.META.get("HTTP_IF_MODIFIED_SINCE")
    if if_modified_since and last_modified is not None:
        since = parse_http_date_safe(if_modified_since)
        return since is not None and int(last_modified.timestamp()) <= since
    return False


def check_preconditions(request, current_etag: str, last_modified) -> None:
    """412 (naming the current ETag) when If-Match matches nothing current (strong
    comparison) or, without If-Match, when the record changed after If-Unmodified-Since
    (RFC 9110 13.2.2). An unreadable date is ignored, as the RFC says."""
    header = request.META.get("HTTP_IF_MATCH")
    if header is not None:
        tags = parse_etags(header)
        if "*" in tags or current_etag in tags:
            return
        raise PreconditionFailed(etag=current_etag)
    since = request.META.get("HTTP_IF_UNMODIFIED_SINCE")
    since = parse_http_date_safe(since) if since else None
    if since is not None and last_modified is not None and int(last_modified.timestamp()) > since:
        raise PreconditionFailed(
            "The record has changed since the time If-Unmodified-Since gives. Read it again "
            "and retry.",
            etag=current_etag,
        )


def add_validators(response, etag: str, last_modified) -> None:
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())


def not_modified(response) -> HttpResponseNotModified:
    reply = HttpResponseNotModified()
    for header in KEPT_HEADERS:
        if header in response:
            reply[header] = response[header]
    return reply


def not_modified_with(etag: str) -> HttpResponseNotModified:
    reply = HttpResponseNotModified()
    reply["ETag"] = etag
    reply["Vary"] = "Authorization, Cookie"
    return reply


# How long an answer may be reused without asking again: a minute for what anyone may
# read (the validators' own key changes each minute, and a write shows within one on
# the HTML pages too); signed-in readers revalidate every time; what may show a draft
# is never stored; errors and writes are never reused.
PUBLIC_MAX_AGE = 60


def cache_control(request, response, *, private: bool = False) -> str:
    if request.method not in ("GET", "HEAD") or response.status_code >= 400:
        return "no-store"
    if private:
        return "private, no-store"
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return "private, no-cache"
    return f"public, max-age={PUBLIC_MAX_AGE}"


def validators_key(request, scope: str = "") -> str | None:
    """Where the validators of this GET's answer are kept while its body cannot change,
    or None (nothing may be cached now). Taken before the body is built: a write that
    commits meanwhile moves the version, so the body is never kept under the new one."""
    return cache.key(
        "api-validators",
        int(time.time() // 60),
        scope,
        request.accepted_media_type,
        request.build_absolute_uri(),
    )


def remember_validators(key: str | None, response, last_modified) -> None:
    headers = {header: response[header] for header in KEPT_HEADERS if header in response}
    stamp = None if last_modified is None else last_modified.timestamp()
    cache.put(key, (headers, stamp), VALIDATORS_TIMEOUT)


def known_not_modified(request, key: str | None) -> HttpResponseNotModified | None:
    """The 304 for a conditional GET whose answer is known unchanged, or None."""
    known = cache.get(key)
    if known is None:
        return None
    headers, stamp = known
    last_modified = None if stamp is None else datetime.datetime.fromtimestamp(stamp, datetime.UTC)
    if not is_not_modified(request, headers["ETag"], last_modified):
        return None
    reply = HttpResponseNotModified()
    for header, value in headers.items():
        reply[header] = value
    return reply
