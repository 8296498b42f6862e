"""The applicant page in headless Chromium at 375x667.

Usage: apply_page.py BASE_URL SCREENSHOT_DIR PDF_FILE apply|conflict OUTBOX_DIR [CHAT_CODE]
`apply`: applies from scratch (a country typed as 肯尼亚, pasted two-paragraph sections,
problems going away as fields are filled, a link mailed to the contact and opened on
another phone (the address confirmed), a PDF with its progress bar, a reload that
finds the draft, submit and the reference, a code for the chat); part of it with the
keyboard alone. `conflict`: the same draft changed over the API while the page types, the
conflict shown and settled by the applicant, nothing lost; a wrong chat code and a draft
this browser can no longer open say what to do; CHAT_CODE, given in the terminal chat,
opens the chat's draft on the page. Any failed check, console error, CSP
violation or unexpected failed request exits non-zero. Prints one JSON line.
"""

import email
import email.policy
import json
import os
import re
import sys
import urllib.request

from chromium import ARGS, CHROMIUM, accessible, check, no_horizontal_scroll
from playwright.sync_api import sync_playwright

base, shots, pdf, mode, outbox = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
chat_code = sys.argv[6] if len(sys.argv) > 6 else None
SECTION = ("Origins: the villages had no network and no money to build one.\n\n"
           "Today: the partners run solar base stations that local technicians keep working.")
problems = []
expected = []   # (status, path part) pairs a step expects
seen = {}


def call_api(method, path, token, body=None, version=None):
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    if version is not None:
        headers["If-Match"] = f'"{version}"'
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def watch(page):
    def response(r):
        if r.status >= 400 and not any(r.status == s and part in r.url for s, part in expected):
            problems.append(f"{r.status} {r.url}")
    page.on("response", response)
    page.on("requestfailed", lambda r: problems.append(f"failed {r.url}"))
    # The browser logs every 4xx as a console error; those are judged by `response`.
    page.on("console", lambda m: problems.append(m.text) if m.type == "error"
            and "Failed to load resource" not in m.text else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    # A CSP violation is reported to the page: count them.
    page.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation',"
                         " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")


def problem_count(page):
    return page.locator("#problem-list li a").count()


def saved(page):
    """Waits for the page's debounced save to run and be done."""
    page.wait_for_timeout(900)
    page.wait_for_function("() => !saving && !again && document.getElementById('saved').textContent === 'Saved'")


def draft_of(page):
    return json.loads(page.evaluate("localStorage.getItem('casebook.apply')"))


def mailed_link():
    """The link in the newest mail of the outbox that carries one, read as a mail client would."""
    for name in sorted(os.listdir(outbox), reverse=True):
        with open(os.path.join(outbox, name), "rb") as f:
            message = email.message_from_binary_file(f, policy=email.policy.default)
        text = message.get_body(preferencelist=("plain",)).get_content()
        found = re.search(r"https?://\S+#continue=[A-Z0-9]+", text)
        if found:
            return found.group(0), str(message["Subject"])
    check(False, f"no mail with a link to continue in {outbox}")


def continue_on_another_phone(browser):
    """Opens the mailed link in a fresh browser: the draft is there, the address confirmed."""
    other = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True,
                                has_touch=True, locale="en-US")
    page = other.new_page()
    watch(page)
    link, subject = mailed_link()
    seen["mail_subject"] = subject
    page.goto(link)
    page.wait_for_function("() => document.getElementById('f-practice_name').value !== ''")
    check("continue=" not in page.url, f"the code leaves the address bar: {page.url}")
    seen["continued"] = {"notice": page.locator("#notice").inner_text(),
                         "practice_name": page.input_value("#f-practice_name"),
                         "verified": page.locator("#verified").inner_text()}
    csp = page.evaluate("window.__csp")
    check(not csp, f"CSP violations on the other phone: {csp}")
    # Used once: the same link again says what to do.
    expected.append((404, "/link"))
    page.goto("about:blank")
    page.goto(link)
    page.wait_for_function("() => document.getElementById('notice').textContent !== ''")
    seen["link_again"] = page.locator("#notice").inner_text()
    other.close()


def apply(page):
    page.goto(base + "/apply")
    page.wait_for_selector("#areas .area")
    seen["call"] = page.locator("#call").inner_text()
    accessible(page, "empty form")
    no_horizontal_scroll(page, "empty form")
    page.screenshot(path=os.path.join(shots, "apply-empty-phone.png"), full_page=True)
    # With the keyboard alone: Tab from the top to the practice name, and type.
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "f-practice_name":
            break
    check(page.evaluate("document.activeElement.id") == "f-practice_name",
          f"Tab reaches the practice name, not {page.evaluate('document.activeElement.id')}")
    page.keyboard.type("RuralStar: solar base stations for remote villages")
    saved(page)
    page.wait_for_selector("#problem-list li a")
    first = problem_count(page)
    seen["problems_at_start"] = first
    seen["started"] = page.locator("#notice").inner_text()
    page.keyboard.press("Tab")
    page.keyboard.type("Example Telecom")
    # A problem's link takes the applicant to its field.
    page.locator("#problem-list a", has_text="country").first.click()
    check(page.evaluate("document.activeElement.id") == "f-lead_organization.country",
          f"the problem's link focuses its field, not {page.evaluate('document.activeElement.id')}")
    # A country misspelt: named at the field with the closest match; the rest still saved.
    expected.append((400, "/applications/"))
    page.keyboard.type("Kenyia")
    page.wait_for_selector("p.field-error")
    seen["country_error"] = page.locator("p.field-error").first.inner_text()
    page.fill("#f-lead_organization\\.country", "肯尼亚")
    saved(page)
    check(page.locator("p.field-error").count() == 0, "the country's error goes once it is fixed")
    page.click("#add-partner")
    page.fill("#f-partners\\[0\\]\\.name", "Example Networks Kenya")
    page.fill("#f-partners\\[0\\]\\.country", "China")
    page.fill("#f-countries", "China, 肯尼亚")
    # The area by keyboard: focus the first choice and move with the arrows.
    page.focus("#areas input[type=radio] >> nth=0")
    page.keyboard.press("Space")
    saved(page)
    after_place = problem_count(page)
    check(after_place < first, f"problems go away as fields are filled: {first} then {after_place}")
    for key in ["background", "cooperation", "modalities", "benefits"]:
        # Pasted, as from a document: two paragraphs at once.
        page.focus(f"#f-sections\\.{key}")
        page.evaluate("([id, text]) => { const e = document.getElementById(id); e.value = text;"
                      " e.dispatchEvent(new Event('input', {bubbles: true})); }", [f"f-sections.{key}", SECTION])
    seen["count"] = page.locator("#c-background").inner_text()
    page.locator("label[for='f-sections.background']").scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -120)")
    page.screenshot(path=os.path.join(shots, "apply-phone.png"))
    page.fill("#f-contact\\.name", "Li Wei")
    page.fill("#f-contact\\.email", "li.wei@example.org")
    saved(page)
    seen["problems_left"] = page.locator("#problem-list li").all_inner_texts()
    # A link to continue, mailed to the contact and opened on another phone.
    page.click("#mail-link")
    page.wait_for_function("() => document.getElementById('act-msg').textContent !== ''")
    seen["mailed"] = page.locator("#act-msg").inner_text()
    continue_on_another_phone(page.context.browser)
    check(problem_count(page) == 0, f"nothing blocks submission: {seen['problems_left']}")
    # A file that is not what it says: refused with the reason, then removed.
    fake = os.path.join(os.path.dirname(pdf), "photo.pdf")
    with open(fake, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    page.set_input_files("#file-in", fake)
    page.wait_for_selector("#files li[data-id]")
    seen["refused_file"] = page.locator("#files li[data-id]").first.inner_text()
    expected.append((409, "/attachments/"))
    page.locator("#files li[data-id] button").first.click()
    page.wait_for_function("() => !document.querySelector('#files li[data-id]')")
    # A PDF, with its progress bar.
    page.evaluate("""() => { window.__progress = 0; new MutationObserver(() => {
        if (document.querySelector('#files progress')) window.__progress += 1; })
        .observe(document.getElementById('files'), {childList: true, subtree: true}); }""")
    page.set_input_files("#file-in", pdf)
    page.wait_for_selector("#files li[data-id]")
    seen["file"] = page.locator("#files li[data-id]").first.inner_text()
    check("checked" in seen["file"], f"the PDF is checked: {seen['file']}")
    check(page.evaluate("window.__progress") > 0, "a progress bar showed while uploading")
    accessible(page, "complete form")
    no_horizontal_scroll(page, "complete form")
    page.screenshot(path=os.path.join(shots, "apply-complete-phone.png"), full_page=True)
    # With the keyboard alone, every control is reached by Tab, in the page's order.
    page.focus("#lang")   # the first control, in the header
    reached = []
    for _ in range(120):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.id || document.activeElement.tagName"))
    wanted = ["f-practice_name", "f-lead_organization.name", "add-partner", "f-countries", "f-sections.benefits",
              "f-contact.email", "file-in", "submit", "mail-link", "to-chat", "withdraw", "ask-in", "ask-go"]
    missing = [w for w in wanted if w not in reached]
    check(not missing, f"not reached with Tab: {missing} (reached {reached})")
    order = [reached.index(w) for w in wanted]
    check(order == sorted(order), f"Tab follows the page's order: {list(zip(wanted, order))}")
    # Reloaded: the draft is found in this browser.
    page.reload()
    page.wait_for_function("() => document.getElementById('f-practice_name').value !== ''")
    seen["after_reload"] = {
        "practice_name": page.input_value("#f-practice_name"),
        "lead_country": page.input_value("#f-lead_organization\\.country"),
        "countries": page.input_value("#f-countries"),
        "background": page.input_value("#f-sections\\.background"),
    }
    # Submitted from the keyboard.
    page.focus("#submit")
    page.keyboard.press("Enter")
    page.wait_for_selector("#done:not(.hidden)")
    seen["done"] = page.locator("#done-p").inner_text()
    accessible(page, "submitted")
    no_horizontal_scroll(page, "submitted")
    page.screenshot(path=os.path.join(shots, "apply-submitted-phone.png"), full_page=True)
    # A code to continue in a chat.
    page.click("#to-chat")
    page.wait_for_selector("#chat-code .code")
    seen["chat_code"] = page.locator("#chat-code .code").inner_text()
    # A question the FAQ answers, and one it passes on.
    page.fill("#ask-in", "When is the deadline?")
    page.click("#ask-go")
    page.wait_for_selector("#answer .answer")
    seen["faq"] = page.locator("#answer").inner_text()
    page.fill("#ask-in", "Where is your office located?")
    page.click("#ask-go")
    page.wait_for_function("() => document.getElementById('answer').innerText.startsWith('Sorry')")
    seen["forwarded"] = page.locator("#answer").inner_text()
    # Chinese, chosen in the header's menu (the page comes back in it).
    page.select_option("#lang", "zh")
    page.wait_for_function("() => document.getElementById('title').textContent === '申报'")
    page.wait_for_function("() => document.getElementById('done-h').textContent === '已提交'")
    seen["zh_done"] = page.locator("#done-h").inner_text()
    accessible(page, "Chinese")
    no_horizontal_scroll(page, "Chinese")
    page.screenshot(path=os.path.join(shots, "apply-chinese-phone.png"), full_page=True)
    # Arabic: right to left, on a phone, with no sideways scroll.
    page.select_option("#lang", "ar")
    page.wait_for_function("() => document.getElementById('title').textContent === 'تقديم طلب'")
    page.wait_for_function("() => document.getElementById('done-h').textContent === 'أُرسل'")
    check(page.evaluate("document.documentElement.dir") == "rtl", "the Arabic page is right to left")
    seen["ar_done"] = page.locator("#done-p").inner_text()
    accessible(page, "Arabic")
    no_horizontal_scroll(page, "Arabic")
    page.screenshot(path=os.path.join(shots, "apply-arabic-phone.png"), full_page=True)
    # Fine on a laptop too.
    page.select_option("#lang", "en")
    page.wait_for_function("() => document.getElementById('title').textContent === 'Apply'")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.evaluate("window.scrollTo(0, 0)")
    no_horizontal_scroll(page, "laptop")
    accessible(page, "laptop")
    page.screenshot(path=os.path.join(shots, "apply-laptop.png"))


def conflict(page):
    page.goto(base + "/apply")
    page.wait_for_selector("#areas .area")
    page.fill("#f-practice_name", "Village Links")
    saved(page)
    page.fill("#f-contact\\.name", "Li Wei")
    saved(page)
    draft = draft_of(page)
    status, app = call_api("GET", f"/applications/{draft['id']}", draft["token"])
    check(status == 200, f"the API reads the page's draft: {status}")
    # Another device saves first: a new name, and a contact e-mail the page never touched.
    status, _ = call_api("PATCH", f"/applications/{draft['id']}", draft["token"],
                         {"practice_name": "Village Links (from the laptop)",
                          "contact": {"name": "Li Wei", "email": "li.wei@example.org"}}, app["version"])
    check(status == 200, f"the API's change is saved: {status}")
    expected.append((412, f"/applications/{draft['id']}"))
    page.fill("#f-practice_name", "Village Links: connecting remote villages")
    page.wait_for_selector("#conflict:not(.hidden)")
    seen["conflict"] = page.locator("#conflict-list").inner_text()
    check("from the laptop" in seen["conflict"] and "connecting remote villages" in seen["conflict"],
          f"both texts are shown: {seen['conflict']}")
    seen["email_taken"] = page.input_value("#f-contact\\.email")
    accessible(page, "conflict")
    no_horizontal_scroll(page, "conflict")
    page.screenshot(path=os.path.join(shots, "apply-conflict-phone.png"), full_page=True)
    page.click("#keep-mine")
    saved(page)
    status, app = call_api("GET", f"/applications/{draft['id']}", draft["token"])
    seen["after_conflict"] = {"practice_name": app["practice_name"], "email": app["contact"]["email"]}
    # Withdrawn, after saying yes to the question.
    page.once("dialog", lambda d: (seen.__setitem__("withdraw_question", d.message), d.accept()))
    page.click("#withdraw")
    page.wait_for_selector("#done:not(.hidden)")
    seen["withdrawn"] = page.locator("#done-h").inner_text()
    status, app = call_api("GET", f"/applications/{draft['id']}", draft["token"])
    seen["withdrawn_status"] = app["status"]
    # A wrong code from the chat says what to do.
    expected.append((404, "/link"))
    page.click("#have-code summary")
    page.fill("#code-in", "ZZZZ-ZZZZ")
    page.click("#code-go")
    page.wait_for_function("() => document.getElementById('code-msg').textContent !== ''")
    seen["wrong_code"] = page.locator("#code-msg").inner_text()
    # This browser's token no longer opens the draft: the page says so, and starts afresh.
    expected.append((404, f"/applications/{draft['id']}"))
    page.evaluate("([id]) => localStorage.setItem('casebook.apply', JSON.stringify({id, token: 'not-the-token'}))",
                  [draft["id"]])
    page.reload()
    page.wait_for_function("() => document.getElementById('notice').textContent !== ''")
    seen["lost"] = page.locator("#notice").inner_text()
    check(page.evaluate("localStorage.getItem('casebook.apply')") is None, "the dead draft is forgotten")
    if chat_code:
        # The chat's code, typed the way people copy codes, opens the chat's draft here.
        page.click("#have-code summary")
        page.fill("#code-in", f"{chat_code[:4].lower()} {chat_code[4:]}")
        page.click("#code-go")
        page.wait_for_function("() => document.getElementById('f-practice_name').value !== ''")
        seen["from_chat"] = page.input_value("#f-practice_name")
        kept = json.loads(page.evaluate("localStorage.getItem('casebook.apply')") or "null")
        check(kept is not None, "the chat's draft is kept in this browser")
        # A change on the page reaches the same draft the chat holds.
        page.fill("#f-lead_organization\\.name", "Harbour Telecom")
        saved(page)


with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    context = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True,
                                  has_touch=True, locale="en-US")
    page = context.new_page()
    watch(page)
    (apply if mode == "apply" else conflict)(page)
    csp = page.evaluate("window.__csp")
    check(not csp, f"CSP violations: {csp}")
    small = page.evaluate("""[...document.querySelectorAll('button, summary, label[for^=area-]')]
        .filter(b => b.offsetParent !== null).map(b => [b.id || b.textContent, b.getBoundingClientRect()])
        .filter(([, r]) => r.width < 44 && r.height < 44).map(([n]) => n)""")
    check(not small, f"targets under 44 px: {small}")
    browser.close()

check(not problems, f"console errors or failed requests: {problems}")
print(json.dumps(seen, ensure_ascii=False))
