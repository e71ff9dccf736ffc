"""A chip ID card's QR code (CCCD) fills a person's step: read from generated QR images with zxing-cpp,
parsed on the server, turned into the step's answers, and nothing of it kept."""
import io
import json
import re

import pytest
import qrcode
import zxingcpp
from PIL import Image
from sqlalchemy import select

from kiosk.extensions import db
from kiosk.forms import id_card, rules
from kiosk.visits.models import Visit
from tests.support import BIRTH, answer, csrf_token, start

CARD = "001195012345|123456789|Trần Thị Mai|12031995|Nữ|12 Phố Đội Cấn, Ba Đình, Hà Nội|05072021"
MAN = "001092054321||Nguyễn Văn Hùng|20071992|Nam|12 Phố Đội Cấn, Ba Đình, Hà Nội|01012022"


def scanned(text: str) -> str:
    """What a scanner reads off the printed code: the text through a QR image and back."""
    image = qrcode.make(text, border=4).get_image().convert("L")
    out = io.BytesIO()
    image.save(out, "PNG")
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(out.getvalue())))
    assert len(found) == 1
    return found[0].text


def test_the_cards_qr_is_read():
    card = id_card.read(scanned(CARD))
    assert (card.id_number, card.old_id_number, card.full_name, card.sex) == (
        "001195012345", "123456789", "Trần Thị Mai", "female")
    assert card.birth_date.isoformat() == "1995-03-12" and card.issued_on.isoformat() == "2021-07-05"


@pytest.mark.parametrize("foreign", [
    "http://127.0.0.1/l/09556-01-261122-0007-K?s=k1.AbCd",       # a receipt
    "00020101021238570010A000000727",                             # a bank's VietQR
    "001195012345|123456789|Trần Thị Mai|12031995|Nữ|Hà Nội",    # a field missing
    "999195012345||Trần Thị Mai|12031995|Nữ|Hà Nội|05072021",     # not a province
    "001195012345||Trần Thị Mai|31021995|Nữ|Hà Nội|05072021",     # no 31 February
    "001195012345||Trần Thị Mai|12031995|X|Hà Nội|05072021",      # no such sex
    "001195012345||Tr4n|12031995|Nữ|Hà Nội|05072021",             # not a name
])
def test_foreign_or_broken_scans_are_refused(foreign):
    with pytest.raises(rules.RuleError) as refused:
        id_card.read(scanned(foreign))
    assert refused.value.code == "card_unreadable"


def _card(client, step_id, text):
    token = csrf_token(client, f"/apply/{step_id}")
    return client.post(f"/apply/{step_id}/card", data={"card": text}, headers={"X-CSRFToken": token})


def test_a_scan_fills_the_mothers_step_and_nothing_is_stored(client, app):
    start(client)
    answer(client, "child", BIRTH["child"])
    assert "data-card-url=\"/apply/mother/card\"" in client.get("/apply/mother").get_data(as_text=True)
    response = _card(client, "mother", scanned(CARD))
    assert response.status_code == 200
    assert response.get_json()["fields"] == {
        "mother_id_number": "001195012345", "mother_birth_date": "12/03/1995", "mother_full_name": "Trần Thị Mai",
        "mother_residence": "12 Phố Đội Cấn, Ba Đình, Hà Nội",
        "mother_declared": "vietnamese"}  # a chip ID card says the mother is a Vietnamese citizen
    assert "Hãy kiểm tra lại" in response.get_json()["message"]
    with app.app_context():
        stored = json.dumps([v.answers for v in db.session.scalars(select(Visit))], ensure_ascii=False)
    assert "001195012345" not in stored and "05072021" not in stored and "123456789" not in stored


def test_the_fathers_card_also_says_the_father_is_declared(client):
    start(client)
    answer(client, "child", BIRTH["child"])
    answer(client, "mother", BIRTH["mother"])
    fields = _card(client, "father", scanned(MAN)).get_json()["fields"]
    assert fields["father_declared"] == "yes" and fields["father_full_name"] == "Nguyễn Văn Hùng"


def test_a_mans_card_on_the_mothers_step_and_a_bad_scan_get_clear_messages(client):
    start(client)
    answer(client, "child", BIRTH["child"])
    wrong = _card(client, "mother", MAN)
    assert wrong.status_code == 422 and "không phải của người" in wrong.get_json()["error"]
    bad = _card(client, "mother", "https://example.invalid/anything")
    assert bad.status_code == 422 and "không phải mã QR của thẻ căn cước" in bad.get_json()["error"]
    assert _card(client, "child", scanned(CARD)).status_code == 422  # the child's step asks for no card


def test_number_fields_open_the_numeric_keypad_and_dates_are_three_boxes(client):
    start(client)
    answer(client, "child", BIRTH["child"])
    html = client.get("/apply/mother").get_data(as_text=True)
    tag = re.search(r'<input[^>]*name="mother_id_number"[^>]*>', html).group(0)
    assert 'inputmode="numeric"' in tag
    assert 'inputmode' not in re.search(r'<input[^>]*name="mother_full_name"[^>]*>', html).group(0)
    for part in ("day", "month", "year"):
        assert f'name="mother_birth_date-{part}"' in html
    boxes = answer(client, "mother", {**{k: v for k, v in BIRTH["mother"].items() if k != "mother_birth_date"},
                                       "mother_birth_date-day": "12", "mother_birth_date-month": "3",
                                       "mother_birth_date-year": "1995"})
    assert boxes.status_code == 302
    short = answer(client, "mother", {**{k: v for k, v in BIRTH["mother"].items() if k != "mother_birth_date"},
                                       "mother_birth_date-day": "12", "mother_birth_date-month": "3",
                                       "mother_birth_date-year": "95"})
    assert short.status_code == 200 and "đủ 4 chữ số" in short.get_data(as_text=True)


def test_the_guides_search_and_hand_over_take_a_scan_anywhere(client, app, guide):
    from tests.support import fill_birth, sign_in, submit

    fill_birth(client)
    code = submit(client)[0].headers["Location"].split("/")[2]
    with app.test_request_context():
        from kiosk.security.signing import lookup_url

        link = lookup_url(code)
    sign_in(client)
    dashboard = client.get("/staff/").get_data(as_text=True)
    assert 'data-scan-form="q"' in dashboard  # the page's script puts a scan here, whatever has the focus
    assert 'data-scan-form="receipt"' in client.get("/staff/hand-over").get_data(as_text=True)
    lookup = client.get("/lookup").get_data(as_text=True)
    assert 'data-scan-form="code"' in lookup
    assert 'inputmode="numeric"' in re.search(r'<input[^>]*name="phone_last4"[^>]*>', lookup).group(0)
    assert client.get("/staff/find", query_string={"q": link}).headers["Location"] == f"/staff/dossiers/{code}"
    assert client.get("/staff/find", query_string={"q": code}).headers["Location"] == f"/staff/dossiers/{code}"
    forged = link[:-2] + ("AA" if not link.endswith("AA") else "BB")
    refused = client.get("/staff/find", query_string={"q": forged})
    assert refused.status_code == 200 and "Location" not in refused.headers  # a forged QR opens nothing
