"""The Content-Security-Policy in a real browser: Chromium reports no violation on the
public pages, the API docs or the admin (where scripts run: network, Swagger UI, the
admin's forms), and the docs page still renders its operations."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "a-long-and-uncommon-passphrase-42"


@pytest.fixture
def curator(db):
    """A superuser to sign in to the admin with (the shared world has no users)."""
    return get_user_model().objects.create_superuser("curator", "curator@example.org", PASSWORD)


@pytest.fixture
def violations(visit):
    """Every CSP violation Chromium reports on the console while the test runs."""
    found = []

    def on_console(message):
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            found.append(f"{visit.page.url}: {text}")

    visit.page.on("console", on_console)
    return found


def settle(visit):
    """Let the page's own scripts finish: `goto` returns after the load event, and what the
    site's scripts do at load (drawing, folding filters) is done two frames later. The site
    fetches nothing after load, so waiting for the network to fall idle (half a second of
    nothing, every page) would only wait."""
    visit.page.wait_for_load_state("load")
    visit.page.evaluate(
        "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
    )


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/nations/",
        "/nations/japan/",
        "/partnerships/us-japan-security-treaty/",
        "/exercises/rimpac-2024/",
        "/relations/japan/united-states/",
        "/network/",
        "/search/?q=japan",
        "/articles/why-alliances-last/",
    ],
)
def test_public_pages_break_no_rule_of_the_policy(visit, violations, world, path):
    visit.goto(path)
    settle(visit)
    assert violations == []


def test_the_api_docs_render_under_the_policy(visit, violations, world):
    visit.goto("/api/v1/docs/")
    visit.page.wait_for_selector(".opblock", timeout=30_000)  # Swagger UI drew the operations
    assert visit.page.locator(".opblock").count() > 10
    assert violations == []


def test_the_admin_breaks_no_rule_of_the_policy(visit, violations, world, curator):
    treaty = world["treaty"]
    visit.goto("/admin/login/")
    visit.page.fill("#id_username", "curator")
    visit.page.fill("#id_password", PASSWORD)
    visit.page.click("input[type=submit]")
    visit.page.wait_for_url("**/admin/")
    for path in (
        f"/admin/partnerships/partnership/{treaty.pk}/change/",
        "/admin/partnerships/partnership/add/",
        "/admin/partnerships/nation/",
        "/admin/partnerships/nation/export/",
        f"/admin/partnerships/partnership/{treaty.pk}/history/",
    ):
        visit.goto(path)
        settle(visit)
    # The export page's "Select all" toggle is an inline handler, allowed by its hash.
    visit.goto("/admin/partnerships/nation/export/")
    toggle = visit.page.locator("input.select-toggle")
    if toggle.count():
        boxes = visit.page.locator('.selectable-field-export-row input[type="checkbox"]')
        toggle.first.uncheck()
        assert all(not boxes.nth(i).is_checked() for i in range(boxes.count()))
    assert violations == []
