"""The ward PC (1366×768): the guide's dashboard and the officer's dossier page, as Chromium draws them."""
import os
from pathlib import Path

from playwright.sync_api import expect
from sqlalchemy import select

from kiosk.auth.services import create_user
from kiosk.dossiers.models import Dossier
from kiosk.dossiers.states import Status
from kiosk.extensions import db
from tests.browser.test_staff_figures import sign_in
from tests.support import csrf_token, file_marital_status

SHOTS = Path(os.environ.get("STAFF_SHOTS", "/tmp/staff15-shots"))


def _shot(page, name):
    """What the first screen shows, and the whole page."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))
    page.screenshot(path=str(SHOTS / f"{name}-full.png"), full_page=True)


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_dashboard_and_officer_dossier_at_1366(page, live_app):
    base = live_app.config["LIVE_URL"]
    with live_app.app_context():
        create_user("lan", "correct horse battery", "Trần Thị Lan")
        create_user("hoa", "officer password 1", "Nguyễn Thị Hoa", "officer", "09556")
    client = live_app.test_client()
    codes = []
    for _ in range(3):
        codes.append(file_marital_status(client).split("/")[2])
        client.post("/finish", data={"csrf_token": csrf_token(client, "/lookup")})
    with live_app.app_context():
        dossier = db.session.scalar(select(Dossier).where(Dossier.code == codes[0]))
        dossier.status = Status.RESULT_READY
        db.session.commit()
    page.set_viewport_size({"width": 1366, "height": 768})

    sign_in(page, base, "lan", "correct horse battery")
    expect(page.locator("main h1")).to_have_count(1)
    search = page.get_by_role("searchbox", name="Tìm hồ sơ")
    expect(search).to_be_focused()
    expect(page.locator('table[data-queue="payment"] tbody tr')).to_have_count(3)
    expect(page.locator('table[data-queue="ready"]')).to_contain_text(codes[0])
    _no_sideways_scroll(page)
    _shot(page, "dashboard")
    search.fill(codes[1].lower())
    search.press("Enter")
    expect(page).to_have_url(f"{base}/staff/dossiers/{codes[1]}")
    page.get_by_role("button", name="Đăng xuất").click()

    sign_in(page, base, "hoa", "officer password 1")
    page.goto(f"{base}/office/dossiers/{codes[1]}")
    expect(page.locator("form.office-action")).to_have_count(2)  # submitted: receive or reject
    page.locator('form[data-action="receive"] button').click()
    deadline = page.locator('input[name="supplement-deadline"]')
    expect(deadline).to_have_attribute("type", "date")
    expect(page.get_by_role("button", name="Tiếp nhận")).to_have_count(0)
    expect(page.locator(".staff-nav")).to_contain_text("Hàng chờ hồ sơ")
    _no_sideways_scroll(page)
    _shot(page, "officer-dossier")
