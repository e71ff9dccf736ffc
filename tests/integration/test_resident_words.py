"""The words residents read (issue 15): a step counter that does not change its total, field messages that
name their field in real sentences, one form of address (ông/bà), no English on Vietnamese pages, a draft
that comes back in its language, and a look-up that says what is missing, by when, and what happened."""
import re
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urlparse

import pytest
from sqlalchemy import select

from kiosk.auth.models import StaffUser
from kiosk.auth.services import create_user
from kiosk.core.clock import local_today
from kiosk.dossiers.models import Dossier
from kiosk.extensions import db
from kiosk.forms.builder import _required_message
from kiosk.notify.messages import MAX_LENGTH
from kiosk.notify.models import TextMessage
from kiosk.security.signing import lookup_url
from tests.integration.test_drafts import resume, save, saved_code
from tests.support import (
    BIRTH,
    answer,
    csrf_token,
    fill_birth,
    office_act,
    pdf_text,
    sign_in,
    start,
    submit,
)

PERSON = {"full_name": "Lê Thị Hoa", "birth_date": "12/04/1988", "sex": "female",
          "id_number": "001188004512", "residence": "Hà Nội"}
MARRIAGE = {"items-0-former_spouse_name": "Trần Văn Bình", "items-0-ended_by": "divorce",
            "items-0-ended_reference": "12/2020/QĐST-HNGĐ", "items-0-ended_on": "01/06/2020"}
MISSING = "Bản sao giấy chứng nhận kết hôn của cha mẹ"


def progress(client, path):
    html = client.get(path).get_data(as_text=True)
    return re.search(r'class="progress">([^·<]*)', html).group(1).strip()


# 1. The step counter ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("status, pages", [
    ("single", ["person", "status", "contact"]),
    ("divorced", ["person", "status", "previous_marriages", "contact"]),
])
def test_a_procedure_with_a_conditional_step_never_shows_a_total_that_changes(client, status, pages):
    """"Bước 2/3" then "Bước 3/4" told the resident the form had grown: where a step applies only for some
    answers the total cannot be known, so none is shown, on every page, before and after the answer."""
    start(client, "xac-nhan-tinh-trang-hon-nhan")
    counters = [progress(client, "/apply/person")]
    answer(client, "person", PERSON)
    counters.append(progress(client, "/apply/status"))
    answer(client, "status", {"marital_status": status, "purpose": "Để kết hôn"})
    if status == "divorced":
        counters.append(progress(client, "/apply/previous_marriages"))
        client.post("/apply/previous_marriages",
                    data={"csrf_token": csrf_token(client, "/apply/previous_marriages"), **MARRIAGE})
    counters.append(progress(client, "/apply/contact"))
    assert counters == [f"Bước {n}" for n in range(1, len(pages) + 1)]


def test_a_procedure_without_conditional_steps_keeps_its_total_on_every_page(client):
    start(client)
    counters = []
    for step_id, values in BIRTH.items():
        counters.append(progress(client, f"/apply/{step_id}"))
        answer(client, step_id, values)
    assert counters == ["Bước 1/4", "Bước 2/4", "Bước 3/4", "Bước 4/4"]


# 2. Field messages -----------------------------------------------------------------------------------------

def test_a_future_date_is_named_in_both_languages(client):
    start(client)
    answer(client, "child", BIRTH["child"])
    future = {**BIRTH["mother"], "mother_birth_date": "01/01/2099"}
    html = answer(client, "mother", future).get_data(as_text=True)
    assert html.count("“Ngày sinh của mẹ” không thể là một ngày sau hôm nay.") == 2  # by the field and in the summary
    assert "Ngày không được ở tương lai" not in html
    client.get("/lang/en")
    html = answer(client, "mother", future).get_data(as_text=True)
    assert "“Mother&#39;s date of birth” cannot be later than today." in html


def test_required_messages_are_sentences_not_spliced_labels(client):
    start(client)
    answer(client, "child", BIRTH["child"])
    answer(client, "mother", BIRTH["mother"])
    html = answer(client, "father", {}).get_data(as_text=True)
    assert "Cho biết có khai thông tin người cha hay không." in html
    assert "Chọn có khai" not in html and "Chọn Có khai" not in html
    start(client)
    html = answer(client, "child", {**BIRTH["child"], "child_full_name": "", "child_birth_date": ""}).get_data(
        as_text=True)
    assert "Vui lòng điền mục “Họ, chữ đệm và tên của trẻ”." in html
    assert "Vui lòng nhập ngày cho mục “Ngày, tháng, năm sinh”." in html
    client.get("/lang/en")
    html = answer(client, "child", {**BIRTH["child"], "child_full_name": ""}).get_data(as_text=True)
    assert "Fill in “Child&#39;s full name”." in html


def test_every_catalogue_field_has_a_whole_sentence_when_left_empty(app):
    """Each required field of every procedure, in both languages: a sentence (capital, full stop), and a label
    that is a question is never used as the object of a verb ("Chọn có khai … không?")."""
    with app.test_request_context():
        for procedure in app.extensions["catalogue"].all():
            for step in procedure.steps:
                for definition in step.fields:
                    for locale in ("vi", "en"):
                        message = str(_required_message(definition, locale))
                        label = definition.label.get(locale)
                        assert message[0].isupper() and message.endswith("."), (procedure.code, message)
                        assert f"“{label}”" in message or definition.missing, (procedure.code, message)


# 3. One form of address ------------------------------------------------------------------------------------

OTHER_ADDRESS = re.compile(r"(?<!\w)(bạn|anh/chị|quý khách)(?!\w)", re.IGNORECASE)


def test_residents_are_addressed_as_ong_ba_on_screens_slips_and_texts(client, app, tmp_path):
    pages = ["/", "/procedures", "/procedures?q=zzzz", "/procedures/khai-sinh", "/procedures/dang-ky-tam-tru",
             "/lookup", "/resume"]
    start(client)
    for step_id, values in BIRTH.items():
        pages.append(f"/apply/{step_id}")
        answer(client, step_id, values)
    pages += ["/apply/check", "/apply/save"]
    texts = [client.get(page).get_data(as_text=True) for page in pages]
    response, _ = submit(client)
    done = response.headers["Location"]
    code = done.split("/")[2]
    texts += [client.get(done).get_data(as_text=True), client.get("/finish").get_data(as_text=True)]
    slip = pdf_text(client.get(f"/dossiers/{code}/receipt.pdf").data, tmp_path)
    _supplement_requested(client, app, code)
    with app.app_context():
        sms = [m.body for m in db.session.scalars(select(TextMessage))]
    assert "ông/bà" in " ".join(texts) and "ông/bà" in slip and all("ông/bà" in body for body in sms[1:])
    for text in [*texts, slip, *sms]:
        assert not OTHER_ADDRESS.search(text), OTHER_ADDRESS.search(text).group(0)


# 4. No English on Vietnamese pages -------------------------------------------------------------------------

# Words and phrases that showed through (or would): Flask-Login's and browsers' defaults, WTForms' messages,
# stored ids, and the product's own English words.
ENGLISH = re.compile(r"(?<!\w)(?:Please|log in|Choose File|No file chosen|Browse|This field is required|Not a valid"
                     r"|Invalid|Step|Back|Continue|Submit|Sign in|Sign out|Dossier|Status|Search|Print|Receipt"
                     r"|Resident|resident|Yes|Cancel|Save|Look up|History)(?!\w)"
                     r"|(?<!\w)(?:guide|officer|supervisor|terminal):(?=\w)")


class _Visible(HTMLParser):
    """What a reader sees or hears of a page: text and labelling attributes, less any part marked English
    inside it (the language switch)."""

    SKIPPED = {"script", "style", "title"}
    VOID = {"input", "meta", "link", "br", "img", "hr"}

    def __init__(self):
        super().__init__()
        self.parts, self.stack = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        english = (tag != "html" and attrs.get("lang") == "en") or (self.stack and self.stack[-1][1])
        if not english:
            for name in ("placeholder", "aria-label", "title", "alt"):
                if attrs.get(name):
                    self.parts.append(attrs[name])
            if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
                self.parts.append(attrs["value"])
        if tag not in self.VOID:
            self.stack.append((tag, english or tag in self.SKIPPED))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not (self.stack and self.stack[-1][1]):
            self.parts.append(data)


def visible_text(html):
    parser = _Visible()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def english_on(html):
    return sorted({m.group(0) for m in ENGLISH.finditer(visible_text(html))})


def test_the_english_detector_sees_what_it_must(client):
    assert english_on("<p>Please log in to access this page.</p>") == ["Please", "log in"]
    assert english_on('<a lang="en" href="/lang/en">English <b>Back</b></a>') == []
    assert english_on('<input type="submit" value="Submit"><td>guide:lan</td>') == ["Submit", "guide:"]


def test_vietnamese_pages_carry_no_english(client, app, guide):
    pages = {}
    redirected = client.get("/staff/")  # signed out: Flask-Login sends to sign-in with its message
    assert redirected.status_code == 302
    pages["sign-in with message"] = client.get(redirected.headers["Location"]).get_data(as_text=True)
    assert "Vui lòng đăng nhập để mở trang này." in pages["sign-in with message"]
    for path in ("/", "/procedures", "/procedures?q=ket+hon", "/procedures/khai-sinh",
                 "/procedures/cap-phep-su-dung-tam-thoi-via-he", "/lookup", "/resume"):
        pages[path] = client.get(path).get_data(as_text=True)
    start(client)
    pages["empty step"] = answer(client, "child", {}).get_data(as_text=True)
    for step_id, values in BIRTH.items():
        answer(client, step_id, values)
    pages["check"] = client.get("/apply/check").get_data(as_text=True)
    response, _ = submit(client)
    code = response.headers["Location"].split("/")[2]
    pages["done"] = client.get(response.headers["Location"]).get_data(as_text=True)
    client.post("/finish", data={"csrf_token": csrf_token(client, "/"), "confirmed": "1"})

    sign_in(client)  # the guide, whose actions go into the history
    pages["dashboard"] = client.get("/staff/").get_data(as_text=True)
    client.post(f"/staff/dossiers/{code}/receipt/print", data={"csrf_token": csrf_token(client, "/staff/")})
    pages["staff dossier"] = client.get(f"/staff/dossiers/{code}").get_data(as_text=True)
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(client, "/staff/")})
    _supplement_requested(client, app, code)
    pages["office dossier"] = client.get(f"/office/dossiers/{code}").get_data(as_text=True)
    with app.test_request_context():
        url = urlparse(lookup_url(code))
    pages["lookup result"] = client.get(f"{url.path}?{url.query}").get_data(as_text=True)

    assert 'type="file"' in pages["staff dossier"] and "Chọn tệp" in pages["staff dossier"]
    assert "Trần Thị Lan (cán bộ hướng dẫn)" in pages["staff dossier"]
    assert "Nguyễn Thị Hoa (cán bộ xử lý)" in pages["office dossier"]
    found = {name: english_on(html) for name, html in pages.items()}
    assert not {name: words for name, words in found.items() if words}


def test_the_file_input_keeps_its_real_control_reachable(client, app, guide):
    fill_birth(client)
    response, _ = submit(client)
    code = response.headers["Location"].split("/")[2]
    client.post("/finish", data={"csrf_token": csrf_token(client, "/"), "confirmed": "1"})
    sign_in(client)
    html = client.get(f"/staff/dossiers/{code}").get_data(as_text=True)
    control = re.search(r"<input[^>]*type=\"file\"[^>]*>", html).group(0)
    assert 'class="file-input__input visually-hidden"' in control and "tabindex" not in control
    assert 'aria-labelledby="scan-label"' in control and 'id="scan-label"' in html
    assert '<label class="button button--secondary file-input__button" for="scan">Chọn tệp</label>' in html


# 5. A draft keeps its language -----------------------------------------------------------------------------

@pytest.mark.parametrize("saved_in, resumed_from, expected", [
    ("en", "vi", "Step 3 of 4"),
    ("vi", "en", "Bước 3/4"),
])
def test_a_draft_resumes_in_the_language_it_was_saved_in(client, saved_in, resumed_from, expected):
    client.get(f"/lang/{saved_in}")
    start(client)
    answer(client, "child", BIRTH["child"])
    answer(client, "mother", BIRTH["mother"])
    save(client)
    code = saved_code(client)
    client.post("/drafts/saved/done", data={"csrf_token": csrf_token(client, "/")})
    client.get(f"/lang/{resumed_from}")  # whoever resumes may find the terminal in the other language
    response = resume(client, code, "12/03/1995")
    assert response.headers["Location"] == "/apply/father"
    assert progress(client, "/apply/father").startswith(expected)


# 6. A dossier waiting for papers -------------------------------------------------------------------------

def _supplement_requested(client, app, code, items=MISSING, days=10):
    """An officer receives the dossier and asks for `items` within `days` days; returns the deadline."""
    with app.app_context():
        if db.session.scalar(select(StaffUser).where(StaffUser.username == "hoa")) is None:
            create_user("hoa", "officer password 1", "Nguyễn Thị Hoa", "officer", "09556")
    sign_in(client, "hoa", "officer password 1")
    with app.app_context():
        deadline = local_today() + timedelta(days=days)
    assert office_act(client, code, "receive").status_code == 302
    assert office_act(client, code, "supplement", reason=items, deadline=deadline.isoformat()).status_code == 302
    return deadline


def _filed(client):
    response = fill_birth(client) and submit(client)[0]
    code = response.headers["Location"].split("/")[2]
    client.post(f"/dossiers/{code}/receipt/print", data={"csrf_token": csrf_token(client, "/")})
    client.post("/finish", data={"csrf_token": csrf_token(client, "/"), "confirmed": "1"})
    return code


def _looked_up(client, app, code, locale="vi"):
    client.get(f"/lang/{locale}")
    with app.test_request_context():
        url = urlparse(lookup_url(code))
    return visible_text(client.get(f"{url.path}?{url.query}").get_data(as_text=True))


def test_the_text_message_says_what_is_missing_and_by_when(client, app):
    code = _filed(client)
    deadline = _supplement_requested(client, app, code)
    with app.app_context():
        body = db.session.scalars(select(TextMessage.body).order_by(TextMessage.id.desc())).first()
    assert body == (f"Hồ sơ {code} cần bổ sung: {MISSING}. Mời ông/bà mang giấy tờ cùng giấy tiếp nhận đến "
                    f"{app.config['WARD_NAME']} chậm nhất ngày {deadline:%d/%m/%Y}.")


def test_a_long_request_is_cut_in_its_words_never_in_its_deadline(client, app):
    code = _filed(client)
    long_items = "Bản sao giấy tờ " * 28  # 448 characters: more than one message holds
    deadline = _supplement_requested(client, app, code, items=long_items.strip())
    with app.app_context():
        body = db.session.scalars(select(TextMessage.body).order_by(TextMessage.id.desc())).first()
    assert len(body) == MAX_LENGTH and "…" in body and body.endswith(f"chậm nhất ngày {deadline:%d/%m/%Y}.")


def test_the_longest_request_the_officer_may_write_fits_the_history(client, app):
    """What is missing plus its deadline fits an event's reason (500 characters; PostgreSQL refused more)."""
    from kiosk.central.office import SUPPLEMENT_ITEMS_MAX
    from kiosk.dossiers.models import DossierEvent

    code = _filed(client)
    _supplement_requested(client, app, code, items="x" * SUPPLEMENT_ITEMS_MAX)
    with app.app_context():
        stored = db.session.scalars(select(DossierEvent.reason).where(DossierEvent.to_status == "supplement_requested")
                                    .order_by(DossierEvent.id.desc())).first()
    assert stored.startswith("x" * SUPPLEMENT_ITEMS_MAX) and len(stored) <= DossierEvent.reason.type.length
    other = _filed(app.test_client())
    assert office_act(client, other, "receive").status_code == 302
    with app.app_context():
        deadline = local_today() + timedelta(days=5)
    too_long = office_act(client, other, "supplement", reason="x" * (SUPPLEMENT_ITEMS_MAX + 1),
                          deadline=deadline.isoformat())
    assert too_long.status_code == 400 and f"Viết tối đa {SUPPLEMENT_ITEMS_MAX} ký tự." in too_long.get_data(as_text=True)


def test_the_look_up_says_what_is_missing_by_when_and_no_stale_due_date(client, app):
    code = _filed(client)
    with app.app_context():
        due_on = db.session.scalar(select(Dossier.due_on).where(Dossier.code == code))
    before = _looked_up(client, app, code)
    assert f"Ngày hẹn trả kết quả {due_on:%d/%m/%Y}" in before and "Giấy tờ cần bổ sung" not in before
    deadline = _supplement_requested(client, app, code)
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(client, "/office/")})
    page = _looked_up(client, app, code)
    assert "Giấy tờ cần bổ sung" in page and MISSING in page
    assert f"chậm nhất ngày {deadline:%d/%m/%Y}" in page
    assert "Ngày hẹn trả kết quả Sẽ được hẹn lại khi hồ sơ đầy đủ" in page
    # the old date is not shown as if it held (an in-the-day procedure's due date is also its filing date,
    # which the page rightly shows: look at the appointment only)
    assert f"Ngày hẹn trả kết quả {due_on:%d/%m/%Y}" not in page
    english = _looked_up(client, app, code, "en")
    assert "Documents still needed" in english and f"Bring them to the ward by {deadline:%d/%m/%Y}" in english


def test_the_look_up_timeline_shows_only_what_the_resident_may_read(client, app):
    code = _filed(client)
    _supplement_requested(client, app, code)
    client.get(f"/office/dossiers/{code}")  # an officer's view: staff's business, not the resident's
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(client, "/office/")})
    page = _looked_up(client, app, code)
    timeline = page[page.index("Quá trình xử lý hồ sơ"):]
    steps = ("Đã nộp, chờ tiếp nhận", "Đã tiếp nhận, đang xử lý", "Cần bổ sung giấy tờ")
    assert [timeline.count(label) for label in steps] == [1, 1, 1]  # the receipt's print and the views: not here
    assert timeline.index(steps[0]) < timeline.index(steps[1]) < timeline.index(steps[2])
    assert f"Cần bổ sung giấy tờ: {MISSING}" in timeline
    for hidden in ("Đã in giấy tiếp nhận", "Cán bộ mở xem", "Nguyễn Thị Hoa", "hoa", "officer"):
        assert hidden not in timeline, hidden
    english = _looked_up(client, app, code, "en")
    assert "What has happened" in english and "More documents needed" in english
