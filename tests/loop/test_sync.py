"""Terminal and centre over real HTTP: nothing lost, nothing duplicated, changes flow back."""
import io
import re
import threading
import time
from datetime import timedelta

import requests
from PIL import Image
from sqlalchemy import func, select, update

from kiosk.central.models import FeedEntry, RegisteredTerminal
from kiosk.central.services import publish
from kiosk.core.clock import local_today
from kiosk.core.request_signing import headers, private_key
from kiosk.dossiers import services
from kiosk.dossiers.models import Dossier
from kiosk.dossiers.states import Status
from kiosk.extensions import db
from kiosk.ratings.models import Rating
from kiosk.reports import figures
from kiosk.sync import link, worker
from kiosk.sync.models import OutboxMessage
from tests.support import BIRTH, answer, csrf_token, start, submit


def file_dossiers(app, count=1):
    client = app.test_client()
    codes = []
    for _ in range(count):
        start(client)
        for step_id, values in BIRTH.items():
            answer(client, step_id, values)
        response, _ = submit(client)
        codes.append(response.headers["Location"].split("/")[2])
        assert client.get(f"/dossiers/{codes[-1]}/receipt.pdf").data.startswith(b"%PDF")
    return codes


def count_central(central_app):
    with central_app.app_context():
        return db.session.scalar(select(func.count()).select_from(Dossier))


def sync(app):
    with app.app_context():
        return worker.sync_once()


def make_due(app):
    """Skip the link's backoff wait, as if its time had passed."""
    with app.app_context():
        link.current().next_attempt_at = None
        db.session.commit()


def test_dossier_and_outbox_message_are_written_together(terminal_app, central_app):
    [code] = file_dossiers(terminal_app)
    with terminal_app.app_context():
        message = db.session.scalar(select(OutboxMessage))
        assert message.dossier_code == code and message.sent_at is None
    assert sync(terminal_app)["sent"] == 1
    assert sync(terminal_app)["sent"] == 0
    assert count_central(central_app) == 1
    with central_app.app_context():
        dossier = db.session.scalar(select(Dossier))
        assert dossier.code == code and dossier.events[0].actor == "terminal:09556-01"
        assert figures.compute(local_today(), local_today()).total == 1  # the centre's intake is counted


def test_centre_down_receipts_still_print_and_everything_arrives_once(terminal_app, central_app, central):
    central.stop()
    codes = file_dossiers(terminal_app, 3)
    result = sync(terminal_app)
    assert result["sent"] == 0 and result["waiting"] == 3 and result["link"] == "unreachable"
    with terminal_app.app_context():
        first = db.session.scalar(select(OutboxMessage).order_by(OutboxMessage.id))
        assert first.next_attempt_at is None  # the link waits, not the message
        assert link.current().next_attempt_at is not None and link.current().failures == 1
    assert sync(terminal_app)["link"] == "not_due"
    central.start()
    make_due(terminal_app)
    assert sync(terminal_app)["sent"] == 3
    make_due(terminal_app)
    sync(terminal_app)
    with central_app.app_context():
        assert sorted(db.session.scalars(select(Dossier.code))) == sorted(codes)


def test_terminal_killed_after_sending_before_recording_makes_no_duplicate(terminal_app, central_app):
    file_dossiers(terminal_app)
    with terminal_app.app_context():
        message = db.session.scalar(select(OutboxMessage))
        client = worker.client_from_config(terminal_app.config)
        assert client.post(message.path, message.body, message.idempotency_key).status == 201
        # ... and the terminal dies here: sent_at was never written.
    assert sync(terminal_app)["sent"] == 1  # the resend gets the first answer back
    assert count_central(central_app) == 1


def test_a_batch_is_taken_in_order_each_message_once(terminal_app, central_app):
    from types import SimpleNamespace

    file_dossiers(terminal_app, 4)
    with terminal_app.app_context():
        client = worker.client_from_config(terminal_app.config)
        first, second, third, fourth = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        assert [r.status for r in client.batch([first, second])] == [201, 201]  # all new: written together
        unknown = SimpleNamespace(path="/api/v1/dossiers/09556-01-261122-9999-X/events", idempotency_key="k0",
                                  body='{"actor": "guide:lan", "to_status": "returned"}')
        wrong_path = SimpleNamespace(path="/api/v1/feed", idempotency_key="k1", body="{}")
        not_json = SimpleNamespace(path="/api/v1/ratings", idempotency_key="k2", body="[1]")
        replies = client.batch([second, third, unknown, wrong_path, not_json, fourth])  # then one by one
        assert [r.status for r in replies] == [201, 201, 404, 404, 400, 201]
        assert [r.status for r in client.batch([first, fourth])] == [201, 201]  # resent: the first answers
    assert count_central(central_app) == 4


def test_centre_restarted_mid_batch(terminal_app, central_app, central):
    file_dossiers(terminal_app, 4)
    with terminal_app.app_context():
        client = worker.client_from_config(terminal_app.config)
        for message in db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id).limit(2)):
            client.post(message.path, message.body, message.idempotency_key)
    central.stop()
    assert sync(terminal_app)["sent"] == 0
    central.start()
    make_due(terminal_app)
    assert sync(terminal_app)["sent"] == 4
    assert count_central(central_app) == 4


def test_twenty_threads_sending_one_key_make_one_dossier(terminal_app, central_app):
    file_dossiers(terminal_app)
    with terminal_app.app_context():
        message = db.session.scalar(select(OutboxMessage))
        path, body, key = message.path, message.body, message.idempotency_key
    client = worker.client_from_config(terminal_app.config)
    replies = []
    threads = [threading.Thread(target=lambda: replies.append(client.post(path, body, key))) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [reply.status for reply in replies] == [201] * 20, [r.body for r in replies if r.status != 201]
    assert count_central(central_app) == 1


def test_messages_arriving_at_once_are_each_answered_and_stored_once(terminal_app, central_app):
    file_dossiers(terminal_app, 12)
    with terminal_app.app_context():
        messages = [(m.path, m.body, m.idempotency_key) for m in db.session.scalars(select(OutboxMessage))]
    client = worker.client_from_config(terminal_app.config)
    sends = messages + messages[:4]  # a third of them twice, as after lost replies
    replies = []
    threads = [threading.Thread(target=lambda m=m: replies.append(client.post(*m))) for m in sends]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(reply.status for reply in replies) == [201] * len(sends)
    assert count_central(central_app) == 12


def test_same_key_with_another_body_is_refused(terminal_app, central_app):
    file_dossiers(terminal_app)
    with terminal_app.app_context():
        message = db.session.scalar(select(OutboxMessage))
    client = worker.client_from_config(terminal_app.config)
    assert client.post(message.path, message.body, message.idempotency_key).status == 201
    altered = message.body.replace("Trần Thị Mai", "Trần Thị Mây")
    reply = client.post(message.path, altered, message.idempotency_key)
    assert reply.status == 422 and "different body" in reply.body["error"]


def signed(central, terminal_id, key, method="GET", path="/api/v1/feed", body=b"", now=None):
    return requests.request(method, central.url + path, data=body or None, timeout=5,
                            headers=headers(terminal_id, private_key(key), method, path, body, now or time.time()))


def test_unknown_revoked_forged_and_stale_requests_are_refused(central, central_app, terminal_key):
    assert signed(central, "09556-01", terminal_key).status_code == 200
    assert signed(central, "99999-01", terminal_key).status_code == 401
    assert signed(central, "09556-01", "not-the-key").status_code == 401
    assert signed(central, "09556-01", terminal_key, now=time.time() - 3600).status_code == 401
    from kiosk.central.terminals import revoke_terminal

    with central_app.app_context():
        revoke_terminal("09556-01")
    assert signed(central, "09556-01", terminal_key).status_code == 403


def test_terminals_are_known_at_once_and_revoked_everywhere_within_seconds(central, central_app, terminal_key):
    from kiosk.central import terminals

    now = [0.0]  # the roster's clock, moved by the test
    central_app.extensions["terminal_roster"] = terminals.Roster(clock=lambda: now[0])
    assert signed(central, "09556-01", terminal_key).status_code == 200  # the centre has read its terminals
    with central_app.app_context():
        _, second_key = terminals.register_terminal("09557", 1)
    assert signed(central, "09557-01", second_key).status_code == 200  # registered since: known at once
    with central_app.app_context():  # revoked by another centre process: this one reads it within seconds
        db.session.execute(update(RegisteredTerminal).values(revoked_at=func.now()))
        db.session.commit()
    now[0] += terminals.KNOWN_FOR_S
    assert signed(central, "09557-01", second_key).status_code == 403


def test_a_message_the_centre_disagrees_with_is_held_back_and_shown_to_staff(terminal_app, central_app,
                                                                             guide_on_terminal):
    file_dossiers(terminal_app)
    with terminal_app.app_context():
        message = db.session.scalar(select(OutboxMessage))
        message.body = message.body.replace('"locale":"vi"', '"locale":"fr"')
        db.session.commit()
    assert sync(terminal_app)["held"] == 1
    make_due(terminal_app)
    assert sync(terminal_app)["sent"] == 0  # held back until its slow retry, not resent every pass
    client = guide_on_terminal
    html = client.get("/staff/").get_data(as_text=True)
    assert "locale" in html and "Bị giữ lại" in html


def make_ready_at_the_centre(central_app, code):
    with central_app.app_context():
        dossier = services.find_by_code(code)
        for status in (Status.RECEIVED, Status.RESULT_READY):
            publish(dossier, services.transition(dossier, status, "officer:hoa", "ok", commit=False))
        db.session.commit()


def test_officer_changes_flow_back_and_apply_once(terminal_app, central_app):
    [code] = file_dossiers(terminal_app)
    sync(terminal_app)
    make_ready_at_the_centre(central_app, code)
    assert sync(terminal_app)["applied"] == 2
    with terminal_app.app_context():
        from kiosk.sync.models import SyncState

        db.session.merge(SyncState(name="feed_cursor", value="0"))  # replay the whole feed
        db.session.commit()
    assert sync(terminal_app)["applied"] == 0
    with terminal_app.app_context():
        dossier = services.find_by_code(code)
        assert dossier.status == "result_ready"
        assert [e.kind for e in dossier.events if e.kind in ("received", "result_ready")] == ["received",
                                                                                            "result_ready"]
    with central_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(FeedEntry)) == 2


def test_backoff_has_full_jitter_and_a_cap():
    assert worker.backoff_delay(3, rng=lambda: 1.0) == 8.0
    assert worker.backoff_delay(3, rng=lambda: 0.0) == 0.0
    assert worker.backoff_delay(30, rng=lambda: 1.0) == link.BACKOFF_CAP_S
    assert timedelta(seconds=worker.backoff_delay(1)) <= timedelta(seconds=2)


def test_hand_over_at_the_ward_reaches_the_centre(terminal_app, central_app, guide_on_terminal):
    [code] = file_dossiers(terminal_app)
    sync(terminal_app)
    make_ready_at_the_centre(central_app, code)
    sync(terminal_app)
    client = guide_on_terminal
    token = csrf_token(client, f"/staff/dossiers/{code}/hand-over")
    client.post(f"/staff/dossiers/{code}/hand-over", data={
        "csrf_token": token, "collector": "applicant", "name": "Trần Thị Mai", "id_number": "001195012345"})
    assert sync(terminal_app)["sent"] == 1
    with central_app.app_context():
        dossier = services.find_by_code(code)
        assert dossier.status == "returned"
        assert "001195012345" not in dossier.events[-1].reason and "…2345" in dossier.events[-1].reason


def test_windows_keep_each_dossiers_messages_in_order():
    from types import SimpleNamespace

    messages = [SimpleNamespace(dossier_code=c) for c in "ABCADEFG"]
    windows = [[m.dossier_code for m in w] for w in worker._windows(messages, 4)]
    assert windows == [["A", "B", "C"], ["A", "D", "E", "F"], ["G"]]


def test_the_same_dossier_under_another_key_is_a_conflict(terminal_app, central_app):
    file_dossiers(terminal_app)
    with terminal_app.app_context():
        message = db.session.scalar(select(OutboxMessage))
    client = worker.client_from_config(terminal_app.config)
    assert client.post(message.path, message.body, message.idempotency_key).status == 201
    reply = client.post(message.path, message.body, "another-key")
    assert reply.status == 409 and "another Idempotency-Key" in reply.body["error"]
    assert count_central(central_app) == 1


def test_a_fee_paid_at_the_ward_reaches_the_centre(terminal_app, central_app, guide_on_terminal):
    from tests.support import file_marital_status

    code = file_marital_status(terminal_app.test_client()).split("/")[2]
    client = guide_on_terminal
    token = csrf_token(client, f"/staff/dossiers/{code}")
    client.post(f"/staff/dossiers/{code}/payment", data={"csrf_token": token, "method": "cash", "confirmed": "yes"})
    assert sync(terminal_app)["sent"] == 2  # the dossier, then its payment
    with central_app.app_context():
        dossier = services.find_by_code(code)
        paid = [e for e in dossier.events if e.kind == "fee_paid"]
        assert len(paid) == 1 and "15000" in paid[0].reason and dossier.status == "submitted"
        assert paid[0].data["amount"] == 15000 and paid[0].data["method"] == "cash"  # typed, read by kind
        assert figures.compute(local_today(), local_today()).fees_collected == 15000  # the city's figures


def test_a_rating_reaches_the_centre_without_its_dossier(terminal_app, central_app):
    from tests.support import file_marital_status

    client = terminal_app.test_client()
    file_marital_status(client)
    client.post("/rate", data={"csrf_token": csrf_token(client, "/rate"), "score": "4", "reasons": ["quick"]})
    assert sync(terminal_app)["sent"] == 2  # the dossier, then the rating
    assert sync(terminal_app)["sent"] == 0  # and only once
    with central_app.app_context():
        [rating] = db.session.scalars(select(Rating)).all()
        assert (rating.ward_code, rating.score, rating.reasons, rating.occasion) == ("09556", 4, ["quick"],
                                                                                     "submission")
        city = figures.compute(local_today(), local_today())
        assert (city.ratings, city.satisfaction_index) == (1, 80.0)


def test_a_scan_attached_at_the_ward_reaches_the_officers(terminal_app, central_app, guide_on_terminal):
    from kiosk.auth.services import create_user
    from tests.support import file_marital_status, sign_in

    code = file_marital_status(terminal_app.test_client()).split("/")[2]
    photo = io.BytesIO()
    Image.new("RGB", (900, 600), (200, 180, 160)).save(photo, "PNG")
    client = guide_on_terminal
    client.post(f"/staff/dossiers/{code}/documents", content_type="multipart/form-data", data={
        "csrf_token": csrf_token(client, f"/staff/dossiers/{code}"), "document_index": "0",
        "scan": (io.BytesIO(photo.getvalue()), "scan.png")})
    assert sync(terminal_app)["sent"] == 2  # the dossier, then its scan
    with central_app.app_context():
        create_user("hoa", "officer password 1", "Nguyễn Thị Hoa", "officer", "09556")
        create_user("other", "officer password 2", "Lê Văn Khác", "officer", "00001")
    officer = central_app.test_client()
    sign_in(officer, "hoa", "officer password 1")
    page = officer.get(f"/office/dossiers/{code}").get_data(as_text=True)
    link = re.search(r'href="(/office/documents/\d+)"', page).group(1)
    scan = officer.get(link)
    assert scan.mimetype == "image/jpeg" and Image.open(io.BytesIO(scan.data)).size == (900, 600)
    stranger = central_app.test_client()
    sign_in(stranger, "other", "officer password 2")
    assert stranger.get(link).status_code == 404  # another agency's papers stay hidden
    with central_app.app_context():
        kinds = [(e.kind, e.actor) for e in services.find_by_code(code).events]
        assert ("document_attached", "guide:lan@09556-01") in kinds and ("document_viewed", "officer:hoa") in kinds
