"""Staff in Chromium: a guide types in a paper dossier from the counter; the supervisor reads the figures."""
import re

from playwright.sync_api import expect

from kiosk.auth.services import create_user
from tests.browser.test_resident_walk import fill_step
from tests.support import MARITAL_PERSON


def sign_in(page, base, username, password):
    page.goto(base + "/staff/sign-in")
    page.fill("#username", username)
    page.fill("#password", password)
    page.get_by_role("button", name="Đăng nhập").click()


def test_a_paper_dossier_counts_against_the_online_share(page, live_app, screenshot):
    base = live_app.config["LIVE_URL"]
    with live_app.app_context():
        create_user("lan", "correct horse battery", "Trần Thị Lan")
        create_user("thu", "supervisor password", "Đỗ Thị Thu", "supervisor", "09556")
    page.set_viewport_size({"width": 1080, "height": 1400})

    sign_in(page, base, "lan", "correct horse battery")
    page.get_by_role("button", name="Nhập hồ sơ giấy").click()
    expect(page.locator(".notice", has_text="Chế độ quầy")).to_be_visible()
    expect(page.locator(".assisting-bar")).to_contain_text("Đang nhập hồ sơ giấy tại quầy — Cán bộ Trần Thị Lan")
    page.goto(base + "/procedures/xac-nhan-tinh-trang-hon-nhan")
    page.get_by_role("button", name="Bắt đầu khai").click()
    fill_step(page, MARITAL_PERSON)
    fill_step(page, {"marital_status": "single", "purpose": "Để kết hôn"})
    fill_step(page, {"phone": "0987654321"})
    page.get_by_label(re.compile("Tôi cam đoan")).check()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    code = page.locator(".dossier-code").inner_text()
    page.goto(base + "/staff/")
    expect(page.get_by_role("row", name=re.compile(code)).last).to_contain_text("Nộp tại quầy")  # today's list
    page.get_by_role("button", name="Đăng xuất").click()

    sign_in(page, base, "thu", "supervisor password")  # a supervisor lands on the figures
    facts = page.locator(".facts")
    expect(facts).to_contain_text("Nộp trực tuyến")
    expect(facts.locator("div", has_text="Nộp trực tuyến").locator("dd")).to_have_text("0,0%")  # a Vietnamese decimal comma
    chart = page.get_by_role("img", name=re.compile("Tỷ lệ nộp trực tuyến"))
    expect(chart).to_be_visible()
    screenshot("20-figures")
    export = page.request.get(base + "/reports/export/online.csv")
    assert export.ok and "Phường Ba Đình;1;0;0,0" in export.text()
