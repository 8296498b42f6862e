"""The published Collection in headless Chromium, opened from the folder (file://).

Usage: publish_page.py SITE_DIR OUTSTANDING_NAME COLLECTED_NAME NOT_SELECTED_NAME
Checks the index (areas, the Outstanding badge, search by name and by country in
English and Chinese), a case page (headings of the four sections, the image shown) and
that the not-selected case appears nowhere; then the Arabic copy, reached by its link
(right to left, searched in Arabic, a case's page and its images), and from there the
same case in French. Prints one JSON line of what it saw; any failed check or console
error exits non-zero with the reason.
"""

import json
import os
import pathlib
import sys

from chromium import ARGS, CHROMIUM, accessible, check, no_horizontal_scroll
from playwright.sync_api import sync_playwright

site, outstanding, collected, not_selected = sys.argv[1:5]
problems = []


with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    page = browser.new_page(viewport={"width": 375, "height": 667})
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    index = pathlib.Path(site, "index.html").resolve().as_uri()
    page.goto(index)
    areas = page.locator("section.area h2").all_inner_texts()
    # On a phone the first cases are on the first screen, under a title that leaves room.
    second_case = page.locator("li.case").nth(1).bounding_box()
    first_screen = second_case["y"] + second_case["height"] <= 667
    page.screenshot(path=os.path.join(os.environ.get("CASEBOOK_SCREENSHOTS", "/tmp"), "collection-index.png"))
    items = page.locator("li.case a").all_inner_texts()
    check(outstanding in items and collected in items, f"both collected cases listed: {items}")
    check(not_selected not in page.content(), "the not-selected case is not on the index")
    badge = page.locator("li.case.outstanding a").all_inner_texts()
    check(badge == [outstanding], f"only the Outstanding Case is marked: {badge}")

    def visible():
        return [a for a, shown in zip(page.locator("li.case a").all_inner_texts(),
                                       [li.is_visible() for li in page.locator("li.case").all()]) if shown]

    page.fill("#search", collected.split()[0].lower())
    by_name = visible()
    page.fill("#search", "brazil")
    by_country = visible()
    page.fill("#search", "巴西")
    by_country_zh = visible()
    page.fill("#search", "atlantis")
    none = visible()
    count = page.locator("#count").inner_text()
    page.fill("#search", "")
    check(visible() == items, "clearing the search shows every case again")

    page.click(f"text={outstanding}")
    page.wait_for_load_state()
    headings = page.locator("article section h2").all_inner_texts()
    # Each image, loaded (they are lazy: scrolled to, as a reader would) and decoded.
    image_ok = page.evaluate(
        """() => Promise.all(Array.from(document.images).map(i => {
            i.scrollIntoView();
            return i.decode().then(() => i.naturalWidth > 0, () => false);
        }))""")
    no_scroll = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # The details (lead, partners, countries, ...) use the width: no indented column.
    details_left = min(box["x"] for box in
                       (dd.bounding_box() for dd in page.locator("article dl dd").all()))
    details_use_width = details_left <= 24
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=os.path.join(os.environ.get("CASEBOOK_SCREENSHOTS", "/tmp"), "collection-case.png"))
    accessible(page, "an English case", preload=False)
    page.click("text=All cases")
    check(page.url.endswith("index.html"), "back to the index")
    accessible(page, "the English index", preload=False)

    # The Arabic copy, by the menu of languages.
    shots = os.environ.get("CASEBOOK_SCREENSHOTS", "/tmp")
    page.click("nav.languages a[lang=ar]")
    page.wait_for_load_state()
    arabic = {"url": page.url.split(pathlib.Path(site).resolve().as_uri())[-1],
              "dir": page.evaluate("document.documentElement.dir"),
              "lang": page.evaluate("document.documentElement.lang"),
              "title": page.locator("h1").inner_text(),
              "areas": page.locator("section.area h2").all_inner_texts()}
    no_horizontal_scroll(page, "the Arabic index")
    # Right to left: the title ends at the right edge.
    box = page.locator("h1").bounding_box()
    arabic["title_on_the_right"] = box["x"] + box["width"] >= 375 - 24
    page.screenshot(path=os.path.join(shots, "collection-index-ar.png"))
    accessible(page, "the Arabic index", preload=False)
    page.fill("#search", "البرازيل")
    arabic["by_country"] = visible()
    arabic["count"] = page.locator("#count").inner_text()
    page.fill("#search", "")
    page.click(f"text={outstanding}")
    page.wait_for_load_state()
    arabic["case_url"] = page.url.split(pathlib.Path(site).resolve().as_uri())[-1]
    arabic["headings"] = page.locator("article section h2").all_inner_texts()
    arabic["details"] = page.locator("article dl dt").all_inner_texts()
    arabic["images"] = page.evaluate(
        """() => Promise.all(Array.from(document.images).map(i => {
            i.scrollIntoView();
            return i.decode().then(() => i.naturalWidth > 0, () => false);
        }))""")
    page.evaluate("window.scrollTo(0, 0)")
    no_horizontal_scroll(page, "an Arabic case")
    page.screenshot(path=os.path.join(shots, "collection-case-ar.png"))
    accessible(page, "an Arabic case", preload=False)
    # On a laptop too: the case in one readable column, nothing past the window's edge.
    page.set_viewport_size({"width": 1280, "height": 800})
    no_horizontal_scroll(page, "an Arabic case on a laptop")
    page.screenshot(path=os.path.join(shots, "collection-case-ar-laptop.png"))
    page.set_viewport_size({"width": 375, "height": 667})
    page.click("nav.languages a[lang=fr]")
    page.wait_for_load_state()
    french = {"url": page.url.split(pathlib.Path(site).resolve().as_uri())[-1],
              "back": page.locator("article").evaluate("a => a.previousElementSibling.innerText"),
              "details": page.locator("article dl dt").all_inner_texts()}
    browser.close()

check(not problems, f"console errors: {problems}")
print(json.dumps({
    "areas": areas, "items": items, "by_name": by_name, "by_country": by_country,
    "by_country_zh": by_country_zh, "none": none, "count": count, "headings": headings,
    "images": image_ok, "no_sideways_scroll": no_scroll,
    "first_case_on_first_screen": first_screen, "details_use_width": details_use_width,
    "arabic": arabic, "french": french,
}, ensure_ascii=False))
