"""The review page on a phone two reviewers share, in headless Chromium at 375x667.

Usage: review_shared_phone.py LINK_A LINK_B CASE SCREENSHOT_DIR
Reviewer A keeps a draft of CASE on the phone while offline. B's link opened on the same
phone asks before it replaces A's sign-in; keeping A changes nothing. Once B signs in, B
sees none of A's draft. B signs out: B's sign-in and drafts are gone, A's draft stays.
Prints what it saw as JSON; a failed check exits non-zero with the reason.
"""

import json
import os
import sys

from chromium import ARGS, CHROMIUM, check
from playwright.sync_api import expect, sync_playwright

link_a, link_b, case, shots = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
problems = []


with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    context = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True,
                                  has_touch=True, locale="en-US")

    def open_page(url):
        page = context.new_page()
        page.on("console", lambda m: problems.append(m.text) if m.type == "error"
                and "ERR_INTERNET_DISCONNECTED" not in m.text else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(url)
        return page

    def storage(page):
        return page.evaluate("() => Object.keys(localStorage)")

    # A: a draft kept on the phone while offline.
    page = open_page(link_a)
    page.wait_for_selector("#cases .card")
    a_cases = page.locator("#cases .card").count()
    page.locator("#cases .card", has_text=case).click()
    page.wait_for_selector("#case-title")
    context.set_offline(True)
    page.tap('.scale[data-criterion="conceptual_fit"] button[data-score="3"]')
    page.tap("#save")
    expect(page.locator("#status")).to_contain_text("No connection")
    drafts_of_a = [k for k in storage(page) if k.startswith("casebook.draft.")]
    check(len(drafts_of_a) == 1, f"A's draft on the phone: {drafts_of_a}")
    page.close()
    context.set_offline(False)

    # B's link: asked first; keeping A changes nothing.
    page = open_page(link_b)
    page.wait_for_selector("#use-new-link")
    question = page.inner_text("#switch-text")
    check("token" not in page.url, f"the token stays in the address bar: {page.url}")
    page.screenshot(path=os.path.join(shots, "switch.png"))
    page.tap("#keep-sign-in")
    page.wait_for_selector("#cases .card")
    check(page.locator("#cases .card").count() == a_cases, "still A's list")
    page.close()

    # B's link again, and this time B signs in: none of A's draft shows.
    page = open_page(link_b)
    page.tap("#use-new-link")
    page.wait_for_selector("#cases .card")
    b_cases = page.locator("#cases .card").count()
    page.locator("#cases .card", has_text=case).click()
    page.wait_for_selector("#case-title")
    expect(page.locator("#status")).not_to_contain_text("restored")
    pressed = page.get_attribute('.scale[data-criterion="conceptual_fit"] button[data-score="3"]',
                                 "aria-pressed")
    check(pressed == "false", "A's offline score is not B's")
    page.screenshot(path=os.path.join(shots, "signed-in-b.png"))

    # B signs out: the token and B's drafts leave the phone; A's draft stays for A.
    page.tap('.scale[data-criterion="conceptual_fit"] button[data-score="6"]')
    context.set_offline(True)
    page.tap("#save")
    expect(page.locator("#status")).to_contain_text("No connection")
    context.set_offline(False)
    page.tap("#sign-out")
    page.wait_for_selector("#signed-out")
    left = storage(page)
    check("casebook.token" not in left, f"signed out: {left}")
    drafts_left = [k for k in left if k.startswith("casebook.draft.")]
    check(drafts_left == drafts_of_a, f"only A's draft stays: {drafts_left} vs {drafts_of_a}")
    page.screenshot(path=os.path.join(shots, "signed-out.png"))
    browser.close()

check(not problems, f"console errors: {problems}")
print(json.dumps({"question": question, "a_cases": a_cases, "b_cases": b_cases}, ensure_ascii=False))
