"""Real-Chromium tests: Playwright drives Debian's /usr/bin/chromium against live_server.

Skipped, with the reason, where /usr/bin/chromium is missing (.ci/run installs it).
"""

import os
import pathlib
import shutil
from urllib.parse import urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_SCHEMES = {"data", "blob", "about"}
SCREENSHOTS = pathlib.Path(__file__).parent / "screenshots"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    missing = not (os.path.exists(CHROMIUM) and shutil.which(CHROMIUM))
    for item in items:
        if "browser" in item.keywords and missing:
            reason = f"{CHROMIUM} is missing: apt-get install chromium"
            item.add_marker(pytest.mark.skip(reason=reason))
    # Last of all: live_server's tests end with a flush of the test database, which would
    # leave tests run after them without what data migrations made (editorial groups).
    items.sort(key=lambda item: "browser" in item.keywords)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's async-safety check
    # would then refuse the ORM calls fixtures make from it. Only while a browser runs:
    # subprocesses of other tests (check --deploy) must not inherit the setting.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class Visit:
    """A page plus every URL it requested, so tests can assert nothing left the site."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.requests = []
        page.on("request", lambda request: self.requests.append(request.url))

    def goto(self, path):
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.ok, (
            f"{path} answered {response and response.status}"
        )
        return response

    def screenshot(self, name):
        SCREENSHOTS.mkdir(exist_ok=True)
        self.page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)

    def outside_requests(self):
        host = urlsplit(self.base_url).netloc
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in {"data", "blob", "about"}
            and urlsplit(url).netloc != host
        ]


def _visiting(browser, live_server, width, height):
    """A fresh browser context of that size; after the test, no request may have left."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    visitor = Visit(page, live_server.url)
    yield visitor
    context.close()
    assert visitor.outside_requests() == [], "requests left the site"


@pytest.fixture
def visit(browser, live_server):
    yield from _visiting(browser, live_server, 1280, 900)


@pytest.fixture
def phone(browser, live_server):
    """The same at a phone's width (390 px)."""
    yield from _visiting(browser, live_server, 390, 844)
