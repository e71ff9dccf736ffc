"""A resident walks the whole path in Chromium: search, form, errors, check, submit, receipt, finish."""
import re

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.support import BIRTH


def back(page):
    """history.back(), waiting for the page it lands on. A page that answered a POST (a form sent back
    with its errors) comes back as Chromium's "confirm resubmission" page, which shows nothing either."""
    try:
        page.go_back()
    except PlaywrightError as error:
        assert "ERR_CACHE_MISS" in str(error)


def fill_step(page, values):
    for name, value in values.items():
        radio = page.locator(f'input[type=radio][name="{name}"][value="{value}"]')
        if radio.count():
            radio.check()
        elif page.locator(f'[name="{name}-day"]').count():  # a date: day / month / year boxes
            for part, number in zip(("day", "month", "year"), value.split("/"), strict=True):
                page.fill(f'[name="{name}-{part}"]', number)
        else:
            page.fill(f'[name="{name}"]', value)
    page.get_by_role("button", name="Tiếp tục").click()


def test_resident_files_a_birth_registration(page, live_app, screenshot):
    base = live_app.config["LIVE_URL"]
    page.set_viewport_size({"width": 1080, "height": 1400})
    page.goto(base + "/")
    screenshot("01-home")
    page.get_by_role("link", name=re.compile("Nộp hồ sơ")).click()

    page.fill("#q", "khai sinh")  # typed without accents
    page.get_by_role("button", name="Tìm").click()
    screenshot("02-search")
    page.get_by_role("link", name="Đăng ký khai sinh").click()
    expect(page.get_by_text("Giấy chứng sinh do cơ sở y tế cấp")).to_be_visible()
    screenshot("03-procedure")
    page.get_by_role("button", name="Bắt đầu khai").click()

    expect(page.get_by_text("Bước 1/4")).to_be_visible()
    page.get_by_role("button", name="Tiếp tục").click()  # nothing filled in
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    screenshot("04-errors")
    summary.get_by_role("link").first.click()
    expect(page.locator("#child_full_name")).to_be_focused()

    fill_step(page, BIRTH["child"])
    fill_step(page, BIRTH["mother"])
    page.get_by_role("link", name="Quay lại").click()  # back keeps the answers
    expect(page.locator("#mother_full_name")).to_have_value("Trần Thị Mai")
    page.get_by_role("button", name="Tiếp tục").click()
    fill_step(page, BIRTH["father"])
    fill_step(page, BIRTH["requester"])

    expect(page.get_by_role("heading", name="Kiểm tra lại thông tin trước khi nộp")).to_be_visible()
    screenshot("05-check")
    page.get_by_label(re.compile("Tôi cam đoan")).check()
    page.get_by_role("button", name="Nộp hồ sơ").click()

    code = page.locator(".dossier-code").inner_text()
    assert re.fullmatch(r"09556-01-\d{6}-\d{4}-[0-9A-Z]", code)
    screenshot("06-done")
    pdf = page.request.get(base + f"/dossiers/{code}/receipt.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")

    # No printer on this terminal: the receipt opens in the same tab, inside the app's page, with a way back.
    pages_before = len(page.context.pages)
    page.get_by_role("button", name="In giấy tiếp nhận").click()
    expect(page).to_have_url(base + f"/dossiers/{code}/receipt")
    expect(page.locator(f'iframe[src="/dossiers/{code}/receipt.pdf"]')).to_be_visible()
    assert len(page.context.pages) == pages_before  # never a new window
    page.get_by_role("link", name="Quay lại").first.click()
    expect(page).to_have_url(base + f"/dossiers/{code}/done")

    # The printer said nothing, so finishing asks whether the receipt is in hand.
    page.get_by_role("button", name="Kết thúc và xoá thông tin").click()
    expect(page.get_by_role("heading", name="Ông/bà đã nhận được giấy tiếp nhận chưa?")).to_be_visible()
    page.get_by_role("button", name="Đã nhận, kết thúc").click()
    expect(page).to_have_url(re.compile(re.escape(base) + "/(ended)?$"))  # the start page
    expect(page.get_by_text("Phiên làm việc đã kết thúc, thông tin của ông/bà đã được xoá")).to_be_visible()
    for _step in range(4):  # every page of the visit, back through history: nothing of the resident
        back(page)
        expect(page.locator("body")).not_to_contain_text(code)
        expect(page.locator("body")).not_to_contain_text("Trần Thị Mai")
    screenshot("07-after-finish-back")


def test_idle_warning_counts_down_over_the_form_then_wipes_to_the_start_page(page, live_app, screenshot):
    """Idle time is driven by Playwright's clock (the page's timers), the server's limits stay the real ones."""
    base = live_app.config["LIVE_URL"]
    page.clock.install()
    page.goto(base + "/procedures/khai-sinh")
    page.get_by_role("button", name="Bắt đầu khai").click()
    page.fill("#child_full_name", "Nguyễn Thị Hồng Nhung")
    page.clock.run_for(170_000)
    expect(page.get_by_role("alertdialog")).to_be_hidden()
    page.clock.run_for(15_000)  # 185 s without a touch: the warning, over the whole form
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_be_visible()
    expect(page.locator("#idle-countdown")).to_have_text("55")
    page.clock.run_for(5_000)
    expect(page.locator("#idle-countdown")).to_have_text("50")
    assert page.evaluate("document.getElementById('main').inert")  # out of reach of touch and keys
    assert page.evaluate("getComputedStyle(document.getElementById('idle-warning')).backgroundColor") == "rgb(27, 31, 35)"
    screenshot("08-idle-warning")
    page.clock.run_for(60_000)
    expect(page).to_have_url(re.compile(re.escape(base) + "/(ended)?$"))  # the start page
    expect(page.get_by_text("thông tin của ông/bà đã được xoá")).to_be_visible()
    for _step in range(3):
        back(page)
        expect(page.locator("body")).not_to_contain_text("Nguyễn Thị Hồng Nhung")


def test_continue_keeps_the_visit(page, live_app):
    base = live_app.config["LIVE_URL"]
    page.clock.install()
    page.goto(base + "/procedures/khai-sinh")
    page.get_by_role("button", name="Bắt đầu khai").click()
    page.fill("#child_full_name", "Nguyễn Thị Hồng Nhung")
    page.clock.run_for(200_000)
    page.get_by_role("alertdialog").get_by_role("button", name="Tiếp tục").click()
    expect(page.get_by_role("alertdialog")).to_be_hidden()
    page.clock.run_for(100_000)
    expect(page.locator("#child_full_name")).to_have_value("Nguyễn Thị Hồng Nhung")


def test_pages_outside_the_form_return_to_the_start_page(page, live_app):
    base = live_app.config["LIVE_URL"]
    page.clock.install()
    for path in ("/procedures?q=ket+hon", "/procedures/khai-sinh", "/lookup", "/ended"):
        page.goto(base + path)
        page.clock.run_for(239_000)
        expect(page).to_have_url(base + path)
        page.clock.run_for(2_000)
        expect(page).to_have_url(re.compile(re.escape(base) + "/(ended)?$"))  # the start page
    page.goto(base + "/")
    page.clock.run_for(600_000)  # the start page itself stays
    expect(page).to_have_url(re.compile(re.escape(base) + "/(ended)?$"))  # the start page


def test_the_receipt_on_screen_is_wiped_with_the_visit(page, live_app):
    """The bug that was: after the idle wipe, the previous resident's receipt was still on screen."""
    base = live_app.config["LIVE_URL"]
    page.clock.install()
    page.goto(base + "/procedures/khai-sinh")
    page.get_by_role("button", name="Bắt đầu khai").click()
    for values in BIRTH.values():
        fill_step(page, values)
    page.get_by_label(re.compile("Tôi cam đoan")).check()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    code = page.locator(".dossier-code").inner_text()
    page.get_by_role("button", name="In giấy tiếp nhận").click()
    expect(page.locator(f'iframe[src="/dossiers/{code}/receipt.pdf"]')).to_be_visible()
    # The iframe shows before the page's deferred script has set its idle timers: time moved then is lost.
    page.wait_for_load_state("load")
    page.clock.run_for(241_000)
    expect(page).to_have_url(re.compile(re.escape(base) + "/(ended)?$"))  # the start page
    for _step in range(3):
        back(page)
        expect(page.locator("body")).not_to_contain_text(code)
        expect(page.locator("iframe")).to_have_count(0)
    assert page.request.get(base + f"/dossiers/{code}/receipt.pdf").status == 404
