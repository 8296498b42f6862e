"""The console at the call's size in headless Chromium with the CPU slowed 4x.

Usage: console_bench.py SIGN_IN_LINK CASES
Loads the console five times; each time measures (in the page's own clock) the time from
navigation to the overview's charts, and from a click on Rankings to all CASES rows.
Prints {"overview": [ms...], "ranking": [ms...]}. Fails on any console error. With
CASEBOOK_SCREENSHOTS set, keeps a screenshot of each there (README's pictures).
"""

import json
import os
import sys

from chromium import ARGS, CHROMIUM, check
from playwright.sync_api import sync_playwright

link, cases = sys.argv[1], int(sys.argv[2])
problems, seen = [], {"overview": [], "ranking": []}

with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US")
    page = context.new_page()
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    for _ in range(5):
        page.goto("about:blank")
        page.goto(link)
        page.wait_for_function("() => document.querySelectorAll('.chart svg').length === 4",
                               polling="raf")
        seen["overview"].append(page.evaluate("performance.now()"))
        shots = os.environ.get("CASEBOOK_SCREENSHOTS")
        if shots:
            page.screenshot(path=os.path.join(shots, "console-overview-600.png"))
        page.evaluate("window.__clicked = performance.now()")
        page.click("button[data-view=rankings]")
        page.wait_for_function(f"() => document.querySelectorAll('tbody tr').length === {cases}",
                               polling="raf")
        seen["ranking"].append(page.evaluate("performance.now() - window.__clicked"))
        if shots:
            page.screenshot(path=os.path.join(shots, "console-rankings-600.png"))
    browser.close()

check(not problems, f"console errors: {problems}")
print(json.dumps(seen))
