"""The terminal's link to the centre: one back-off for the link (not one per message), refusals classified
(clock, key, revocation) and the clock difference measured from the centre's answers."""
import random
from datetime import datetime, timedelta

from sqlalchemy import update

from kiosk.core import clock
from kiosk.core.request_signing import WINDOW_S
from kiosk.extensions import db

from .models import OutboxMessage, SyncLink

BACKOFF_BASE_S = 1.0
# The link is probed at least this often while the centre is down: a catch-up starts within this long of
# its return, whatever the outage's length (the budget: 1,000 dossiers within 60 s). A probe is one request.
BACKOFF_CAP_S = 30.0
REFUSED_RETRY_S = 300.0  # a refused key or a revoked terminal is asked again on this slow schedule
CLOCK_RETRY_S = 60.0  # a clock too far off is tried again often: setting it right is all it takes
HELD_RETRY_S = 900.0  # a message the centre disagrees with is offered again on this slow schedule
CLOCK_BOUND_S = 3600.0  # within this, the terminal signs with the centre's time; beyond it, a person sets the clock
CLOCK_SHOWN_S = 60.0  # a difference above this is shown to the guide (and allowed for when signing)
CLOCK_REFUSED_S = WINDOW_S - 30  # a refused signature with the clocks this far apart is the clock's fault

UNREACHABLE, REFUSED, ANSWERED, RETRY_NOW = "unreachable", "refused", "answered", "retry_now"


def backoff_delay(attempts: int, rng=None) -> float:
    """Exponential backoff with full jitter: anywhere between 0 and base·2^attempts (capped)."""
    return (rng or random.random)() * min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2 ** min(attempts, 30))


def retryable(status: int) -> bool:
    return status == 0 or status in (408, 429) or status >= 500


def current() -> SyncLink:
    link = db.session.get(SyncLink, 1)
    if link is None:
        link = SyncLink(id=1, failures=0, feed_held_reported=True)
        db.session.add(link)
    return link


def due(link: SyncLink, now: datetime | None = None) -> bool:
    return link.next_attempt_at is None or link.next_attempt_at <= (now or clock.utcnow())


def correction(link: SyncLink) -> float:
    """What to add to this PC's clock when signing: the measured difference, if it is safe to trust."""
    offset = link.clock_offset_s or 0.0
    return offset if CLOCK_SHOWN_S < abs(offset) <= CLOCK_BOUND_S else 0.0


def observe(link: SyncLink, replies, used_correction: float = 0.0) -> str:
    """Note what the centre's replies to one attempt say about the link, and when to try it next."""
    now = clock.utcnow()
    offsets = [r.clock_offset for r in replies if r.clock_offset is not None]
    if offsets:
        link.clock_offset_s = round(offsets[-1], 1)
    refused = [r for r in replies if r.status in (401, 403)]
    if refused:
        reply = refused[0]
        drift = (link.clock_offset_s or 0.0) - used_correction
        if reply.status == 401 and abs(drift) > CLOCK_REFUSED_S:
            if abs(link.clock_offset_s) <= CLOCK_BOUND_S:  # sign with the centre's time and try again now
                link.next_attempt_at = None
                return RETRY_NOW
            _refused(link, "clock", reply, now, CLOCK_RETRY_S)
        else:
            _refused(link, "revoked" if reply.status == 403 else "key", reply, now, REFUSED_RETRY_S)
        return REFUSED
    failed = [r for r in replies if retryable(r.status)]
    if failed:
        reply = failed[0]
        link.failures = (link.failures or 0) + 1
        link.unreachable_since = link.unreachable_since or now
        link.unreachable_detail = _detail(reply)
        delay = reply.retry_after if reply.retry_after is not None else backoff_delay(link.failures)
        link.next_attempt_at = now + timedelta(seconds=min(delay, REFUSED_RETRY_S))
        return UNREACHABLE
    if replies:
        link.failures, link.next_attempt_at, link.last_success_at = 0, None, now
        link.unreachable_since = link.unreachable_detail = None
        link.refusal = link.refusal_detail = link.refused_since = None
    return ANSWERED


def _refused(link: SyncLink, kind: str, reply, now: datetime, retry_s: float) -> None:
    if link.refusal != kind:
        link.refused_since = now
    link.refusal, link.refusal_detail = kind, _detail(reply)
    link.unreachable_since = link.unreachable_detail = None  # the centre answered, if only to refuse
    link.failures, link.next_attempt_at = 0, now + timedelta(seconds=retry_s)


def _detail(reply) -> str:
    return f"{reply.status}: {reply.body.get('error', '')}"[:300] if reply.status else str(
        reply.body.get("error", ""))[:300]


def release() -> int:
    """Everything held back is due now (the cause is said to be fixed): the link and each held message."""
    link = current()
    link.next_attempt_at, link.failures = None, 0
    released = db.session.execute(update(OutboxMessage).where(
        OutboxMessage.sent_at.is_(None), OutboxMessage.stuck_reason.is_not(None)).values(next_attempt_at=None))
    db.session.commit()
    return released.rowcount


def hold_feed(link: SyncLink, entry: dict | None, reason: str | None = None) -> None:
    """The feed entry the cursor waits at (None: the feed applies cleanly); the centre is told on change."""
    entry_id = entry["id"] if entry else None
    if entry_id != link.feed_held_entry or (entry and reason != link.feed_held_reason):
        link.feed_held_reported = False
        if entry_id != link.feed_held_entry:
            link.feed_held_since = clock.utcnow() if entry else None
    link.feed_held_entry = entry_id
    link.feed_held_code = entry.get("code") if entry else None
    link.feed_held_reason = reason[:300] if reason else None
