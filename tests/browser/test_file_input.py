"""The scan's file input in Chromium: a translated button stands in for the browser's own ("Choose File"),
the real input stays reachable by keyboard and by its label, and the chosen file's name shows beside it."""
import io
import re

from PIL import Image
from playwright.sync_api import expect

from kiosk.auth.services import create_user
from tests.browser.test_staff_figures import sign_in
from tests.support import csrf_token, fill_birth, submit


def test_the_scan_input_is_translated_and_keyboard_reachable(page, live_app, tmp_path):
    base = live_app.config["LIVE_URL"]
    with live_app.app_context():
        create_user("lan", "correct horse battery", "Trần Thị Lan")
    resident = live_app.test_client()
    fill_birth(resident)
    response, _ = submit(resident)
    code = response.headers["Location"].split("/")[2]
    resident.post("/finish", data={"csrf_token": csrf_token(resident, "/"), "confirmed": "1"})
    photo = tmp_path / "giay-chung-sinh.png"
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "white").save(buffer, "PNG")
    photo.write_bytes(buffer.getvalue())

    sign_in(page, base, "lan", "correct horse battery")
    page.goto(base + f"/staff/dossiers/{code}")
    expect(page.locator("label.file-input__button")).to_have_text("Chọn tệp")
    expect(page.locator(".file-input__chosen")).to_have_text("Chưa chọn tệp nào")
    control = page.get_by_label("Ảnh chụp hoặc bản quét (JPEG, PNG hoặc WebP)")
    expect(control).to_have_attribute("type", "file")
    page.locator("#document_index").focus()
    for _ in range(10):  # Tab reaches the real input (hidden from sight, not from the keyboard)
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "scan":
            break
    assert page.evaluate("document.activeElement.id") == "scan"
    control.set_input_files(str(photo))
    expect(page.locator(".file-input__chosen")).to_have_text("giay-chung-sinh.png")
    page.get_by_role("button", name=re.compile("Đính kèm")).click()
    expect(page.locator(".plain-list")).to_contain_text("—")
