"""Hostile input for the bad-input tests (test_security_input.py, test_security_writes.py):
oversized, malformed and injected values, the checks every answer to them must pass, and
the fixtures both modules use (a plugin: tests/conftest.py)."""

from urllib.parse import quote

import pytest

from tests import factories

XSS = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>"
RAW_TAGS = ("<script>alert(1)</script>", "<img src=x onerror=alert(2)>")
# Hostile text, as Python strings (encoded into query strings and JSON bodies).
TEXT = {
    "nul": "ja\x00pan",
    "rtl-override": "\u202egnp.exe\u202c",
    "10k": "x" * 10_000,
    "sql": "japan' OR '1'='1'; DROP TABLE partnerships_nation; --",
    "xss": XSS,
    "unicode": "日本 🇯🇵 Ω\u0301 \ufeff\u200b",
    "control": "\x01\x1b[31m\x7f",
    "blank": "   ",
    "huge-number": "9" * 40,
    "negative": "-1",
    "float-overflow": "1e999",
    "bad-date": "2024-13-45",
    "traversal": "../../../etc/passwd",
    "like-wildcards": "%_%\\",
}
# Raw query-string values that are not UTF-8 at all once decoded.
RAW_QUERY = {
    "lone-surrogate": "%ED%A0%80",
    "invalid-utf8": "%FF%FE%C3",
    "double-encoded-nul": "%2500",
}
# JSON values of the wrong shape, for write fields.
SHAPES = {
    "null": None,
    "true": True,
    "big-int": 10**40,
    "float": 1.5e308,
    "list": ["japan", XSS],
    "object": {"nation": XSS, "role": "\x00"},
    "list-of-objects": [{"nation": "ja\x00pan"}, {"nation": "\ud800"}],
    "lone-surrogate": "\ud800",
}


def query_values():
    for name, text in TEXT.items():
        yield name, quote(text, safe="")
    yield from RAW_QUERY.items()


def check_html(response, what):
    assert response.status_code < 500, f"{what}: {response.status_code}"
    if response.get("Content-Type", "").startswith("text/html"):
        body = response.content.decode("utf-8", "replace")
        for tag in RAW_TAGS:
            assert tag not in body, f"{what}: unescaped {tag}"


def check_api(response, what):
    assert response.status_code < 500, f"{what}: {response.status_code}"
    if response.status_code >= 400:
        assert response["Content-Type"].startswith("application/json"), what
        response.json()


@pytest.fixture
def unthrottled(settings):
    # Hundreds of requests per test: these tests look for 500s, not for 429s.
    rates = {"anon": "1000000/min", "user": "1000000/min"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}


@pytest.fixture
def catalogue(world):
    """The shared world, with a topic for the article filters and fields."""
    factories.TopicFactory(slug="alliances")
    return world
