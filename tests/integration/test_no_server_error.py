"""No input makes a server error: the inputs a security review found, then generated form posts and JSON
bodies thrown at every POST route of the app (from `app.url_map`), with a valid CSRF token and a signed
in guide or officer for the pages, and signed terminal requests for the API."""
import io
import json
import logging
import re
import time
from urllib.parse import quote

import pytest
from flask_wtf import FlaskForm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from kiosk.auth.services import create_user
from kiosk.central.models import IngestRecord
from kiosk.central.terminals import register_terminal
from kiosk.core.request_signing import headers, private_key
from kiosk.dossiers.models import Dossier
from kiosk.extensions import db
from tests.support import CSRF_RE, MARITAL_PERSON, answer, csrf_token, file_marital_status, sign_in, start


class LastError(logging.Handler):
    """The exception behind the latest 500, named in a failure so that it can be found."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.last = None

    def emit(self, record):
        if record.exc_info:
            self.last = f"{record.exc_info[0].__name__}: {record.exc_info[1]}"[:300]


@pytest.fixture
def app(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False  # a failure is answered as the server would: a 500 page
    app.extensions["last_error"] = LastError()
    app.logger.addHandler(app.extensions["last_error"])
    return app


def token(client, path):
    match = CSRF_RE.search(client.get(path).get_data(as_text=True))
    return (match.group(1) or match.group(2)) if match else ""


# --- the review's findings -------------------------------------------------------------------------------

@pytest.mark.parametrize("username", ["x" * 150, "lan\x00", "\x00", "lan\n"])
def test_an_impossible_username_is_refused_not_failed_on(client, username):
    response = client.post("/staff/sign-in", data={"csrf_token": csrf_token(client, "/staff/sign-in"),
                                                  "username": username, "password": "whatever it is"})
    assert response.status_code == 400
    if "\x00" not in username:  # a NUL anywhere is refused before any view (kiosk/security/nul.py)
        assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.get_data(as_text=True)


def test_a_nul_in_an_address_query_or_form_is_refused_before_any_view(client):
    token = csrf_token(client, "/staff/sign-in")
    assert client.get("/dossiers/09556-01-261122-0001-2\x00/receipt.pdf").status_code == 404
    assert client.get("/lookup", query_string={"code": "0955\x00"}).status_code == 400
    assert client.post("/lookup", data={"csrf_token": token, "code": "09556", "digits": "12\x004"}).status_code == 400


def test_a_repeating_step_ignores_a_remove_action_that_names_no_item(client):
    start(client, "xac-nhan-tinh-trang-hon-nhan")
    answer(client, "person", MARITAL_PERSON)
    answer(client, "status", {"marital_status": "divorced", "purpose": "Để kết hôn"})
    items = {"items-0-former_spouse_name": "Nguyễn Văn An", "items-1-former_spouse_name": "Phạm Văn Bình"}
    for action in ("remove-x", "remove-", "remove-²", "remove--1", "remove-99999999999999999999"):
        response = client.post("/apply/previous_marriages", data={
            "csrf_token": csrf_token(client, "/apply/previous_marriages"), "action": action, **items})
        html = response.get_data(as_text=True)
        assert response.status_code == 200, action
        assert "Nguyễn Văn An" in html and "Phạm Văn Bình" in html, action  # nothing removed
    response = client.post("/apply/previous_marriages", data={
        "csrf_token": csrf_token(client, "/apply/previous_marriages"), "action": "remove-0", **items})
    assert "Nguyễn Văn An" not in response.get_data(as_text=True)  # a real item number still removes


def test_a_file_or_json_where_a_form_field_belongs_is_a_plain_refusal(client):
    """Found by the generated posts below: a file posted as the username, a JSON body, and a multipart part
    without a name each failed with a 500."""
    token = csrf_token(client, "/staff/sign-in")
    as_file = client.post("/staff/sign-in", content_type="multipart/form-data", data={
        "csrf_token": token, "username": (io.BytesIO(b"lan"), "lan.txt"), "password": "correct horse battery"})
    assert as_file.status_code == 400 and "Nhập tên đăng nhập" in as_file.get_data(as_text=True)
    as_json = client.post("/staff/sign-in", json=[1, {"username": "lan"}], headers={"X-CSRFToken": token})
    assert as_json.status_code == 400
    boundary = "kioskboundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data\r\n\r\nno name\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nlan\r\n--{boundary}--\r\n")
    unnamed = client.post("/staff/sign-in", data=body.encode(),
                          content_type=f"multipart/form-data; boundary={boundary}", headers={"X-CSRFToken": token})
    assert unnamed.status_code == 400 and "Nhập mật khẩu" in unnamed.get_data(as_text=True)


# --- generated input at every POST route -----------------------------------------------------------------

def form_field_names(app) -> list[str]:
    """Every name a form of this app reads: its WTForms fields, the procedures' fields (and repeating
    items'), and the names templates post by hand."""
    names = {"csrf_token", "action", "submission_key", "declaration", "method", "reasons", "from", "q"}
    pending = [FlaskForm]
    while pending:
        form = pending.pop()
        pending.extend(form.__subclasses__())
        names |= {name for name in dir(form) if hasattr(getattr(form, name, None), "field_class")}
    for procedure in app.extensions["catalogue"].procedures.values():
        for step in procedure.steps:
            for field in step.fields:
                names |= {field.name, f"items-0-{field.name}", f"items-1-{field.name}"}
    return sorted(names)


def path_arguments(app, code):
    catalogue = app.extensions["catalogue"]
    steps = sorted({step.id for procedure in catalogue.procedures.values() for step in procedure.steps})
    return {"code": st.sampled_from([code, "09556-01-261122-9999-X", "khai-sinh"]) | st.text(max_size=40),
            "step_id": st.sampled_from(steps) | st.text(max_size=20),
            "action": st.sampled_from(["receive", "supplement", "reject", "result", "x"]) | st.text(max_size=20)}


TEXT = st.text(max_size=60) | st.sampled_from(["", "\x00", "x" * 300, "-1", "99999999999999999999", "0",
                                               "remove-x", "add", "01/01/0001", "31/12/9999", "yes", "cash"])
HEADER_TEXT = st.text(st.characters(min_codepoint=32, max_codepoint=255, exclude_characters="\x7f"), max_size=110)
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
                    max_leaves=12)


def fill(rule, arguments: dict) -> str:
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda m: quote(arguments[m.group(1)], safe=""), rule.rule)


@pytest.fixture
def world(app):
    """A filed dossier with a fee, a guide and an officer signed in (each with its CSRF token), an anonymous
    resident, and a registered terminal."""
    with app.app_context():
        create_user("lan", "correct horse battery", "Trần Thị Lan")
        create_user("hoa", "officer password 1", "Lê Thị Hoa", role="officer", agency_code="09556")
        _id, terminal_key = register_terminal("09556", 1)
    resident = app.test_client()
    code = file_marital_status(resident).strip("/").split("/")[1]
    guide, officer = app.test_client(), app.test_client()
    sign_in(guide)
    sign_in(officer, "hoa", "officer password 1")
    clients = {"resident": resident, "guide": guide, "officer": officer}
    tokens = {name: token(client, "/staff/" if name != "resident" else "/procedures/khai-sinh")
              for name, client in clients.items()}
    return code, clients, tokens, private_key(terminal_key)


def test_generated_posts_at_every_route_make_no_server_error(app, world):
    code, clients, tokens, terminal_key = world
    rules = sorted((rule for rule in app.url_map.iter_rules() if "POST" in rule.methods), key=lambda r: r.rule)
    assert len(rules) > 20 and any(r.endpoint.startswith("api.") for r in rules)
    names, arguments = form_field_names(app), path_arguments(app, code)
    failures = []

    for rule in rules:
        strategies = {name: arguments.get(name, st.text(max_size=20)) for name in rule.arguments}
        if rule.endpoint.startswith("api."):
            post_api(app, rule, strategies, terminal_key, failures)
        else:
            post_form(app, rule, strategies, names, clients, tokens, failures)
    assert not failures, "\n".join(map(repr, failures))


def post_form(app, rule, strategies, names, clients, tokens, failures, examples=10):
    who = ["resident"] if rule.endpoint == "staff.sign_out" else sorted(clients)  # signed in, they stay so

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(path=st.fixed_dictionaries(strategies), person=st.sampled_from(who),
           form=st.dictionaries(st.sampled_from(names) | st.text(max_size=10), TEXT | st.binary(max_size=64),
                                max_size=8), csrf=st.booleans(), procedure=st.sampled_from(
               ["khai-sinh", "xac-nhan-tinh-trang-hon-nhan", "ket-hon"]),
           encoding=st.sampled_from(["multipart/form-data", "application/x-www-form-urlencoded", "json"]))
    def check(path, person, form, csrf, procedure, encoding):
        client = clients[person]
        if rule.endpoint.startswith("resident.") and person == "resident":
            client.post(f"/procedures/{procedure}/start", data={"csrf_token": tokens[person]})
        if encoding == "multipart/form-data":
            data = {name: ((io.BytesIO(value), "scan.jpg") if isinstance(value, bytes) else value)
                    for name, value in form.items()}
        else:
            data = {name: (value.decode("latin-1") if isinstance(value, bytes) else value)
                    for name, value in form.items()}
        if csrf:
            data["csrf_token"] = tokens[person]
        if encoding == "json":  # a script's post, its token in the header Flask-WTF also reads
            response = client.post(fill(rule, path), json=data, headers={"X-CSRFToken": tokens[person]})
        else:
            response = client.post(fill(rule, path), data=data, content_type=encoding)
        if response.status_code >= 500:
            failures.append((rule.endpoint, person, path, form, app.extensions["last_error"].last))

    check()


def post_api(app, rule, strategies, terminal_key, failures, examples=10):
    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(path=st.fixed_dictionaries(strategies), body=JSON.map(lambda v: json.dumps(v).encode()) | st.binary(
        max_size=200) | st.sampled_from([b"[" * 100_000, b"{" * 5000]), key=HEADER_TEXT)
    def check(path, body, key):
        client = app.test_client()
        url = fill(rule, path)
        signed = headers("09556-01", terminal_key, "POST", re.sub(r"%[0-9A-F]{2}", lambda m: bytes.fromhex(
            m.group()[1:]).decode("latin-1"), url), body, time.time(), idempotency_key=key)
        head = {**signed, "Idempotency-Key": key, "Content-Type": "application/json"}
        response = client.post(url, data=body, headers=head)
        if response.status_code >= 500:
            failures.append((rule.endpoint, path, body[:200], app.extensions["last_error"].last))

    check()


def test_broken_bodies_to_the_api_are_refused_and_nothing_stored(app, world):
    _code, _clients, _tokens, terminal_key = world
    client = app.test_client()
    with app.app_context():
        before = (db.session.scalar(select(func.count()).select_from(Dossier)),
                  db.session.scalar(select(func.count()).select_from(IngestRecord)))
    for path in ("/api/v1/dossiers", "/api/v1/ratings", "/api/v1/batch"):
        body = b"[" * 100_000
        signed = headers("09556-01", terminal_key, "POST", path, body, time.time(), idempotency_key="k")
        response = client.post(path, data=body, headers={**signed, "Idempotency-Key": "k"})
        assert response.status_code == 400 and response.is_json, path
    with app.app_context():
        assert (db.session.scalar(select(func.count()).select_from(Dossier)),
                db.session.scalar(select(func.count()).select_from(IngestRecord))) == before
