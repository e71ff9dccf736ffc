"""Every resident page reflows on a 360 px phone and at 320 px (WCAG 1.4.10): nothing scrolls sideways.

The pages come from the resident blueprint's URL rules: each (endpoint, method) is either visited by the
walk below in Chromium, or listed in NOT_PAGES with why it draws no page, so a new page fails until the
walk covers it.
"""
import re
from urllib.parse import urlsplit

import pytest
from flask import request
from playwright.sync_api import expect

from tests.browser.test_resident_walk import fill_step
from tests.support import BIRTH

WIDTHS = [360, 320]

# What answers a resident's request without drawing a page of its own.
NOT_PAGES = {
    ("resident.read_id_card", "POST"): "JSON for the card scan",
    ("resident.print_job", "GET"): "JSON for the print status box",
    ("resident.keepalive", "POST"): "JSON for the idle timer",
    ("resident.receipt", "GET"): "a PDF (shown inside the receipt page, which is walked)",
    ("resident.draft_slip", "GET"): "a PDF (shown inside the slip page, which is walked)",
    ("resident.checklist", "GET"): "a PDF (shown inside the slip page, which is walked)",
    ("resident.blank_form", "GET"): "a PDF (shown inside the slip page, which is walked)",
    ("resident.start", "POST"): "a redirect to the first step",
    ("resident.print_receipt", "POST"): "a redirect to the receipt page or the print status",
    ("resident.print_draft_slip", "POST"): "a redirect to the slip page or the print status",
    ("resident.print_procedure_slip", "POST"): "a redirect to the slip page or the print status",
    ("resident.finish", "POST"): "a redirect to the start page",
    ("resident.draft_done", "POST"): "a redirect to the start page",
}

# The elements sticking out to the right, to say what to fix when the check fails.
OVERFLOW = """() => {
  const width = window.innerWidth;
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 0.5 && box.width > 0) out.push(`${el.tagName.toLowerCase()}.${el.className} right=${Math.round(box.right)}`);
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width, out: out.slice(0, 8)};
}"""


def resident_pages(app):
    pages = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("resident."):
            pages |= {(rule.endpoint, method) for method in rule.methods - {"HEAD", "OPTIONS"}}
    return pages - set(NOT_PAGES)


@pytest.fixture
def served(live_app):
    """(endpoint, method, status) of every HTML page the server drew, last one last."""
    drawn = []

    @live_app.after_request
    def remember(response):
        if response.mimetype == "text/html" and not 300 <= response.status_code < 400:
            drawn.append((request.endpoint, request.method, response.status_code))
        return response

    return drawn


def _walk(page, base, check, link):
    """Every state of every resident page, calling check(where) on each."""
    page.goto(base + "/")
    check("home")
    page.goto(base + "/procedures")
    check("catalogue")
    page.goto(base + "/procedures?q=ket+hon")
    check("search results")
    page.goto(base + "/procedures?q=zzqxv")
    check("search without results")
    page.goto(base + "/procedures?field=certification")
    check("a field")
    page.goto(base + "/procedures/chung-thuc-ban-sao")
    check("information-only procedure")
    page.get_by_role("button", name="In tờ khai").click()
    check("blank form on screen")
    page.goto(base + "/procedures/dang-ky-thuong-tru")
    check("procedure with fee notes")
    page.goto(base + "/procedures/khai-sinh")
    check("procedure")
    page.get_by_role("button", name=re.compile("In danh sách giấy tờ")).click()
    check("checklist on screen")
    page.goto(base + "/procedures/khong-co-thu-tuc-nay")
    check("not found")

    page.goto(base + "/procedures/khai-sinh")
    page.get_by_role("button", name="Bắt đầu khai").click()
    check("first step")
    page.get_by_role("button", name="Tiếp tục").click()
    check("step with errors")
    page.get_by_role("link", name="Lưu để khai tiếp sau").click()  # nothing answered: a phone protects it
    check("save for later")
    page.get_by_role("button", name="Lưu thông tin đã khai").click()
    check("save for later, with errors")
    page.fill("#phone", "0912 345 678")
    page.get_by_role("button", name="Lưu thông tin đã khai").click()
    resume_code = page.locator(".dossier-code").inner_text()
    check("saved")
    page.get_by_role("button", name="In phiếu").click()
    check("resume slip on screen")
    page.get_by_role("link", name="Quay lại").first.click()
    page.get_by_role("button", name="Kết thúc và xoá thông tin").click()

    page.goto(base + "/resume")
    check("resume")
    page.fill("#code", "AAAA2222")
    page.fill("#proof", "01/01/1990")
    page.get_by_role("button", name="Tiếp tục").click()
    check("resume, not found")
    page.fill("#code", resume_code)
    page.fill("#proof", "0912 345 678")
    page.get_by_role("button", name="Tiếp tục").click()
    for step_id in BIRTH:
        check(f"step {step_id}")
        fill_step(page, BIRTH[step_id])
    check("check answers")
    page.get_by_role("button", name="Nộp hồ sơ").click()
    check("check answers, declaration missing")
    page.get_by_label(re.compile("Tôi cam đoan")).check()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    code = page.locator(".dossier-code").inner_text()
    check("done")
    page.get_by_role("button", name="In giấy tiếp nhận").click()
    check("receipt on screen")
    page.get_by_role("link", name="Quay lại").first.click()
    page.get_by_role("link", name=re.compile("đánh giá", re.I)).click()
    check("rate")
    page.get_by_role("button", name="Gửi").click()
    check("rate, with errors")
    page.locator('input[name="score"]').first.check()
    page.get_by_role("button", name="Gửi").click()
    check("rated")
    page.goto(base + f"/dossiers/{code}/done")
    page.get_by_role("button", name="Kết thúc và xoá thông tin").click()
    check("have you received your receipt?")
    page.get_by_role("button", name="Đã nhận, kết thúc").click()
    check("ended")

    page.goto(base + "/lookup")
    check("look-up form")
    page.get_by_role("button", name="Tra cứu").click()
    check("look-up form, with errors")
    page.fill("#code", code)
    page.fill("#phone_last4", "5678")
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.locator(".dossier-code")).to_be_visible()
    check("look-up result")
    page.goto(base + link(code))
    check("look-up result from the receipt's QR")
    page.goto(base + f"/l/{code}?s=wrong")
    check("receipt's QR that does not verify")

    page.clock.install()
    page.goto(base + "/procedures/khai-sinh")
    page.get_by_role("button", name="Bắt đầu khai").click()
    # The step's own timers start when it has loaded: move the clock only then (a loaded machine is slow).
    expect(page.get_by_role("button", name="Tiếp tục")).to_be_visible()
    page.wait_for_load_state("load")
    page.clock.run_for(185_000)
    expect(page.get_by_role("alertdialog")).to_be_visible()
    check("idle warning")


@pytest.mark.parametrize("width", WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def test_every_resident_page_reflows_without_sideways_scrolling(page, live_app, served, screenshot, width):
    base = live_app.config["LIVE_URL"]
    page.set_viewport_size({"width": width, "height": 640})
    wide = []

    def check(where):
        page.wait_for_load_state("load")
        if not page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"):
            wide.append((where, page.evaluate(OVERFLOW)))
            screenshot(f"reflow-{width}-{where.replace(' ', '-').replace('?', '')}")

    def link(code):
        with live_app.test_request_context():
            from kiosk.security.signing import lookup_url

            signed = urlsplit(lookup_url(code))
        return f"{signed.path}?{signed.query}"

    _walk(page, base, check, link)
    assert not wide, f"pages wider than {width} px: {wide}"
    covered = {(endpoint, method) for endpoint, method, _status in served}  # every page the walk drew
    assert resident_pages(live_app) - covered == set(), "resident pages the walk does not visit"
