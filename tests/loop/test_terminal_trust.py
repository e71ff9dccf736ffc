"""What the centre lets a terminal do, over real HTTP with the centre on PostgreSQL: only a ward's own
work (filing, fees, hand-overs, scans, ratings), every request signed over all that gives it meaning, and
nothing stored from a request it refuses."""
import json
import time
from datetime import date

import pytest
import requests
from sqlalchemy import func, select

from kiosk.central import terminals
from kiosk.central.models import FeedEntry, IngestRecord
from kiosk.core.codes import make_code
from kiosk.core.request_signing import headers, private_key
from kiosk.dossiers import services
from kiosk.dossiers.models import Dossier, DossierEvent
from kiosk.dossiers.operations import OPERATIONS
from kiosk.dossiers.states import Status
from kiosk.extensions import db

TODAY = date.today()


def dossier_body(code, **changes):
    return {"code": code, "procedure_code": "xac-nhan-tinh-trang-hon-nhan", "channel": "self_service",
            "applicant_name": "Lê Thị Hoa", "phone_last4": "4321", "answers": {"full_name": "Lê Thị Hoa"},
            "fee": 15000, "locale": "vi", "submitted_at": f"{TODAY}T03:00:00", "due_on": f"{TODAY}", **changes}


class Terminal:
    """A terminal's requests made by hand, so that a test can also capture one and replay it altered."""

    def __init__(self, central, terminal_id, printed_key):
        self.url, self.id, self.key = central.url, terminal_id, private_key(printed_key)

    def signed(self, method, path, body=b"", query="", key=""):
        return headers(self.id, self.key, method, path, body, time.time(), query=query, idempotency_key=key)

    def send(self, method, path, body=b"", query="", key="", signed=None):
        head = {"Content-Type": "application/json", **(signed or self.signed(method, path, body, query, key))}
        if key:
            head["Idempotency-Key"] = key
        return requests.request(method, f"{self.url}{path}{'?' + query if query else ''}", data=body or None,
                                headers=head, timeout=10)

    def post(self, path, payload, key):
        body = payload if isinstance(payload, bytes) else json.dumps(payload, ensure_ascii=False).encode()
        return self.send("POST", path, body, key=key)


@pytest.fixture
def ward(central, central_app, terminal_key):
    return Terminal(central, "09556-01", terminal_key)


@pytest.fixture
def other_ward(central, central_app):
    with central_app.app_context():
        _id, key = terminals.register_terminal("09557", 1)
    return Terminal(central, "09557-01", key)


def stored(central_app):
    """What the centre holds: dossiers, their events, feed entries and idempotency records."""
    with central_app.app_context():
        return tuple(db.session.scalar(select(func.count()).select_from(model))
                     for model in (Dossier, DossierEvent, FeedEntry, IngestRecord))


def filed(ward, central_app, sequence=1):
    code = make_code("09556", 1, TODAY, sequence)
    assert ward.post("/api/v1/dossiers", dossier_body(code), f"dossier:{code}").status_code == 201
    return code


def receive_at_the_centre(central_app, code):
    with central_app.app_context():
        dossier = services.find_by_code(code)
        services.transition(dossier, Status.RECEIVED, "officer:hoa")


# Every kind an officer's operation records, from the registry: a decision added there is covered here.
DECISIONS = [str(kind) for operation in OPERATIONS.values() if operation.made_at == "centre" for kind in operation.kinds]


def test_a_terminal_never_makes_an_officers_decision(ward, central_app):
    code = filed(ward, central_app)
    receive_at_the_centre(central_app, code)  # so that each decision would be a legal next step
    before = stored(central_app)
    for status in DECISIONS:
        alone = ward.post(f"/api/v1/dossiers/{code}/events", {"actor": "guide:lan", "to_status": status},
                          f"event:{status}")
        assert alone.status_code == 403 and "officer's decision" in alone.json()["error"], status
        item = {"path": f"/api/v1/dossiers/{code}/events", "key": f"batch:{status}",
                "body": json.dumps({"actor": "guide:lan", "to_status": status})}
        batch = ward.post("/api/v1/batch", {"items": [item]}, "")
        assert batch.status_code == 200 and batch.json()["replies"][0]["status"] == 403, status
        # nor as an event "without a status change" named after the decision
        disguised = ward.post(f"/api/v1/dossiers/{code}/events", {"actor": "guide:lan", "kind": status},
                              f"kind:{status}")
        assert disguised.status_code == 422, status
    assert sorted(DECISIONS) == ["received", "rejected", "result_ready", "supplement_requested"]
    assert stored(central_app) == before  # no event, no feed entry, no record of the refused keys
    with central_app.app_context():
        assert services.find_by_code(code).status == "received"


def test_a_hand_over_is_the_one_status_a_terminal_sets(ward, central_app):
    code = filed(ward, central_app)
    receive_at_the_centre(central_app, code)
    with central_app.app_context():
        dossier = services.find_by_code(code)
        services.transition(dossier, Status.RESULT_READY, "officer:hoa")
    reply = ward.post(f"/api/v1/dossiers/{code}/events", {"actor": "guide:lan", "to_status": "returned"}, "e1")
    assert reply.status_code == 200 and reply.json()["status"] == "returned"


def test_another_wards_terminal_reaches_nothing_of_this_ward(ward, other_ward, central_app):
    code = filed(ward, central_app)
    before = stored(central_app)
    hand_over = other_ward.post(f"/api/v1/dossiers/{code}/events", {"actor": "guide:x", "to_status": "returned"},
                                "x1")
    fee = other_ward.post(f"/api/v1/dossiers/{code}/events", {"actor": "guide:x", "kind": "fee_paid"}, "x2")
    scan = other_ward.post(f"/api/v1/dossiers/{code}/documents",
                           {"document_index": 0, "actor": "guide:x", "jpeg": "/9j/"}, "x3")
    assert (hand_over.status_code, fee.status_code, scan.status_code) == (404, 404, 404)
    forged = other_ward.post("/api/v1/dossiers", dossier_body(make_code("09556", 1, TODAY, 2)), "x4")
    assert forged.status_code == 422 and "another terminal" in forged.json()["error"]
    assert stored(central_app) == before


def test_a_fee_is_recorded_once_and_only_where_there_is_one(ward, central_app):
    code = filed(ward, central_app)
    paid = {"actor": "guide:lan", "kind": "fee_paid", "reason": "BL-09556-2026-000001: 15000 đ (cash)"}
    assert ward.post(f"/api/v1/dossiers/{code}/events", paid, "fee-1").status_code == 200
    before = stored(central_app)
    again = ward.post(f"/api/v1/dossiers/{code}/events", paid, "fee-2")
    assert again.status_code == 409 and "already recorded" in again.json()["error"]
    free = make_code("09556", 1, TODAY, 2)
    assert ward.post("/api/v1/dossiers", dossier_body(free, fee=0), f"dossier:{free}").status_code == 201
    before = stored(central_app)
    assert ward.post(f"/api/v1/dossiers/{free}/events", paid, "fee-3").status_code == 422
    assert stored(central_app) == before


def test_a_captured_feed_request_does_not_serve_another_query(ward):
    captured = ward.signed("GET", "/api/v1/feed", query="after=1000")
    assert ward.send("GET", "/api/v1/feed", query="after=1000", signed=captured).status_code == 200
    for query in ("after=0&limit=1000", "after=0", "after=1000&limit=1000", ""):
        reply = ward.send("GET", "/api/v1/feed", query=query, signed=captured)
        assert reply.status_code == 401 and "entries" not in reply.json(), query


def test_a_captured_fee_paid_replayed_under_a_new_key_is_refused(ward, central_app):
    code = filed(ward, central_app)
    path = f"/api/v1/dossiers/{code}/events"
    body = json.dumps({"actor": "guide:lan", "kind": "fee_paid"}).encode()
    captured = ward.signed("POST", path, body, key="fee-original")
    assert ward.send("POST", path, body, key="fee-original", signed=captured).status_code == 200
    replayed = ward.send("POST", path, body, key="fee-replayed", signed=captured)
    assert replayed.status_code == 401
    unkeyed = ward.send("POST", path, body, signed=captured)  # the key dropped from the request
    assert unkeyed.status_code == 401
    again = ward.send("POST", path, body, key="fee-original", signed=captured)  # a true retry: first answer
    assert again.status_code == 200
    with central_app.app_context():
        assert [e.kind for e in services.find_by_code(code).events].count("fee_paid") == 1


def nested(depth):
    value = {}
    for _ in range(depth):
        value = {"a": value}
    return value


@pytest.mark.parametrize("name, body, status", [
    ("100,000 brackets", b"[" * 100_000, 400),
    ("answers 600 deep", dossier_body(make_code("09556", 1, TODAY, 1), answers=nested(600)), 422),
    ("filed in year 9999", dossier_body(make_code("09556", 1, TODAY, 1), submitted_at="9999-12-31T23:59:59"), 422),
    ("filed with an offset near the end of time",
     dossier_body(make_code("09556", 1, TODAY, 1), submitted_at="9999-12-31T23:59:59-01:00"), 422),
    ("due in year 1", dossier_body(make_code("09556", 1, TODAY, 1), due_on="0001-01-01"), 422),
    ("filed in year 1", dossier_body(make_code("09556", 1, TODAY, 1), submitted_at="0001-01-01T00:00:00"), 422),
])
def test_input_that_broke_the_centre_is_refused_and_nothing_stored(ward, central_app, name, body, status):
    reply = ward.post("/api/v1/dossiers", body, "bad-1")
    assert reply.status_code == status, (name, reply.text[:200])
    assert "error" in reply.json()
    if isinstance(body, bytes):
        batch = ward.post("/api/v1/batch", body, "")
        assert batch.status_code == 400
    else:
        item = {"path": "/api/v1/dossiers", "key": "bad-2", "body": json.dumps(body)}
        batch = ward.post("/api/v1/batch", {"items": [item]}, "")
        assert batch.status_code == 200 and batch.json()["replies"][0]["status"] == status, name
    rating = {"id": "a" * 64, "occasion": "submission", "procedure_code": "khai-sinh", "channel": "self_service",
              "score": 4, "reasons": [], "rated_on": "0001-01-01"}
    assert ward.post("/api/v1/ratings", rating, "bad-3").status_code == 422
    assert stored(central_app) == (0, 0, 0, 0)


def test_an_offset_is_converted_to_utc_not_dropped(ward, central_app):
    code = make_code("09556", 1, TODAY, 1)
    reply = ward.post("/api/v1/dossiers", dossier_body(code, submitted_at=f"{TODAY}T10:00:00+07:00"), "tz-1")
    assert reply.status_code == 201
    with central_app.app_context():
        assert services.find_by_code(code).submitted_at.hour == 3


def test_revoked_then_restored_terminal_is_refused_then_accepted(ward, central_app):
    code = filed(ward, central_app)
    with central_app.app_context():
        assert terminals.revoke_terminal("09556-01", "anh@centre", "laptop missing")
    before = stored(central_app)
    second = make_code("09556", 1, TODAY, 2)
    refused = ward.post("/api/v1/dossiers", dossier_body(second), f"dossier:{second}")
    assert refused.status_code == 403 and "revoked" in refused.json()["error"]
    assert ward.send("GET", "/api/v1/feed", query="after=0").status_code == 403
    assert stored(central_app) == before
    with central_app.app_context():
        assert terminals.restore_terminal("09556-01", "anh@centre", "found in the office") is None  # same key
        actions = [(e.action, e.actor, e.reason) for e in terminals.history("09556-01")]
    assert actions[1:] == [("revoked", "anh@centre", "laptop missing"),
                           ("restored", "anh@centre", "found in the office")]
    accepted = ward.post("/api/v1/dossiers", dossier_body(second), f"dossier:{second}")
    assert accepted.status_code == 201
    with central_app.app_context():
        assert {d.code for d in db.session.scalars(select(Dossier))} == {code, second}


def test_a_rating_counts_for_the_terminals_own_ward_and_a_known_procedure(ward, central_app):
    from kiosk.ratings.models import Rating

    rating = {"id": "b" * 64, "occasion": "submission", "procedure_code": "khai-sinh", "channel": "self_service",
              "score": 5, "reasons": [], "rated_on": f"{TODAY}"}
    assert ward.post("/api/v1/ratings", {**rating, "ward_code": "09557"}, "r1").status_code == 422
    assert ward.post("/api/v1/ratings", {**rating, "procedure_code": "no-such"}, "r2").status_code == 422
    assert ward.post("/api/v1/ratings", rating, "r3").status_code == 201
    with central_app.app_context():
        assert [r.ward_code for r in db.session.scalars(select(Rating))] == ["09556"]


@pytest.mark.parametrize("username", ["x" * 150, "lan\x00"])
def test_an_impossible_username_at_the_centres_sign_in_is_a_400(central_app, username):
    """PostgreSQL refuses NUL in text and the throttle's key is 100 characters: both failed with a 500."""
    from tests.support import csrf_token

    client = central_app.test_client()
    response = client.post("/staff/sign-in", data={"csrf_token": csrf_token(client, "/staff/sign-in"),
                                                  "username": username, "password": "whatever it is"})
    assert response.status_code == 400
