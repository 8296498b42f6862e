"""The review page in headless Chromium on a 375x667 phone, as a reviewer uses it.

Usage: review_page.py SIGN_IN_LINK SCREENSHOT_DIR
Opens the e-mailed link, checks the list, scores and submits the first case, keeps a
draft of the second while offline and restores it on reload, and declines the third.
Any failed check, console error or CSP violation exits non-zero with the reason.
"""

import json
import os
import sys

from chromium import ARGS, CHROMIUM, check, no_horizontal_scroll
from playwright.sync_api import expect, sync_playwright

link, shots = sys.argv[1], sys.argv[2]
COMMENT = "Strong partners in three countries.\n\nThe benefits are measured, not promised."
problems = []


with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    context = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True,
                                  has_touch=True, locale="en-US")
    def open_page():
        page = context.new_page()
        # Requests failing while the test holds the network down are expected; nothing else.
        page.on("console", lambda m: problems.append(m.text) if m.type == "error"
                and "ERR_INTERNET_DISCONNECTED" not in m.text else None)
        page.on("response", lambda r: problems.append(f"{r.status} {r.url}")
                if r.status >= 400 else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        return page

    page = open_page()
    page.goto(link)
    page.wait_for_selector("#cases .card")
    check("token" not in page.url, f"the token stays in the address bar: {page.url}")
    cards = page.locator("#cases .card")
    check(cards.count() == 3, f"3 cases listed, not {cards.count()}")
    check(page.inner_text("#progress").endswith("0 of 3 submitted"), page.inner_text("#progress"))
    no_horizontal_scroll(page, "list")
    check("null" not in page.inner_text("main"), "no stray null on the list")
    page.screenshot(path=os.path.join(shots, "list.png"))

    # The first case: read, score with the large buttons, comment, submit and go on.
    cards.nth(0).click()
    page.wait_for_selector("#case-title")
    first = page.inner_text("#case-title")
    no_horizontal_scroll(page, "case")
    check(page.locator(".scale").count() == 3, "three criteria")
    box = page.locator(".scale button").first.bounding_box()
    check(box["height"] >= 44, f"score buttons are large enough to tap: {box}")
    for criterion, score in [("conceptual_fit", 8), ("international_cooperation", 7),
                             ("benefits_to_mankind", 9)]:
        page.tap(f'.scale[data-criterion="{criterion}"] button[data-score="{score}"]')
    page.fill("#comment", COMMENT)
    page.screenshot(path=os.path.join(shots, "case.png"), full_page=True)
    page.tap("#submit")
    # (Waits use locators: a predicate in the page would be eval, which its CSP forbids.)
    expect(page.locator("#case-title")).not_to_have_text(first)
    second = page.inner_text("#case-title")

    # The second: a score given while the network is down stays on the phone, and comes
    # back (and is saved) when the page is opened again online.
    page.tap('.scale[data-criterion="conceptual_fit"] button[data-score="4"]')
    context.set_offline(True)
    page.tap("#save")
    expect(page.locator("#status")).to_contain_text("No connection")
    # The phone closes the page before the network comes back, then opens it again.
    page.close()
    context.set_offline(False)
    page = open_page()
    page.goto(link.split("#")[0])
    page.wait_for_selector("#cases .card")
    page.locator("#cases .card", has_text=second).click()
    expect(page.locator("#status")).to_contain_text("restored")
    pressed = page.get_attribute('.scale[data-criterion="conceptual_fit"] button[data-score="4"]',
                                 "aria-pressed")
    check(pressed == "true", "the offline score was restored")
    check("Saved" in page.inner_text("#status"), page.inner_text("#status"))

    # The third: declined with a reason.
    page.tap("#back")
    page.wait_for_selector("#cases .card")
    third = page.locator("#cases .card", has_text="to do").first
    third.click()
    page.wait_for_selector("#case-title")
    page.tap("#conflict")
    page.fill("#reason", "I advised the lead organization last year.")
    page.tap("#confirm-conflict")
    page.wait_for_selector("#cases .badge.conflict")
    check(page.inner_text("#progress").endswith("1 of 2 submitted"), page.inner_text("#progress"))

    # In Chinese too, chosen in the header's menu (the page comes back in it).
    page.select_option("#lang", "zh")
    expect(page.locator("#progress")).to_contain_text("已提交")
    no_horizontal_scroll(page, "list in Chinese")
    page.screenshot(path=os.path.join(shots, "list-zh.png"))

    # And in Arabic: right to left, with the references and figures still readable.
    page.select_option("#lang", "ar")
    expect(page.locator("#progress")).to_contain_text("أُرسل")
    check(page.evaluate("document.documentElement.dir") == "rtl", "the Arabic page is right to left")
    check(page.evaluate("document.documentElement.lang") == "ar", "the page says it is Arabic")
    check(page.inner_text("#title") == "تقييم الحالات", page.inner_text("#title"))
    no_horizontal_scroll(page, "list in Arabic")
    header = page.locator("header h1").bounding_box()
    check(header["x"] > 375 / 2 - 10, f"the title sits on the right in Arabic: {header}")
    page.screenshot(path=os.path.join(shots, "list-ar.png"), full_page=True)
    page.locator("#cases .card").first.click()
    page.wait_for_selector("#case-title")
    no_horizontal_scroll(page, "case in Arabic")
    check("المنظمة الرائدة" in page.inner_text("main"), "the case's labels are Arabic")
    page.screenshot(path=os.path.join(shots, "case-ar.png"), full_page=True)
    page.select_option("#lang", "en")
    expect(page.locator("#title")).to_have_text("Case review")
    browser.close()

check(not problems, f"console errors: {problems}")
print(json.dumps({"submitted": first, "draft": second}, ensure_ascii=False))
