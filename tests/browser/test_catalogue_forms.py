"""In Chromium: accent-free search, a field that appears with its answer, repeating items, save and resume."""
import re

from playwright.sync_api import expect

from tests.browser.test_resident_walk import fill_step
from tests.support import BIRTH


def test_search_without_accents_finds_the_procedure(page, live_app, screenshot):
    page.goto(live_app.config["LIVE_URL"] + "/procedures")
    page.fill("#q", "xac nhan doc than")
    page.get_by_role("button", name="Tìm").click()
    expect(page.locator(".procedure-list__link").first).to_have_text("Cấp Giấy xác nhận tình trạng hôn nhân")
    page.get_by_role("link", name="Hộ tịch").click()
    screenshot("11-search-field")


def test_conditional_fields_follow_the_answer(page, live_app, screenshot):
    page.goto(live_app.config["LIVE_URL"] + "/procedures/khai-sinh")
    page.get_by_role("button", name="Bắt đầu khai").click()
    fill_step(page, BIRTH["child"])
    fill_step(page, BIRTH["mother"])
    father_name = page.locator("#father_full_name")
    expect(father_name).to_be_hidden()
    page.get_by_label("Có", exact=True).check()
    expect(father_name).to_be_visible()
    screenshot("12-conditional-shown")
    page.get_by_label("Chưa xác định được cha").check()
    expect(father_name).to_be_hidden()
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.get_by_role("heading", name="Người đi đăng ký")).to_be_visible()


def test_repeating_items_then_save_and_resume(page, live_app, screenshot):
    base = live_app.config["LIVE_URL"]
    page.goto(base + "/procedures/xac-nhan-tinh-trang-hon-nhan")
    page.get_by_role("button", name="Bắt đầu khai").click()
    fill_step(page, {"full_name": "Lê Thị Hoa", "birth_date": "12/04/1988", "sex": "female",
                     "id_number": "001188004512", "residence": "Hà Nội"})
    fill_step(page, {"marital_status": "divorced", "purpose": "Để kết hôn"})
    page.fill('[name="items-0-former_spouse_name"]', "Trần Văn Bình")
    page.get_by_role("button", name=re.compile("Thêm lần kết hôn")).click()
    expect(page.get_by_text("Lần kết hôn 2", exact=True)).to_be_visible()
    expect(page.locator('[name="items-0-former_spouse_name"]')).to_have_value("Trần Văn Bình")
    screenshot("13-repeating")

    page.get_by_role("link", name="Lưu để khai tiếp sau").click()
    page.get_by_role("button", name="Lưu thông tin đã khai").click()
    code = page.locator(".dossier-code").inner_text()
    screenshot("14-saved")
    page.get_by_role("button", name="Kết thúc và xoá thông tin").click()

    page.get_by_role("link", name="Khai tiếp tờ khai đã lưu").click()
    page.fill("#code", code.lower())
    page.fill("#proof", "12/04/1988")
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.get_by_role("heading", name="Các lần kết hôn trước")).to_be_visible()
