"""A resident walks the whole path in Chromium: search, form, errors, check, submit, receipt, finish."""
import re

from playwright.sync_api import expect

from tests.support import BIRTH


def fill_step(page, values):
    for name, value in values.items():
        radio = page.locator(f'input[type=radio][name="{name}"][value="{value}"]')
        if radio.count():
            radio.check()
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

    page.get_by_role("button", name="Kết thúc và xoá thông tin").click()
    expect(page.get_by_text("Phiên làm việc đã kết thúc")).to_be_visible()
    page.go_back()
    expect(page.locator("body")).not_to_contain_text(code)
    expect(page.locator("body")).not_to_contain_text("Trần Thị Mai")
    screenshot("07-after-finish-back")


def test_idle_warning_then_wipe(page, live_app, screenshot):
    live_app.config.update(RESIDENT_IDLE_WARNING_S=1, RESIDENT_IDLE_WIPE_S=3)
    base = live_app.config["LIVE_URL"]
    page.goto(base + "/procedures/khai-sinh")
    page.get_by_role("button", name="Bắt đầu khai").click()
    page.fill("#child_full_name", "Nguyễn Thị Hồng Nhung")
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_be_visible(timeout=4000)
    screenshot("08-idle-warning")
    expect(page.get_by_role("heading", name="Phiên làm việc đã kết thúc")).to_be_visible(timeout=6000)
    page.go_back()
    expect(page.locator("body")).not_to_contain_text("Nguyễn Thị Hồng Nhung")
