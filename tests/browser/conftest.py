"""Playwright against pytest-django's live_server, driving Debian's Chromium.

Without /usr/bin/chromium the browser tests are skipped, with the reason, unless
REGISTRY_REQUIRE_BROWSER=true (CI sets it): then they fail, so CI never skips them silently.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings

from responsibilities.demo import demo_load

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
PASSWORD = "pw-browser"


def _require_chromium():
    if Path(CHROMIUM).exists():
        return
    reason = f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)"
    if os.environ.get("REGISTRY_REQUIRE_BROWSER", "").strip().lower() == "true":
        pytest.fail(f"REGISTRY_REQUIRE_BROWSER=true but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    _require_chromium()
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900},
            "locale": "en-GB"}


@pytest.fixture(autouse=True)
def _chromium_present():
    _require_chromium()


@pytest.fixture(scope="session")
def axe():
    """axe-core's source, to inject into a page (tests/browser/axe.py): fetched once, verified."""
    from tests.browser.axe import AxeUnavailable, axe_source

    try:
        return axe_source()
    except AxeUnavailable as error:
        if os.environ.get("REGISTRY_REQUIRE_BROWSER", "").strip().lower() == "true":
            pytest.fail(str(error), pytrace=False)
        pytest.skip(str(error))


@pytest.fixture
def demo(transactional_db):
    """The demo organisation, in English, and a superuser who may edit everything."""
    from django.contrib.auth import get_user_model

    demo_load()
    return get_user_model().objects.create_superuser("manager", "m@example.com", PASSWORD)


@pytest.fixture
def site(live_server, page, demo):
    """`site(path)`: open a page of the live server; `site.login()` logs the manager in."""

    class Site:
        url = live_server.url

        def __call__(self, path):
            page.goto(live_server.url + path)
            return page

        def login(self, username="manager"):
            page.goto(live_server.url + "/accounts/login/")
            page.get_by_label("User name").fill(username)
            page.get_by_label("Password").fill(PASSWORD)
            page.locator("main").get_by_role("button", name="Log in").click()
            page.wait_for_url(live_server.url + "/")
            return page

        def shot(self, name, full_page=False):
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)

    return Site()
