"""Assisted and counter modes: a coloured bar on every page names the guide and ends the mode; the mode ends
with the resident's visit, so the next resident does not file under the guide's name."""
import re

from sqlalchemy import select

from kiosk.dossiers.models import Dossier
from kiosk.extensions import db
from tests.support import BIRTH, answer, csrf_token, sign_in, start, submit

BAR = re.compile(r'<div class="assisting-bar[^"]*" role="status" data-assisting="(\w+)">(.*?)</div>', re.S)


def _bar(client, path):
    found = BAR.search(client.get(path).get_data(as_text=True))
    return (found.group(1), re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(2))).strip()) if found else None


def _file(client):
    start(client)
    for step_id, values in BIRTH.items():
        answer(client, step_id, values)
    response, _ = submit(client)
    return response.headers["Location"].split("/")[2]


def test_the_bar_shows_on_every_page_while_assisting_and_ends_with_the_visit(client, app, guide):
    sign_in(client)
    assert _bar(client, "/staff/") is None and _bar(client, "/procedures") is None
    client.post("/staff/assist", data={"csrf_token": csrf_token(client, "/staff/")})
    for path in ("/procedures", "/procedures/khai-sinh", "/staff/"):
        mode, text = _bar(client, path)
        assert mode == "assisted" and text == "Đang hỗ trợ người dân — Cán bộ Trần Thị Lan · Kết thúc hỗ trợ", path
    code = _file(client)
    assert _bar(client, f"/dossiers/{code}/done")[0] == "assisted"
    client.post("/finish", data={"csrf_token": csrf_token(client, "/lookup"), "confirmed": "1"})  # "I have my receipt"
    assert _bar(client, "/") is None and _bar(client, "/staff/") is None  # the visit ended: so did the mode
    again = _file(client)
    with app.app_context():
        channels = dict(db.session.execute(select(Dossier.code, Dossier.channel)).all())
    assert channels == {code: "assisted", again: "self_service"}


def test_counter_mode_has_its_bar_and_the_guide_can_end_it(client, guide):
    sign_in(client)
    client.post("/staff/counter", data={"csrf_token": csrf_token(client, "/staff/")})
    mode, text = _bar(client, "/procedures")
    assert mode == "counter" and text.startswith("Đang nhập hồ sơ giấy tại quầy — Cán bộ Trần Thị Lan")
    page = client.get("/procedures").get_data(as_text=True)
    client.post("/staff/assist/stop", data={"csrf_token": csrf_token(client, "/staff/")})
    assert 'action="/staff/assist/stop"' in page and _bar(client, "/procedures") is None
