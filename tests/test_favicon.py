"""The site's own icon at /favicon.ico, where browsers ask for it, and linked from every page."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False)
def test_favicon_is_an_icon_served_with_debug_off(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    body = b"".join(response.streaming_content)
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO directory
    assert int.from_bytes(body[4:6], "little") >= 1


def test_pages_link_the_icon(client):
    html = client.get("/").content.decode()

    assert '<link rel="icon" href="/favicon.ico"' in html
    assert 'favicon.svg" type="image/svg+xml"' in html
    assert client.get("/static/favicon.svg").status_code == 200
