"""A guide's USB scanner in Chromium: a receipt's QR held under it on the dashboard opens the dossier,
on the hand-over page it finds the dossier to hand over, with no field tapped first."""
import re

from playwright.sync_api import expect

from kiosk.auth.services import create_user
from kiosk.dossiers import services
from kiosk.dossiers.models import Dossier
from kiosk.dossiers.states import Status
from kiosk.extensions import db
from tests.browser.test_kiosk_touch import scan
from tests.browser.test_resident_walk import fill_step
from tests.browser.test_staff_figures import sign_in
from tests.support import BIRTH


def test_a_receipt_scan_on_the_dashboard_and_at_hand_over(page, live_app):
    base = live_app.config["LIVE_URL"]
    with live_app.app_context():
        create_user("lan", "correct horse battery", "Trần Thị Lan")
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

    sign_in(page, base, "lan", "correct horse battery")
    expect(page).to_have_url(base + "/staff/")
    scan(page, link)
    expect(page).to_have_url(base + f"/staff/dossiers/{code}")
    expect(page.locator(".dossier-code")).to_have_text(code)

    with live_app.app_context():
        dossier = db.session.query(Dossier).filter_by(code=code).one()
        services.transition(dossier, Status.RECEIVED, "officer:hoa")
        services.transition(dossier, Status.RESULT_READY, "officer:hoa")
    page.goto(base + "/staff/hand-over")
    page.locator("h1").click()  # the focus away from the field: the scan still lands
    scan(page, link)
    expect(page).to_have_url(base + f"/staff/dossiers/{code}/hand-over")
