"""One sync pass: send the outbox in order, then apply the centre's feed. Run by `kiosk sync` once,
and in a loop by `kiosk serve` on a terminal.

Back-off is per link (link.py): while the centre cannot be reached, the link is probed on a capped,
jittered schedule, and the first answer makes every waiting message due at once. Only a message the
centre disagrees with is held back on its own, with the later messages of its dossier behind it."""
import json
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from flask import current_app
from pydantic import ValidationError
from sqlalchemy import func, or_, select

from kiosk.central.messages import DECISION_DATA
from kiosk.core import clock
from kiosk.dossiers import calendar, operations
from kiosk.dossiers import services as dossiers
from kiosk.dossiers.states import Status, TransitionRefused
from kiosk.extensions import db

from . import link
from .client import CentralClient
from .models import OutboxMessage, SyncState

log = logging.getLogger(__name__)
PARALLEL = 2  # batches in flight at once; the centre is stateless behind a load balancer
BATCH_ITEMS = 100  # messages per request (the most the centre takes in one)
BATCH_BYTES = 2_000_000  # a batch of scans stays a modest request
backoff_delay, retryable = link.backoff_delay, link.retryable  # kept importable from here


def client_from_config(config) -> CentralClient:
    terminal_id = f"{config['WARD_CODE']}-{int(config['TERMINAL_NO']):02d}"
    return CentralClient(config["CENTRAL_URL"], terminal_id, config["TERMINAL_KEY"])


def _state(name: str, default: str = "") -> str:
    row = db.session.get(SyncState, name)
    return row.value if row else default


def _set_state(name: str, value: str) -> None:
    db.session.merge(SyncState(name=name, value=value))


def _batches(window):
    """A window cut into requests of at most BATCH_ITEMS messages and about BATCH_BYTES."""
    batch, size = [], 0
    for message in window:
        if batch and (len(batch) == BATCH_ITEMS or size + len(message.body) > BATCH_BYTES):
            yield batch
            batch, size = [], 0
        batch.append(message)
        size += len(message.body)
    if batch:
        yield batch


def _windows(messages, size):
    """Runs of up to `size` messages for distinct dossiers: sent together, since only messages about
    the same dossier must keep their order (its filing before its hand-over)."""
    window, codes = [], set()
    for message in messages:
        if len(window) == size or message.dossier_code in codes:
            yield window
            window, codes = [], set()
        window.append(message)
        codes.add(message.dossier_code)
    if window:
        yield window


def _record_reply(message, reply, counts, held_codes) -> None:
    """Apply one reply to its message. A refusal of the link or no answer leaves it waiting (the link
    decides when to try again); any other refusal is the centre disagreeing with this message: held back."""
    message.attempts += 1
    now = clock.utcnow()
    if 200 <= reply.status < 300:
        message.sent_at, message.stuck_reason, message.next_attempt_at = now, None, None
        counts["sent"] += 1
    elif reply.status not in (401, 403) and not link.retryable(reply.status):
        message.stuck_reason = f"{reply.status}: {reply.body.get('error', '')}"[:500]
        message.next_attempt_at = now + timedelta(seconds=link.HELD_RETRY_S)
        held_codes.add(message.dossier_code)
        counts["held"] += 1


def _due_messages(limit: int) -> list[OutboxMessage]:
    """Unsent messages that may go now, oldest first; a dossier with a message held back keeps its later
    messages back too (they must not overtake it), and nothing else waits behind it."""
    now = clock.utcnow()
    held_codes = set(db.session.scalars(select(OutboxMessage.dossier_code).where(
        OutboxMessage.sent_at.is_(None), OutboxMessage.next_attempt_at > now)))
    due = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.sent_at.is_(None),
        or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now))
        .order_by(OutboxMessage.id).limit(limit)).all()
    return [m for m in due if m.dossier_code not in held_codes]


def send_outbox(client: CentralClient, limit: int = 1000, parallel: int = PARALLEL) -> dict:
    """Send due messages oldest first, in batches, a few batches at a time; stop when the link fails or
    is refused. A window holds no dossier twice, so its batches may travel side by side."""
    counts = {"sent": 0, "held": 0, "link": link.ANSWERED}
    session = db.session()
    session.expire_on_commit = False  # the sending threads read the messages after the commit below
    try:
        return _send_due(client, limit, parallel, counts)
    finally:
        session.expire_on_commit = True


def _send_due(client: CentralClient, limit: int, parallel: int, counts: dict) -> dict:
    state, held_codes = link.current(), set()
    due = _due_messages(limit)
    with ThreadPoolExecutor(max_workers=parallel) as pool:
        for window in _windows(due, parallel * BATCH_ITEMS):
            window = [m for m in window if m.dossier_code not in held_codes]
            if not window:
                continue
            batches = list(_batches(window))
            # No transaction while the centre answers: on SQLite it holds the write lock, and a resident
            # filing at this terminal would wait on the network (and fail after the busy timeout).
            db.session.commit()
            answered = list(pool.map(client.batch, batches))
            replies = [(m, r) for batch, batch_replies in zip(batches, answered, strict=True)
                       for m, r in zip(batch, batch_replies, strict=False)]  # one without a reply stays queued
            for message, reply in replies:
                _record_reply(message, reply, counts, held_codes)
            counts["link"] = link.observe(state, [r for _m, r in replies], client.clock_correction)
            db.session.commit()  # a crash resends at most this window, and resends are idempotent
            if counts["link"] != link.ANSWERED or len(replies) < len(window):
                break
    return counts


class Unappliable(Exception):
    """A feed entry this terminal cannot apply: its cursor stops there until it can."""


def _apply_entry(entry: dict) -> int:
    if entry.get("kind") == calendar.FEED_KIND:  # the centre's working-day calendar, for every terminal
        try:
            calendar.apply_from_centre(entry.get("data"))
        except calendar.CalendarRefused as refused:
            raise Unappliable(str(refused)) from refused
        return 1
    dossier = dossiers.find_by_code(entry["code"])
    if dossier is None:
        raise Unappliable(f"dossier {entry['code']} is not held by this terminal")
    try:
        wanted = Status(entry["to_status"])
    except ValueError as unknown:
        raise Unappliable(f"unknown status {entry['to_status']!r}") from unknown
    if dossier.status == wanted:
        return 0  # applied before (a replayed feed), or made here
    try:
        operations.decide(dossier, wanted, entry["actor"], entry["reason"], data=_decision_data(entry), commit=False)
    except TransitionRefused as refused:
        raise Unappliable(str(refused)) from refused
    return 1


def _decision_data(entry: dict) -> dict | None:
    """The decision's typed data (a supplement request's items and deadline), as the look-up page and the text
    message read it; data of another shape is left out, and the officer's sentence (the reason) still says it."""
    shape, data = DECISION_DATA.get(entry["to_status"]), entry.get("data")
    if shape is None or data is None:
        return None
    try:
        shape.model_validate(data)
    except ValidationError as refused:
        log.warning("feed entry %s: its data is left out: %s", entry.get("id"), refused.errors()[0]["msg"])
        return None
    return data


def apply_feed(client: CentralClient, counts: dict | None = None) -> int:
    """Apply the centre's changes after our cursor, in order; applying one twice changes nothing. An entry
    that cannot be applied stops the cursor there (it is retried on every pass, shown to the guide and
    reported to the centre), never skipped. `counts["link"]` says how the centre answered."""
    applied, state, counts = 0, link.current(), counts if counts is not None else {}
    while True:
        cursor = int(_state("feed_cursor", "0"))
        db.session.commit()  # no transaction (no SQLite write lock) while the centre answers
        reply = client.feed(cursor)
        counts["link"] = link.observe(state, [reply], client.clock_correction)
        if reply.status != 200:
            db.session.commit()
            return applied
        held = None
        for entry in reply.body["entries"]:
            try:
                applied += _apply_entry(entry)
            except Unappliable as refused:
                held = (entry, str(refused))
                log.warning("feed entry %s held: %s", entry["id"], refused)
                break
            cursor = entry["id"]
        link.hold_feed(state, *(held or (None,)))
        _set_state("feed_cursor", str(cursor))
        db.session.commit()  # the changes and the cursor move together
        if held or not reply.body["entries"]:
            break
    _report_feed_hold(client, state)
    return applied


def _report_feed_hold(client: CentralClient, state) -> None:
    """Tell the centre which entry this terminal's feed waits at (or that it waits at none any more)."""
    if state.feed_held_reported:
        return
    body = json.dumps({"entry": state.feed_held_entry, "code": state.feed_held_code,
                       "reason": state.feed_held_reason}, ensure_ascii=False)
    key = f"feed-held:{state.feed_held_entry}"
    db.session.commit()  # no transaction (no SQLite write lock) while the centre answers
    reply = client.post("/api/v1/feed/held", body, key)
    if 200 <= reply.status < 300:
        state.feed_held_reported = True
        db.session.commit()


def waiting_count() -> int:
    return db.session.scalar(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.sent_at.is_(None), OutboxMessage.stuck_reason.is_(None)))


def sync_once(client: CentralClient | None = None, force: bool = False) -> dict:
    """One pass, if the link is due (`force`: now, as `kiosk sync` by hand does). A clock found off by
    less than the safe bound is allowed for and the pass tried again at once."""
    client = client or client_from_config(current_app.config)
    counts = {"sent": 0, "held": 0, "applied": 0, "link": "not_due"}
    for _attempt in range(2):
        state = link.current()
        client.clock_correction = link.correction(state)
        if not (force or link.due(state)):
            break
        sent = send_outbox(client)
        counts.update(link=sent["link"], sent=counts["sent"] + sent["sent"], held=counts["held"] + sent["held"])
        if sent["link"] == link.ANSWERED:
            counts["applied"] += apply_feed(client, counts)
        if counts["link"] != link.RETRY_NOW:
            break
    counts["waiting"] = waiting_count()
    log.info("sync attempt: %s", " ".join(f"{name}={count}" for name, count in counts.items()))
    return counts


def start(app, every_s: float = 5.0) -> threading.Event:
    """The terminal's worker thread; returns an event that stops it."""
    stop = threading.Event()
    try:
        with app.app_context():  # a restart (a new key, a fixed clock) tries the link at once
            link.current().next_attempt_at = None
            db.session.commit()
    except Exception:  # a database not yet migrated is reported by the passes themselves
        log.exception("sync link not readable at start")

    def loop():
        client = client_from_config(app.config)
        while not stop.is_set():
            busy = False
            try:
                with app.app_context():
                    counts = sync_once(client)
                # a catch-up goes on at once: a pass sends at most 1,000 messages
                busy = counts["link"] == link.ANSWERED and counts["sent"] > 0 and counts["waiting"] > 0
            except Exception:  # the loop must outlive any one bad pass; the next pass retries
                log.exception("sync pass failed")
            stop.wait(0 if busy else every_s)

    threading.Thread(target=loop, name="sync", daemon=True).start()
    return stop
