"""The receipt printed on the terminal's own printer (a real CUPS queue), as the resident sees it in
Chromium: the page stays, says it is printing, then where the paper is, or asks for the guide."""
import re
import subprocess

import pytest
from playwright.sync_api import expect

from tests import cups
from tests.browser.test_resident_walk import fill_step
from tests.support import BIRTH

SIZES = {"portrait": {"width": 1080, "height": 1920}, "laptop": {"width": 1366, "height": 768}}


@pytest.fixture
def held_queue():
    """The queue holds each job until released, so the 'printing' state lasts as long as the test wants."""
    queue = cups.start_queue()
    subprocess.run(["lpadmin", "-p", queue, "-o", "job-hold-until-default=indefinite"], check=True)
    yield queue
    subprocess.run(["lpadmin", "-p", queue, "-o", "job-hold-until-default=no-hold"], check=True)
    cups.enable()


def _held_job(queue):
    listing = subprocess.run(["lpstat", "-o", queue], capture_output=True, text=True).stdout
    return re.findall(rf"^({re.escape(queue)}-\d+)\s", listing, re.M)[-1]


@pytest.mark.parametrize("size", ["portrait", "laptop"])
def test_printing_then_printed_then_a_printer_problem(page, live_app, held_queue, screenshot, size):
    live_app.config["PRINTER"] = held_queue
    live_app.config["RECEIPT_PAPER"] = "roll80"
    base = live_app.config["LIVE_URL"]
    page.set_viewport_size(SIZES[size])
    page.goto(base + "/procedures/khai-sinh")
    page.get_by_role("button", name="Bắt đầu khai").click()
    for values in BIRTH.values():
        fill_step(page, values)
    page.get_by_label(re.compile("Tôi cam đoan")).check()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    done_url = page.url
    windows = len(page.context.pages)

    page.get_by_role("button", name="In giấy tiếp nhận").click()
    status = page.locator("#print-status")
    expect(status.get_by_text("Đang in giấy tiếp nhận…")).to_be_visible()
    assert page.url.split("#")[0] == done_url and len(page.context.pages) == windows  # the same page
    expect(page.get_by_role("button", name=re.compile("In (lại )?giấy tiếp nhận"))).to_have_count(0)  # no double print
    status.scroll_into_view_if_needed()
    screenshot(f"print-1-printing-{size}")

    subprocess.run(["lp", "-i", _held_job(held_queue), "-H", "resume"], check=True)  # the printer prints
    expect(status.get_by_text("Giấy tiếp nhận đã in xong.")).to_be_visible(timeout=30_000)
    expect(status.get_by_text("Lấy giấy ở khe bên dưới.")).to_be_visible()
    expect(status.get_by_text("Đang in giấy tiếp nhận…")).to_be_hidden()
    expect(page.get_by_role("button", name="In lại giấy tiếp nhận")).to_have_count(1)
    screenshot(f"print-2-printed-{size}")

    cups.disable()  # out of paper: CUPS stops the queue
    page.get_by_role("button", name="In lại giấy tiếp nhận").click()
    expect(status.get_by_text("Máy in chưa in được giấy tiếp nhận của ông/bà.")).to_be_visible(timeout=30_000)
    expect(status.get_by_text(re.compile("nhờ cán bộ hướng dẫn"))).to_be_visible()
    expect(status.get_by_role("button", name="In lại giấy tiếp nhận")).to_be_visible()
    expect(page.get_by_role("button", name="In lại giấy tiếp nhận")).to_have_count(1)  # the one in the box
    screenshot(f"print-3-problem-{size}")
