"""The organizers' console in headless Chromium, at 1280x800 and at 375x667.

Usage: console_page.py SIGN_IN_LINK FORGED_LINK SCREENSHOT_DIR
Opens the e-mailed link (the token leaves the address bar), reads the overview with its
charts, the reviewers and the rounds, switches to Chinese, signs out; a forged link
says the sign-in no longer works. Any failed check, console error, CSP violation or
failed request exits non-zero with the reason. Prints one JSON line of what it saw.
"""

import csv
import json
import os
import sys
import urllib.request
import zipfile

import openpyxl

from chromium import ARGS, CHROMIUM, accessible, check, no_horizontal_scroll
from playwright.sync_api import sync_playwright

link, forged, shots = sys.argv[1], sys.argv[2], sys.argv[3]
# A reviewer's token and one of their cases: a review arrives over the API while the
# organizer watches the round.
reviewer_token, reviewer_case = sys.argv[4], sys.argv[5]


def review_arrives():
    """Ana submits a review through the reviewer API, as her phone would."""
    base = link.split("/console")[0]
    body = json.dumps({"round": 1, "status": "submitted", "comment": "Clear and well made.",
                       "scores": {"conceptual_fit": 8, "international_cooperation": 7,
                                  "benefits_to_mankind": 9}}).encode()
    request = urllib.request.Request(f"{base}/reviewer/applications/{reviewer_case}/review", data=body,
                                     method="PUT", headers={"Authorization": f"Bearer {reviewer_token}",
                                                            "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as answer:
        check(answer.status == 200, f"the review was saved: {answer.status}")
problems = []
seen = {}


def small_targets(page):
    """The buttons on screen less than 44 px high or wide."""
    return page.evaluate("""[...document.querySelectorAll('button')]
        .filter(b => b.offsetParent !== null)
        .map(b => b.getBoundingClientRect())
        .filter(r => r.width < 44 || r.height < 44).length""")


def said(page, cls, text):
    """Waits for the view to say `text` in a message of class `cls`; returns it."""
    message = page.locator(f"main p.{cls}", has_text=text).first
    try:
        message.wait_for(timeout=10000)
    except Exception:
        shown = page.locator("main p").all_inner_texts()
        check(False, f"the console does not say {text!r} in a {cls} message: {shown}")
    return message.inner_text()


def act_on_the_call(page):
    """What an organizer changes from the console: the questions' inbox; two reviewers
    added (a blank name refused first), one revoked and reinstated; round 1 assigned three
    per case, its late reviewers nudged, closed and reopened with a reason."""
    page.on("dialog", lambda d: d.accept("More reviews came in") if d.type == "prompt" else d.accept())
    # The questions' inbox: a question asked in a terminal chat cannot be answered there;
    # the console says so, and the organizer marks it answered.
    page.click("button[data-view=questions]")
    page.wait_for_selector("section.question blockquote")
    seen["question"] = page.locator("section.question blockquote").first.inner_text()
    seen["question_note"] = page.locator("section.question p.note").nth(1).inner_text()
    check(page.locator("section.question textarea").count() == 0, "no reply box for a terminal chat")
    no_horizontal_scroll(page, "laptop questions")
    accessible(page, "laptop questions")
    page.screenshot(path=os.path.join(shots, "console-questions-laptop.png"), full_page=True)
    page.click("section.question button:has-text('Mark answered')")
    said(page, "ok", "Marked answered")
    seen["answered"] = page.locator("ul.answered li").first.inner_text()
    accessible(page, "laptop questions answered")
    page.click("button[data-view=reviewers]")
    page.wait_for_selector("form.reviewer")
    page.fill("input[name=email]", "dara@example.org")
    before = len(problems)
    page.click("form.reviewer button[type=submit]")
    seen["refused"] = said(page, "error", "")
    # The refusal is the point here: its 422 is expected, nothing else is.
    expected = [m for m in problems[before:] if "422" in m]
    check(expected, "the refusal was a 422")
    del problems[before:]
    page.fill("input[name=name]", "Dara Okafor")
    page.fill("input[name=email]", "dara@example.org")
    page.fill("input[name=country]", "Nigeria")
    page.fill("input[name=organization]", "Lagos Digital Institute")
    # Dara reads French: her e-mails are in French, then English.
    page.select_option("select[name=language]", "fr")
    page.click("form.reviewer button[type=submit]")
    said(page, "ok", "e-mailed")
    row = page.locator("tbody tr", has_text="Dara Okafor")
    row.locator("button", has_text="Revoke").click()
    said(page, "ok", "no longer works")
    check("(revoked)" in page.locator("tbody tr", has_text="Dara Okafor").inner_text(), "Dara shows revoked")
    page.locator("tbody tr", has_text="Dara Okafor").locator("button", has_text="Reinstate").click()
    said(page, "ok", "new sign-in link")
    # A second reviewer; then round 1 assigned again with three reviewers per case, so
    # the new ones get cases.
    page.fill("input[name=name]", "Eun-ji Park")
    page.fill("input[name=email]", "eunji@example.org")
    page.fill("input[name=country]", "KR")
    page.fill("input[name=organization]", "Seoul Cyber Lab")
    page.click("form.reviewer button[type=submit]")
    said(page, "ok", "e-mailed")
    page.screenshot(path=os.path.join(shots, "console-reviewers-laptop.png"), full_page=True)
    page.click("button[data-view=rounds]")
    page.wait_for_selector("main h3")
    card = page.locator("section.card", has_text="Round 1")
    card.locator("input[name=per_case]").fill("3")
    card.locator("button", has_text="Assign").click()
    seen["assigned"] = said(page, "ok", "new assignments")
    # The late reviewers nudged, and nudged again the same day: nobody twice.
    page.locator("section.card", has_text="Round 1").locator("button", has_text="Nudge the late reviewers").click()
    seen["nudged"] = said(page, "ok", "Reviewers e-mailed")
    page.locator("section.card", has_text="Round 1").locator("button", has_text="Nudge the late reviewers").click()
    seen["nudged_again"] = said(page, "ok", "Reviewers e-mailed their link and what waits: 0")
    page.locator("section.card", has_text="Round 1").locator("button", has_text="Close round").click()
    said(page, "ok", "closed")
    page.locator("section.card", has_text="Round 1").locator("button", has_text="Reopen").click()
    said(page, "ok", "open again")


def decide_round_one(page):
    """Deciding an open round is refused with what to do; once it is closed, the organizer
    decides with one departure from the proposal and its reason."""
    page.click("button[data-view=decisions]")
    page.wait_for_selector("table.decide tbody tr")
    rows = page.locator("table.decide tbody tr").count()
    before = len(problems)
    page.click("button:has-text('Accept the proposal')")
    seen["refused_open"] = said(page, "error", "still open")
    check([m for m in problems[before:] if "409" in m], "deciding an open round was a 409")
    del problems[before:]
    page.click("button[data-view=rounds]")
    page.wait_for_selector("main h3")
    page.locator("section.card", has_text="Round 1").locator("button", has_text="Close round").click()
    said(page, "ok", "closed")
    page.click("button[data-view=decisions]")
    page.wait_for_selector("table.decide tbody tr")
    # The first case the ranking does not propose: collected all the same, with a reason.
    all_rows = page.locator("table.decide tbody tr")
    first = next(all_rows.nth(i) for i in range(all_rows.count())
                 if all_rows.nth(i).locator("select").input_value() == "not_selected")
    seen["overridden"] = first.locator("td").first.inner_text()
    first.locator("select").select_option("collected")
    first.locator("input").fill("A strong case the reviewers could not finish")
    page.click("button:has-text('Save these decisions')")
    said(page, "ok", f"Decisions recorded: {rows}")
    log = page.locator("main section.card").nth(1).inner_text()
    check("decided" in log and "A strong case" in log, f"the audit log shows the decisions: {log[:300]}")
    no_horizontal_scroll(page, "laptop decisions")
    accessible(page, "laptop decisions")
    page.screenshot(path=os.path.join(shots, "console-decisions-laptop.png"), full_page=True)
    # The announcement: previewed per outcome, sent, and sent again (nothing twice).
    page.click("button[data-view=announce]")
    page.wait_for_selector("pre.mail")
    seen["preview"] = page.locator("main section.card h3").all_inner_texts()
    seen["preview_subject"] = page.locator("main section.card p b").first.inner_text()
    accessible(page, "laptop announce")
    page.screenshot(path=os.path.join(shots, "console-announce-laptop.png"), full_page=True)
    page.click("button:has-text('Tell every decided applicant')")
    seen["sent"] = said(page, "ok", "E-mails sent")
    page.click("button:has-text('Tell every decided applicant')")
    seen["sent_again"] = said(page, "ok", "E-mails sent: 0")
    # The export, downloaded with the token and read back with a CSV parser.
    page.click("button[data-view=exports]")
    with page.expect_download() as got:
        page.click("button:has-text('Download the CSV')")
    path = got.value.path()
    with open(path, encoding="utf-8-sig", newline="") as f:
        table = list(csv.DictReader(f))
    seen["export"] = [{"reference": r["reference"], "outcome": r["outcome"],
                       "reason": r["round1_reason"]} for r in table]
    said(page, "ok", "casebook-export.csv")
    # The same export as a workbook, read back with a spreadsheet library.
    with page.expect_download() as got:
        page.click("button:has-text('Download the XLSX')")
    # (A file object: openpyxl judges a path by its extension, and the download has none.)
    with open(got.value.path(), "rb") as f:
        rows = list(openpyxl.load_workbook(f, read_only=True)["Applications"].iter_rows(values_only=True))
    header = list(rows[0])
    seen["xlsx"] = [{"reference": r[header.index("reference")], "outcome": r[header.index("outcome")],
                     "reason": r[header.index("round1_reason")] or ""} for r in rows[1:]]
    said(page, "ok", "casebook-export.xlsx")
    # The Collection: published, offered by a link, downloaded at once as a zip.
    with page.expect_download() as got:
        page.click("button:has-text('Publish the Collection')")
    seen["collection_note"] = said(page, "ok", "The Collection")
    with zipfile.ZipFile(got.value.path()) as z:
        seen["collection"] = sorted(n for n in z.namelist() if n.endswith(".html"))
        index = z.read("collection-2024/index.html").decode()
        check("<script" not in index or "A strong case" not in index, "no decision reason in the site")
    accessible(page, "laptop export")
    page.screenshot(path=os.path.join(shots, "console-export-laptop.png"), full_page=True)


with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    for name, viewport in [("laptop", {"width": 1280, "height": 800}),
                           ("phone", {"width": 375, "height": 667})]:
        context = browser.new_context(viewport=viewport, locale="en-US")
        page = context.new_page()
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
        page.on("response", lambda r: problems.append(f"{r.status} {r.url}")
                if r.status >= 400 else None)
        page.goto(link)
        page.wait_for_selector(".figures")
        check("token" not in page.url, f"{name}: the token stays in the address bar: {page.url}")
        figures = page.locator(".figure b").all_inner_texts()
        charts = page.locator(".chart svg").count()
        check(charts == 4, f"{name}: four charts on the overview, not {charts}")
        per_day = page.locator(".chart svg").first.get_attribute("aria-label")
        labels = page.locator(".chart svg").nth(1).get_attribute("aria-label")
        area_chart = page.locator(".chart svg").nth(2).get_attribute("aria-label")
        no_horizontal_scroll(page, f"{name} overview")
        check(small_targets(page) == 0, f"{name}: a button under 44 px")
        accessible(page, f"{name} overview")
        page.screenshot(path=os.path.join(shots, f"console-overview-{name}.png"), full_page=True)
        heading = page.locator("main h2").inner_text()
        # Another year: one there is no call of says so; the data's own reads as before.
        page.fill("#year", "2023")
        page.locator("#year").dispatch_event("change")
        page.wait_for_selector("main p.error")
        other_year = page.locator("main p.error").inner_text()
        problems[:] = [p for p in problems if "year=2023" not in p and "404" not in p]
        page.fill("#year", "2024")
        page.locator("#year").dispatch_event("change")
        page.wait_for_selector(".figures")
        year_heading = page.locator("main h2").inner_text()
        page.fill("#year", "")
        page.locator("#year").dispatch_event("change")
        page.wait_for_selector(".figures")
        no_horizontal_scroll(page, f"{name} overview with the year")

        page.click("button[data-view=reviewers]")
        page.wait_for_selector("table tbody tr")
        reviewers = page.locator("tbody tr td:first-child").all_inner_texts()
        headers = page.locator("thead th").all_inner_texts() if name == "laptop" else []
        check(name == "phone" or headers[:5] == ["Name", "Country", "Organization", "Assigned", "Submitted"],
              f"the registry's columns: {headers}")
        no_horizontal_scroll(page, f"{name} reviewers")
        accessible(page, f"{name} reviewers")

        page.click("button[data-view=rounds]")
        page.wait_for_selector("main h3")
        if name == "laptop":
            # A review arrives over the API; showing the round again shows it counted.
            before = page.locator("main section.card > p").first.inner_text()
            review_arrives()
            page.click("button[data-view=rounds]")
            page.wait_for_function("(before) => { const p = document.querySelector('main section.card > p');"
                                   " return p && p.innerText !== before; }", arg=before)
            seen["progress"] = [before, page.locator("main section.card > p").first.inner_text()]
        rounds = page.locator("main section.card > p").all_inner_texts()
        # Why a reviewer cannot take a case, opened from the round for one reviewer.
        page.locator("details.conflicts summary").first.click()
        page.locator("details.conflicts select").first.select_option(label="Ana Souza")
        page.wait_for_selector("ul.conflicts-list li")
        conflicts = page.locator("ul.conflicts-list").first.locator("li").all_inner_texts()
        no_horizontal_scroll(page, f"{name} rounds")
        accessible(page, f"{name} rounds")
        page.screenshot(path=os.path.join(shots, f"console-rounds-{name}.png"), full_page=True)

        if name == "laptop":
            act_on_the_call(page)

        page.click("button[data-view=rankings]")
        page.wait_for_selector("main h2:has-text('Rankings')")
        page.wait_for_selector("select[name=sort]")
        ranked = page.locator("tbody tr").count()
        page.select_option("select[name=sort]", "reference")
        page.wait_for_function("""() => {
            const s = document.querySelector('select[name=sort]');
            return s && s.value === 'reference';
        }""")
        refs = page.locator("tbody tr td:nth-child(2)").all_inner_texts()
        check(refs == sorted(refs), f"{name}: sorted by reference: {refs}")
        ranking_note = page.locator("main section.card > p").first.inner_text()
        criteria_heads = page.locator("thead th").all_inner_texts() if name == "laptop" else []
        # Filtered by an area, then all again.
        area = page.locator("select[name=area] option").nth(1).get_attribute("value")
        page.select_option("select[name=area]", area)
        page.wait_for_function("() => { const s = document.querySelector('select[name=area]'); return s && s.value !== ''; }")
        area_rows = page.locator("tbody tr").count()
        page.select_option("select[name=area]", "")
        page.wait_for_function("() => { const s = document.querySelector('select[name=area]'); return s && s.value === ''; }")
        # A case opens its reviews.
        page.locator("tbody tr button.link").first.click()
        page.wait_for_selector("#case-reviews li")
        opened = page.locator("#case-reviews h3").inner_text()
        opened_reviewers = page.locator("#case-reviews li b").all_inner_texts()
        accessible(page, f"{name} case reviews")
        no_horizontal_scroll(page, f"{name} rankings")
        accessible(page, f"{name} rankings")
        check(small_targets(page) == 0, f"{name}: a button under 44 px on the rankings")
        page.screenshot(path=os.path.join(shots, f"console-rankings-{name}.png"), full_page=True)
        if name == "laptop":
            decide_round_one(page)
        else:
            page.click("button[data-view=decisions]")
            page.wait_for_selector("table.decide tbody tr")
            no_horizontal_scroll(page, "phone decisions")
            accessible(page, "phone decisions")
            page.screenshot(path=os.path.join(shots, "console-decisions-phone.png"), full_page=True)
            page.click("button[data-view=announce]")
            page.wait_for_selector("pre.mail")
            no_horizontal_scroll(page, "phone announce")
            accessible(page, "phone announce")
            page.screenshot(path=os.path.join(shots, "console-announce-phone.png"), full_page=True)
            page.click("button[data-view=exports]")
            page.wait_for_selector("button:has-text('Download the CSV')")
            no_horizontal_scroll(page, "phone export")
            accessible(page, "phone export")
            page.screenshot(path=os.path.join(shots, "console-export-phone.png"), full_page=True)
            page.click("button[data-view=questions]")
            page.wait_for_selector("ul.answered li")
            no_horizontal_scroll(page, "phone questions")
            accessible(page, "phone questions")
            page.screenshot(path=os.path.join(shots, "console-questions-phone.png"), full_page=True)
        page.click("button[data-view=rankings]")
        page.wait_for_selector("select[name=sort]")

        page.select_option("#lang", "zh")
        page.wait_for_selector("h2:has-text('排名')")
        title_zh = page.locator("#title").inner_text()
        accessible(page, f"{name} rankings in Chinese")
        check(page.evaluate("document.documentElement.lang") == "zh", "the page says it is Chinese")
        # In Russian, whose words run longest, it still fits: on a laptop, no sideways scroll.
        page.select_option("#lang", "ru")
        page.wait_for_selector("h2:has-text('Рейтинги')")
        check(page.locator("#tabs button[data-view=reviewers]").inner_text() == "Эксперты", "the views are named in Russian")
        no_horizontal_scroll(page, f"{name} rankings in Russian")
        accessible(page, f"{name} rankings in Russian")
        page.screenshot(path=os.path.join(shots, f"console-russian-{name}.png"), full_page=True)
        page.click("button[data-view=overview]")
        page.wait_for_selector(".figure")
        no_horizontal_scroll(page, f"{name} overview in Russian")
        page.screenshot(path=os.path.join(shots, f"console-overview-russian-{name}.png"))
        # The audit log says what was done in Russian too.
        page.click("button[data-view=decisions]")
        page.wait_for_selector("main section.card >> nth=1")
        log_ru = page.locator("main section.card").nth(1).inner_text()
        page.screenshot(path=os.path.join(shots, f"console-decisions-russian-{name}.png"), full_page=True)
        check("решение" in log_ru and "decided" not in log_ru, f"{name}: the audit log in Russian: {log_ru[:300]}")
        page.click("button[data-view=rankings]")
        page.wait_for_selector("select[name=sort]")
        page.select_option("#lang", "zh")
        page.wait_for_selector("h2:has-text('排名')")

        page.click("#signout")
        check(page.locator("#tabs").is_hidden(), f"{name}: signed out, the views are gone")
        page.reload()
        page.wait_for_selector("main p")
        after = page.locator("main p").inner_text()
        check("登录链接" in after, f"{name}: after signing out and reloading, a sign-in note: {after}")
        seen[name] = {"figures": figures, "chart": labels, "per_day": per_day, "reviewers": reviewers,
                      "rounds": rounds, "area_chart": area_chart, "conflicts": conflicts, "criteria_heads": criteria_heads,
                      "area": area, "area_rows": area_rows, "opened": opened, "opened_reviewers": opened_reviewers, "title_zh": title_zh, "ranked": ranked,
                      "ranking_note": ranking_note, "references": refs, "heading": heading,
                      "other_year": other_year, "year_heading": year_heading}
        context.close()

    # A forged or revoked sign-in says so, and how to get a new link; its 401 is expected.
    context = browser.new_context(viewport={"width": 375, "height": 667}, locale="en-US")
    page = context.new_page()
    page.on("console", lambda m: problems.append(m.text)
            if m.type == "error" and "401" not in m.text else None)
    page.goto(forged)
    page.wait_for_selector("main p.error")
    seen["forged"] = page.locator("main p.error").inner_text()
    accessible(page, "a forged sign-in")
    check("no longer works" in seen["forged"], f"a forged link is told: {seen['forged']}")
    check(page.locator("#tabs").is_hidden(), "a forged link sees no views")
    browser.close()

check(not problems, f"console errors, CSP violations or failed requests: {problems}")
print(json.dumps(seen, ensure_ascii=False))
