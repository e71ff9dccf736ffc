"""The terminal as a touch screen with a USB scanner: every control a finger touches is at least 44×44
CSS px on every resident page, and a scan lands where it should without first tapping a field."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_resident_walk import fill_step
from tests.support import BIRTH

SIZES = [{"width": 1080, "height": 1920}, {"width": 1366, "height": 768}]
CARD = "001195012345|123456789|Trần Thị Mai|12031995|Nữ|12 Phố Đội Cấn, Ba Đình, Hà Nội|05072021"

# Every control a finger can reach; a radio or checkbox counts with the label row around it.
MEASURE = """() => {
  const small = [];
  for (const el of document.querySelectorAll('a[href], button, input, select, textarea, summary, [role=button]')) {
    if (el.type === 'hidden' || el.closest('[hidden], [aria-hidden=true], .visually-hidden, .skip-link')) continue;
    const target = (el.type === 'radio' || el.type === 'checkbox') && el.closest('label') ? el.closest('label') : el;
    const box = target.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.width < 44 || box.height < 44) small.push(`${target.outerHTML.slice(0, 90)} ${Math.round(box.width)}x${Math.round(box.height)}`);
  }
  return small;
}"""


def _measure(page, where):
    page.wait_for_load_state("load")  # styles applied
    small = page.evaluate(MEASURE)
    assert not small, f"{where}: controls under 44x44 px: {small}"


def _walk(page, base, check):
    """Every resident page, from the start page to the receipt, calling `check` on each."""
    page.goto(base + "/")
    check("home")
    page.goto(base + "/procedures")
    check("procedures")
    page.goto(base + "/procedures?q=ket+hon")
    check("search results")
    page.goto(base + "/procedures/chung-thuc-ban-sao")
    check("information-only procedure")
    page.goto(base + "/procedures/khai-sinh")
    check("procedure")
    page.goto(base + "/lookup")
    check("lookup")
    page.goto(base + "/resume")
    check("resume")
    page.goto(base + "/procedures/khai-sinh")
    page.get_by_role("button", name="Bắt đầu khai").click()
    page.get_by_role("button", name="Tiếp tục").click()
    check("step with errors")
    for step_id, values in BIRTH.items():
        check(f"step {step_id}")
        fill_step(page, values)
    check("check answers")
    page.get_by_role("link", name="Sửa").first.click()
    page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_label(re.compile("Tôi cam đoan")).check()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    check("done")
    page.get_by_role("button", name="In giấy tiếp nhận").click()
    check("receipt on screen")
    page.get_by_role("link", name="Quay lại").first.click()
    page.get_by_role("button", name="Kết thúc và xoá thông tin").click()
    check("have you received your receipt?")
    page.goto(base + "/rate")
    check("rate")
    page.goto(base + "/ended")
    check("ended")


@pytest.mark.parametrize("size", SIZES, ids=["1080x1920", "1366x768"])
def test_every_control_on_every_resident_page_is_big_enough_for_a_finger(page, live_app, size):
    page.set_viewport_size(size)
    _walk(page, live_app.config["LIVE_URL"], lambda where: _measure(page, where))


SCANNER = """text => {
  // As a USB scanner in keyboard mode: one key after another within a millisecond or two, each typed
  // into whatever has the focus, then Enter. (Playwright's own typing is too slow on a loaded machine.)
  const type = key => {
    const target = document.activeElement || document.body;
    const event = new KeyboardEvent('keydown', {key, bubbles: true, cancelable: true});
    if (target.dispatchEvent(event) && key.length === 1 && 'value' in target) target.value += key;
  };
  for (const key of text) type(key);
  type('Enter');
}"""


def scan(page, text):
    page.evaluate(SCANNER, text)


def test_a_card_scan_fills_the_mothers_step_without_tapping_a_field(page, live_app, screenshot):
    base = live_app.config["LIVE_URL"]
    page.set_viewport_size({"width": 1080, "height": 1920})
    page.goto(base + "/procedures/khai-sinh")
    page.get_by_role("button", name="Bắt đầu khai").click()
    fill_step(page, BIRTH["child"])
    page.locator("#mother_residence").click()  # the focus sits in a field: the scan must not land in it
    page.locator("#mother_residence").fill("")
    scan(page, CARD)
    expect(page.locator("#card-status")).to_contain_text("Thông tin từ thẻ căn cước đã được điền")
    expect(page.locator("#mother_full_name")).to_have_value("Trần Thị Mai")
    expect(page.locator("#mother_id_number")).to_have_value("001195012345")
    expect(page.locator("#mother_birth_date-day")).to_have_value("12")
    expect(page.locator("#mother_birth_date-month")).to_have_value("03")
    expect(page.locator("#mother_birth_date-year")).to_have_value("1995")
    expect(page.locator("#mother_residence")).to_have_value("12 Phố Đội Cấn, Ba Đình, Hà Nội")
    screenshot("card-scan-filled")
    page.locator("body").click()
    scan(page, "https://example.invalid/not-a-card|x")
    expect(page.locator("#card-status")).to_contain_text("không phải mã QR của thẻ căn cước")
    page.get_by_role("button", name="Tiếp tục").click()  # what the card filled is what is kept
    expect(page.get_by_role("heading", name=re.compile("cha"))).to_be_visible()


def test_a_receipt_scan_anywhere_on_the_lookup_page_opens_the_dossier(page, live_app):
    base = live_app.config["LIVE_URL"]
    page.goto(base + "/procedures/khai-sinh")
    page.get_by_role("button", name="Bắt đầu khai").click()
    for values in BIRTH.values():
        fill_step(page, values)
    page.get_by_label(re.compile("Tôi cam đoan")).check()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    code = page.locator(".dossier-code").inner_text()
    with live_app.test_request_context():
        from kiosk.security.signing import lookup_url

        link = lookup_url(code)
    page.get_by_role("button", name="Kết thúc và xoá thông tin").click()
    page.get_by_role("button", name="Đã nhận, kết thúc").click()

    page.goto(base + "/lookup")
    scan(page, link)  # nothing tapped first
    expect(page).to_have_url(re.compile(rf"/l/{re.escape(code)}\?s="))
    expect(page.locator(".dossier-code")).to_have_text(code)

    page.goto(base + "/lookup")
    scan(page, code)  # a barcode of the bare code: it goes into the code field, then the phone digits
    expect(page.locator("#code")).to_have_value(code)
    expect(page.locator("#phone_last4")).to_be_focused()
    page.keyboard.type("5678", delay=150)  # a person typing: not taken for a scan
    page.keyboard.press("Enter")
    expect(page.locator(".dossier-code")).to_have_text(code)
