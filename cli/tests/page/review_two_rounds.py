"""Both review rounds on a 375x667 phone, as a reviewer lives them.

Usage: review_two_rounds.py SIGN_IN_LINK CASE_NAME SCREENSHOT_DIR
The reviewer has CASE_NAME in round 1 (closed, reviewed) and in round 2 (open). The list
groups the rounds, the round 1 entry opens its read-only review, the round 2 entry its
own; a submission missing a score is refused next to the criterion, by its label; the
next case says the last one was submitted. Prints what it saw as JSON; any failed check,
console error or CSP violation exits non-zero with the reason.
"""

import json
import os
import sys

from chromium import ARGS, CHROMIUM, check, no_horizontal_scroll
from playwright.sync_api import expect, sync_playwright

link, name, shots = sys.argv[1], sys.argv[2], sys.argv[3]
problems = []


def watch(page):
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return page


seen = {}
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    phone = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True,
                                has_touch=True, locale="en-US")
    page = watch(phone.new_page())
    page.goto(link)
    page.wait_for_selector("#cases .card")

    # The rounds, the open one first, each under its heading.
    groups = page.locator(".round-group")
    check(groups.count() == 2, f"two rounds listed, not {groups.count()}")
    check(groups.nth(0).get_attribute("id") == "round-2", "round 2 (open) comes first")
    heading_one = page.inner_text("#round-1 h2.round")
    check("closed" in heading_one, f"round 1 says it closed: {heading_one}")
    seen["round_1_heading"] = heading_one
    seen["round_2_cards"] = page.locator("#round-2 .card").count()
    seen["round_1_cards"] = page.locator("#round-1 .card").count()
    check("Round 2" in page.inner_text("#progress"), page.inner_text("#progress"))
    lang = page.locator("#lang").bounding_box()
    check(lang["height"] >= 44, f"the language switch is large enough to tap: {lang}")
    no_horizontal_scroll(page, "list")
    page.screenshot(path=os.path.join(shots, "rounds-list.png"), full_page=True)

    # Round 1: the review as submitted, read-only, with the date the round closed.
    page.locator("#round-1 .card", has_text=name).click()
    page.wait_for_selector("#case-title")
    check(page.locator("#closed-note").count() == 1, "round 1 says it closed")
    check("can no longer change" in page.inner_text("#closed-note"), page.inner_text("#closed-note"))
    check(page.locator("#submit").count() == 0 and page.locator("#save").count() == 0
          and page.locator("#conflict").count() == 0, "no Save, Submit or Conflict on a closed round")
    check(page.locator(".scale button:not([disabled])").count() == 0, "scores cannot be changed")
    check(page.locator("#comment").evaluate("c => c.readOnly"), "the comment cannot be changed")
    pressed = page.get_attribute('.scale[data-criterion="conceptual_fit"] button[data-score="8"]', "aria-pressed")
    check(pressed == "true", "round 1's score is shown")
    check("Round 1" in page.inner_text("main"), "the case says its round")
    page.screenshot(path=os.path.join(shots, "round-1-closed.png"), full_page=True)

    # Round 2: its own review, open, with the countries in full and a way to the scores.
    page.tap("#back")
    page.wait_for_selector("#cases .card")
    page.locator("#round-2 .card", has_text=name).click()
    page.wait_for_selector("#submit")
    check(page.locator("#closed-note").count() == 0, "round 2 is open")
    check(page.locator('.scale button[aria-pressed="true"]').count() == 0, "round 2 starts blank")
    main = page.inner_text("main")
    check("China" in main and "Kenya" in main, "countries in full")
    page.tap("#jump")
    expect(page.locator("#scores")).to_be_in_viewport()
    for criterion, score in [("conceptual_fit", 6), ("international_cooperation", 7)]:
        page.tap(f'.scale[data-criterion="{criterion}"] button[data-score="{score}"]')
    page.fill("#comment", "Round two: the second look.")
    page.tap("#submit")
    missing = page.locator(".criterion.missing")
    expect(missing).to_have_count(1)
    label = missing.get_attribute("data-label")
    error = page.locator("#field-error")
    expect(error).to_be_visible()
    expect(error).to_be_in_viewport()
    check(label in error.inner_text() and "scores." not in error.inner_text(),
          f"the message names the criterion by its label: {error.inner_text()}")
    seen["missing_message"] = error.inner_text()
    no_horizontal_scroll(page, "case")
    page.screenshot(path=os.path.join(shots, "missing-score.png"))
    page.tap('.scale[data-criterion="benefits_to_mankind"] button[data-score="9"]')
    expect(page.locator(".criterion.missing")).to_have_count(0)
    page.tap("#submit")
    expect(page.locator("#notice")).to_contain_text("Submitted: " + name)
    seen["after_submit"] = page.inner_text("#notice")
    page.screenshot(path=os.path.join(shots, "submitted.png"))

    # On a laptop too.
    laptop = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US")
    wide = watch(laptop.new_page())
    wide.goto(link)
    wide.wait_for_selector("#cases .card")
    no_horizontal_scroll(wide, "list at 1280 px")
    wide.screenshot(path=os.path.join(shots, "rounds-list-1280.png"), full_page=True)
    browser.close()

check(not problems, f"console errors: {problems}")
print(json.dumps(seen, ensure_ascii=False))
