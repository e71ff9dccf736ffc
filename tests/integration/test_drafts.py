"""Save a half-filled form, take the slip, resume it with the code plus a date of birth or phone."""
import re
from datetime import datetime, timedelta

from sqlalchemy import func, select

from kiosk.drafts.models import Draft
from kiosk.drafts.services import RESUME_ALPHABET
from kiosk.extensions import db
from kiosk.retention import purge
from tests.support import BIRTH, answer, csrf_token, move_clock, pdf_text, start


def save(client, data=None):
    token = csrf_token(client, "/apply/save")
    return client.post("/apply/save", data={"csrf_token": token, **(data or {})})


def saved_code(client):
    html = client.get("/drafts/saved").get_data(as_text=True)
    return re.search(r'class="dossier-code">([^<]+)<', html).group(1)


def resume(client, code, proof):
    token = csrf_token(client, "/resume")
    return client.post("/resume", data={"csrf_token": token, "code": code, "proof": proof})


def test_save_then_resume_with_a_date_of_birth(client, tmp_path):
    start(client)
    answer(client, "child", BIRTH["child"])
    answer(client, "mother", BIRTH["mother"])
    assert save(client).headers["Location"] == "/drafts/saved"
    code = saved_code(client)
    assert len(code) == 8 and set(code) <= set(RESUME_ALPHABET)
    slip = " ".join(pdf_text(client.get("/drafts/saved/slip.pdf").data, tmp_path).split())
    assert code in slip and "Đăng ký khai sinh" in slip and "Mã khai tiếp" in slip
    # When it was saved and until when it is kept (DRAFT_DAYS, 7 by default): the slip's own "printed at"
    # time must not stand in for a missing one.
    moments = dict(re.findall(r"(Lưu lúc|Lưu đến) (\d\d/\d\d/\d{4} \d\d:\d\d)", slip))
    assert set(moments) == {"Lưu lúc", "Lưu đến"}, slip
    saved_at, kept_until = (datetime.strptime(moments[label], "%d/%m/%Y %H:%M") for label in ("Lưu lúc", "Lưu đến"))
    assert kept_until - saved_at == timedelta(days=7)
    for personal in ("Trần Thị Mai", "001195012345", "12/03/1995", "Nguyễn Thị Hồng Nhung"):
        assert personal not in slip  # the slip may be lost: it names the form, never the family
    client.post("/drafts/saved/done", data={"csrf_token": csrf_token(client, "/lookup")})
    assert client.get("/apply/father").headers["Location"] == "/ended"  # the visit is gone

    response = resume(client, code.lower(), "12/03/1995")  # the mother's date of birth
    assert response.headers["Location"] == "/apply/father"
    assert 'value="Trần Thị Mai"' in client.get("/apply/mother").get_data(as_text=True)


def test_resume_needs_the_right_proof_and_is_throttled(client):
    start(client)
    answer(client, "child", BIRTH["child"])
    answer(client, "mother", BIRTH["mother"])
    save(client)
    code = saved_code(client)
    assert "Không tìm thấy" in resume(client, code, "01/01/2000").get_data(as_text=True)
    for _attempt in range(4):
        resume(client, code, "0911111111")
    assert "Thử sai quá nhiều lần" in resume(client, code, "12/03/1995").get_data(as_text=True)


def test_a_form_without_dates_or_phone_asks_for_a_phone_to_protect_it(client):
    start(client, "ket-hon")
    html = save(client).get_data(as_text=True)
    assert "Nhập số điện thoại di động để bảo vệ" in html
    assert save(client, {"phone": "0987 654 321"}).status_code == 302
    code = saved_code(client)
    client.post("/drafts/saved/done", data={"csrf_token": csrf_token(client, "/lookup")})
    assert resume(client, code, "0987654321").headers["Location"] == "/apply/groom"


def test_expired_drafts_cannot_resume_and_are_purged(client, app, time_machine):
    start(client)
    answer(client, "child", BIRTH["child"])
    answer(client, "mother", BIRTH["mother"])
    save(client)
    code = saved_code(client)
    move_clock(time_machine, int(timedelta(days=7, minutes=1).total_seconds()))
    assert "Không tìm thấy" in resume(client, code, "12/03/1995").get_data(as_text=True)
    assert purge(app)["drafts"] == 1
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Draft)) == 0
