"""What the page scripts share: the browser they launch and the checks they make."""

import os

CHROMIUM = os.environ.get("CASEBOOK_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def check(ok, what):
    """Fails the script with `what` unless `ok`."""
    if not ok:
        raise AssertionError(what)


def no_horizontal_scroll(page, where):
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    check(widths[0] <= widths[1], f"{where}: the page scrolls sideways ({widths[0]} > {widths[1]})")
