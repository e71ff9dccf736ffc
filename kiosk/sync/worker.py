"""One sync pass: send the outbox in order, then apply the centre's feed. Run by `kiosk sync` once,
and in a loop by `kiosk serve` on a terminal."""
import itertools
import logging
import random
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from kiosk.core.clock import utcnow
from kiosk.dossiers import services as dossiers
from kiosk.dossiers.states import Status, TransitionRefused
from kiosk.extensions import db
from kiosk.notify import messages

from .client import CentralClient
from .models import OutboxMessage, SyncState

log = logging.getLogger(__name__)
BACKOFF_BASE_S = 1.0
BACKOFF_CAP_S = 300.0
PARALLEL = 2  # batches in flight at once; the centre is stateless behind a load balancer
BATCH_ITEMS = 100  # messages per request (the most the centre takes in one)
BATCH_BYTES = 2_000_000  # a batch of scans stays a modest request


def backoff_delay(attempts: int, rng=random.random) -> float:
    """Exponential backoff with full jitter: anywhere between 0 and base·2^attempts (capped)."""
    return rng() * min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2 ** attempts)


def retryable(status: int) -> bool:
    return status == 0 or status in (408, 429) or status >= 500


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


def _record_reply(message, reply, counts) -> bool:
    """Apply one reply to its message; False when the centre must be retried later."""
    message.attempts += 1
    if 200 <= reply.status < 300:
        message.sent_at = utcnow()
        counts["sent"] += 1
    elif retryable(reply.status):
        delay = reply.retry_after if reply.retry_after is not None else backoff_delay(message.attempts)
        message.next_attempt_at = utcnow() + timedelta(seconds=delay)
        counts["waiting"] = 1
        return False
    else:
        message.stuck_reason = f"{reply.status}: {reply.body.get('error', '')}"[:500]
        counts["stuck"] += 1
    return True


def send_outbox(client: CentralClient, limit: int = 1000, parallel: int = PARALLEL) -> dict:
    """Send due messages oldest first, in batches, a few batches at a time; stop at the first message that
    must be retried. A window holds no dossier twice, so its batches may travel side by side."""
    now = utcnow()
    pending = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.sent_at.is_(None), OutboxMessage.stuck_reason.is_(None)).order_by(OutboxMessage.id)
        .limit(limit)).all()
    counts = {"sent": 0, "stuck": 0, "waiting": 0}
    due = list(itertools.takewhile(lambda m: not m.next_attempt_at or m.next_attempt_at <= now, pending))
    counts["waiting"] = int(len(due) < len(pending))
    with ThreadPoolExecutor(max_workers=parallel) as pool:
        for window in _windows(due, parallel * BATCH_ITEMS):
            batches = list(_batches(window))
            answered = list(pool.map(client.batch, batches))
            replies = [(m, r) for batch, batch_replies in zip(batches, answered, strict=True)
                       for m, r in zip(batch, batch_replies, strict=False)]  # one without a reply stays queued
            carry_on = all([_record_reply(m, r, counts) for m, r in replies]) and len(replies) == len(window)
            if any(reply.status for _m, reply in replies):
                _set_state("last_contact", utcnow().isoformat(timespec="seconds"))
            db.session.commit()  # a crash resends at most this window, and resends are idempotent
            if not carry_on:
                break
    return counts


def apply_feed(client: CentralClient) -> int:
    """Apply the centre's status changes after our cursor; applying one twice changes nothing."""
    applied = 0
    while True:
        cursor = int(_state("feed_cursor", "0"))
        reply = client.feed(cursor)
        if reply.status != 200:
            return applied
        _set_state("last_contact", utcnow().isoformat(timespec="seconds"))
        for entry in reply.body["entries"]:
            dossier = dossiers.find_by_code(entry["code"])
            if dossier is not None and dossier.status != entry["to_status"]:
                try:
                    event = dossiers.transition(dossier, Status(entry["to_status"]), entry["actor"],
                                                entry["reason"], commit=False)
                    messages.queue(event.to_status, dossier)
                    applied += 1
                except TransitionRefused as refused:
                    log.warning("feed entry %s not applied: %s", entry["id"], refused)
        _set_state("feed_cursor", str(reply.body["cursor"]))
        db.session.commit()  # the changes and the cursor move together
        if not reply.body["entries"]:
            return applied


def sync_once(client: CentralClient | None = None) -> dict:
    client = client or client_from_config(current_app.config)
    counts = send_outbox(client)
    counts["applied"] = apply_feed(client)
    log.info("sync attempt: %s", " ".join(f"{name}={count}" for name, count in counts.items()))
    return counts


def start(app, every_s: float = 5.0) -> threading.Event:
    """The terminal's worker thread; returns an event that stops it."""
    stop = threading.Event()

    def loop():
        client = client_from_config(app.config)
        while not stop.is_set():
            try:
                with app.app_context():
                    sync_once(client)
            except Exception:  # the loop must outlive any one bad pass; the next pass retries
                log.exception("sync pass failed")
            stop.wait(every_s)

    threading.Thread(target=loop, name="sync", daemon=True).start()
    return stop
