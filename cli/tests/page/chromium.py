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
    if widths[0] > widths[1]:
        # Name the element that sticks out, deepest first, so the failure says what to fix.
        wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .slice(-3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')
                + ' ' + Math.round(e.getBoundingClientRect().right) + 'px')""")
        check(False, f"{where}: the page scrolls sideways ({widths[0]} > {widths[1]}): {wide}")


AXE = os.environ.get("CASEBOOK_AXE", os.path.join(
    os.path.dirname(__file__), "..", "..", "..", ".tools", "node_modules", "axe-core", "axe.min.js"))


def accessible(page, where, preload=True):
    """Runs axe-core in the page (evaluated through the browser's protocol, so the page's
    own CSP stays whole) and fails on any serious or critical violation. A page opened from
    a folder (file://) is checked with preload=False: axe cannot fetch its stylesheet again
    there, and says so as a console error."""
    check(os.path.exists(AXE), f"axe-core is not at {AXE}: run scripts/test, which installs it")
    if not page.evaluate("typeof axe !== 'undefined'"):
        with open(AXE, encoding="utf-8") as f:
            page.evaluate(f.read())
    found = page.evaluate("""preload => axe.run(document, {resultTypes: ['violations'], preload})
        .then(r => r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')))""",
        preload)
    check(not found, f"{where}: accessibility violations: {found}")
