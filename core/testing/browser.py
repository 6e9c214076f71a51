"""Headless Chromium for end-to-end tests, driven by Playwright against the Debian chromium binary."""

import os
import shutil
import tempfile
from contextlib import contextmanager

import pytest

CHROMIUM = os.environ.get("XINFANG_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]


def require_browser() -> None:
    if os.path.exists(CHROMIUM):
        return
    message = f"headless Chromium not found at {CHROMIUM} (Debian packages chromium, chromium-driver)"
    if os.environ.get("XINFANG_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


@contextmanager
def chromium_page(base_url: str, viewport: dict | None = None):
    require_browser()
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = (
        "true"  # Playwright's sync API runs an event loop in this thread
    )
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="xinfang-chromium-")
    try:
        with sync_playwright() as p:
            context = p.chromium.launch_persistent_context(
                profile,
                executable_path=CHROMIUM,
                headless=True,
                args=ARGS,
                locale="zh-CN",
                base_url=base_url,
                **({"viewport": viewport} if viewport else {}),
            )
            page = context.new_page()
            page.set_default_timeout(15000)
            try:
                yield page
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
