"""Screenshots of the main pages at phone (390 px) and laptop (1366 px) width, as each demo account sees them.

    .venv/bin/python scripts/screenshots.py [--url http://127.0.0.1:8000] [--out var/screenshots]

Needs a running server with the demo data (`make run`) and Debian's Chromium. Writes one PNG per account, page
and width into the output folder (not committed) and prints every page that is wider than its window (a page
must never scroll sideways). Exits non-zero when one does.
"""

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.testing.browser import chromium_page  # noqa: E402

WIDTHS = {"phone": (390, 844), "laptop": (1366, 768)}
PAGES = [
    ("home", "/"),
    ("list", "/petitions/"),
    ("register", "/petitions/register/"),
    ("worklist-screening", "/handling/worklists/screening/"),
    ("worklist-mine", "/handling/worklists/mine/"),
    ("worklist-overdue", "/handling/worklists/overdue/"),
    ("notifications", "/notifications/"),
    ("alerts", "/alerts/"),
    ("dashboard", "/analytics/"),
    ("ledger-import", "/ledger/import/"),
    ("calculator", "/deadlines/calculator/"),
]


def overflow(page) -> int:
    """How many pixels the page is wider than its window (0 when it does not scroll sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def login(page, username: str, password: str) -> None:
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default=str(ROOT / "var" / "screenshots"))
    parser.add_argument("--accounts", nargs="*", help="usernames (default: every demo account)")
    args = parser.parse_args()

    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings")
    django.setup()
    from demo.structure import demo_accounts

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    accounts = [a for a in demo_accounts() if not args.accounts or a["username"] in args.accounts]
    too_wide = []
    for account in accounts:
        for width_name, (width, height) in WIDTHS.items():
            with chromium_page(args.url, viewport={"width": width, "height": height}) as page:
                login(page, account["username"], account["password"])
                pages = list(PAGES)
                first = page.evaluate(
                    "(() => { const a = document.querySelector('table.list tbody a[href^=\"/petitions/\"]');"
                    " return a ? a.getAttribute('href') : null; })()"
                )
                if first:
                    pages.append(("detail", first))
                for name, path in pages:
                    response = page.goto(path)
                    if response is None or response.status >= 400:
                        continue  # a page this role does not use
                    extra = overflow(page)
                    slug = re.sub(r"[^a-z0-9-]", "-", f"{account['username']}-{name}-{width_name}")
                    page.screenshot(path=str(out / f"{slug}.png"), full_page=True)
                    if extra > 0:
                        too_wide.append(f"{account['username']} {path} at {width}px: {extra}px too wide")
    for line in too_wide:
        print(line)
    print(f"{len(accounts)} accounts, screenshots in {out}; pages wider than the window: {len(too_wide)}")
    return 1 if too_wide else 0


if __name__ == "__main__":
    sys.exit(main())
