"""What the centre does with terminals' messages: take each once, whatever the retries, and publish changes."""
import base64
import binascii
import hashlib
import json
from collections.abc import Callable
from datetime import date
from typing import NamedTuple

from pydantic import ValidationError
from sqlalchemy import select, text, tuple_
from sqlalchemy.exc import DataError, IntegrityError

from kiosk.core import codes
from kiosk.core.clock import utcnow
from kiosk.documents import services as documents
from kiosk.documents.scans import ScanRefused
from kiosk.dossiers import calendar
from kiosk.dossiers import services as dossiers
from kiosk.dossiers.models import Dossier, DossierEvent
from kiosk.dossiers.states import Status, TransitionRefused
from kiosk.extensions import db
from kiosk.ratings.models import Rating
from kiosk.ratings.services import REASONS

from .messages import DECISION_DATA, BatchIn, DocumentIn, DossierIn, EventIn, RatingIn
from .models import EVERY_TERMINAL, FeedEntry, FeedHold, IngestRecord
from .terminals import KnownTerminal


def parse_batch(payload) -> BatchIn:
    if not isinstance(payload, dict):
        raise Refused(400, "the body must be a JSON object")
    return _parse(BatchIn, payload)


class Refused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


class Message(NamedTuple):
    """One message from a terminal: `handle()` does what it asks, once its key is known to be new."""

    terminal: KnownTerminal
    key: str
    body: bytes
    handle: Callable[[], tuple[int, dict]]


def take(messages: list[Message]) -> list[tuple[int, dict]]:
    """Take each message once per (terminal, key); the caller commits. Several at once (a catch-up after
    an outage, many terminals at once): those seen before are answered from their records, found in one
    query, and the new ones written in one flush, so like rows reach the database together; only if one
    of those is refused or collides are they taken one by one, each in a savepoint, exactly as if it had
    come alone. A lone message is written at once, with no look-up first."""
    if len(messages) == 1:
        return [_once(messages[0])]
    seen = _records(messages)
    new = [message for message in messages if (message.terminal.id, message.key) not in seen]
    together = _all_new(new)
    taken = iter(together if together is not None else [_once(message) for message in new])
    replies = []
    for message in messages:
        record = seen.get((message.terminal.id, message.key))
        replies.append(_replay(record, message.body) if record else next(taken))
    return replies


def _all_new(messages: list[Message]) -> list[tuple[int, dict]] | None:
    """None, and nothing written, as soon as one message is refused or collides."""
    if not all(_usable_key(message.key) for message in messages):
        return None
    try:
        with db.session.begin_nested():
            replies = [_write_new(message) for message in messages]
            db.session.flush()
        return replies
    except (Refused, IntegrityError, DataError):
        return None


def _once(message: Message) -> tuple[int, dict]:
    """A retry gets the first answer; the same key with a different body a 422."""
    terminal, key, body, _handle = message
    if not _usable_key(key):
        return 400, {"error": "an Idempotency-Key header of 1-100 characters is required"}
    # No look-up first: a new key (nearly every request) costs no extra round trip. A key seen before
    # collides with its record (or its dossier, or its rating) at the flush, and leaving the savepoint
    # undoes what this message wrote.
    try:
        with db.session.begin_nested():
            reply = _write_new(message)
            db.session.flush()
        return reply
    except DataError:  # a value the checks let through but the database cannot hold
        return 422, {"error": "a value cannot be stored (out of range or not valid text)"}
    except (Refused, IntegrityError) as failure:
        # a retry, or the same key committed first on another connection
        seen = _records([message]).get((terminal.id, key))
        if seen is None and isinstance(failure, Refused):
            return failure.status, {"error": failure.message}
        if seen is None:
            return 409, {"error": "this conflicts with what was received under another Idempotency-Key"}
    return _replay(seen, body)


def _replay(seen: IngestRecord, body: bytes) -> tuple[int, dict]:
    if seen.body_hash != hashlib.sha256(body).hexdigest():
        return 422, {"error": "this Idempotency-Key was used with a different body"}
    return seen.status, seen.response


def _usable_key(key: str) -> bool:
    return bool(key) and len(key) <= 100 and not _holds_nul(key)


def _write_new(message: Message) -> tuple[int, dict]:
    """What a message new to the centre writes: its effect, and its record for retries (not flushed)."""
    status, response = message.handle()
    db.session.add(IngestRecord(terminal_id=message.terminal.id, key=message.key,
                                body_hash=hashlib.sha256(message.body).hexdigest(), status=status, response=response))
    return status, response


def _records(messages: list[Message]) -> dict[tuple[str, str], IngestRecord]:
    """The records of those messages seen before, by (terminal, key), in one query."""
    pairs = {(message.terminal.id, message.key) for message in messages if _usable_key(message.key)}
    if not pairs:
        return {}
    found = db.session.scalars(select(IngestRecord).where(tuple_(IngestRecord.terminal_id, IngestRecord.key).in_(pairs)))
    return {(record.terminal_id, record.key): record for record in found}


def _holds_nul(value) -> bool:
    """PostgreSQL stores no NUL character in text: such a message is refused, not failed on."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(v) for v in value)
    return False


MAX_DEPTH = 32  # a procedure's answers nest a few levels (repeating steps); anything deeper is not ours


def _too_deep(value, limit: int = MAX_DEPTH) -> bool:
    """Nested deeper than `limit`: looked at without recursion, so no body can exhaust the stack."""
    level = [value]
    for _ in range(limit + 1):
        level = [v for item in level if isinstance(item, dict | list)
                 for v in (item.values() if isinstance(item, dict) else item)]
        if not level:
            return False
    return True


def loads(body: bytes):
    """A terminal's JSON, or None when it is not JSON (or nests too deep for the parser)."""
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        return None


def _parse(model, payload):
    if _too_deep(payload):
        raise Refused(422, f"the body nests deeper than {MAX_DEPTH} levels")
    if _holds_nul(payload):
        raise Refused(422, "text must not contain NUL characters")
    try:
        return model.model_validate(payload)
    except ValidationError as error:
        first = error.errors()[0]
        raise Refused(422, f"{'.'.join(map(str, first['loc']))}: {first['msg']}") from error


def take_dossier(terminal: KnownTerminal, payload: dict, catalogue) -> tuple[int, dict]:
    """A dossier filed at a terminal, stored once; the code must be the terminal's own and valid."""
    data = _parse(DossierIn, payload)
    try:
        parsed = codes.parse(data.code)
    except codes.CodeError as error:
        raise Refused(422, f"code: not a valid dossier code ({error.reason})") from error
    if (parsed.ward_code, parsed.terminal_no) != (terminal.ward_code, terminal.terminal_no):
        raise Refused(422, "code: made by another terminal")
    procedure = catalogue.get(data.procedure_code)
    if procedure is None:
        raise Refused(422, "procedure_code: unknown procedure")
    submitted_at = data.submitted_at
    dossier = Dossier(code=data.code, submission_key=f"{terminal.id}:{data.code}", procedure_code=procedure.code,
                      ward_code=terminal.ward_code, terminal_no=terminal.terminal_no,
                      agency_code=dossiers.agency_for(procedure, terminal.ward_code), status=Status.SUBMITTED,
                      channel=data.channel, applicant_name=data.applicant_name, phone_last4=data.phone_last4,
                      answers=data.answers, fee=data.fee, locale=data.locale, submitted_at=submitted_at,
                      due_on=data.due_on)
    dossier.events.append(DossierEvent(at=submitted_at, kind="submitted", actor=f"terminal:{terminal.id}",
                                       from_status=None, to_status=Status.SUBMITTED))
    db.session.add(dossier)  # its unique code refuses a second one at commit: no look-up first
    return 201, {"code": dossier.code, "status": dossier.status}


def _ward_dossier(terminal: KnownTerminal, code: str) -> Dossier:
    dossier = None if _holds_nul(code) else dossiers.find_by_code(code)
    if dossier is None or dossier.ward_code != terminal.ward_code:
        raise Refused(404, "no such dossier for this terminal's ward")
    return dossier


# What a ward may change: it hands the result over. Receiving, asking for papers, rejecting and
# declaring a result ready are the officers' decisions, made at the centre; no terminal key makes them.
TERMINAL_STATUSES = frozenset({Status.RETURNED})


def take_event(terminal: KnownTerminal, code: str, payload: dict) -> tuple[int, dict]:
    """A change made at the ward (hand-over, a fee paid or voided, an apology, a print): applied once, a
    status change through the state machine, an event without one as a line of the dossier's history."""
    data = _parse(EventIn, payload)
    if data.kind == "status" and data.to_status not in TERMINAL_STATUSES:
        raise Refused(403, f"to_status: {data.to_status} is an officer's decision, not a terminal's")
    dossier = _ward_dossier(terminal, code)
    actor = f"{data.actor}@{terminal.id}"
    if data.kind != "status":
        _check_recorded(dossier, data)
        dossiers.record(dossier, data.kind, actor, data.reason, data=data.data)
    elif dossier.status != data.to_status:
        try:
            event = dossiers.transition(dossier, data.to_status, actor, data.reason, commit=False, data=data.data)
        except TransitionRefused as refused:
            raise Refused(409, str(refused)) from refused
        publish_from_terminal(terminal, dossier, event)
    return 200, {"code": dossier.code, "status": dossier.status}


def _fee_paid(dossier: Dossier) -> bool:
    """Paid, and not voided since (a voided receipt leaves the fee to pay again)."""
    last = next((e.kind for e in reversed(dossier.events) if e.kind in ("fee_paid", "fee_receipt_voided")), None)
    return last == "fee_paid"


def _check_recorded(dossier: Dossier, data: EventIn) -> None:
    """What an event without a status change must agree with in the centre's copy of the dossier."""
    if data.kind == "fee_paid":
        if dossier.fee <= 0:
            raise Refused(422, "kind: this dossier has no fee to pay")
        if _fee_paid(dossier):
            raise Refused(409, "kind: the fee of this dossier is already recorded")
    elif data.kind == "fee_receipt_voided" and not _fee_paid(dossier):
        raise Refused(409, "kind: no fee of this dossier is recorded as paid")
    elif data.kind == "receipt_reprinted":  # the centre's copy counts the copies made, as the ward does
        dossier.receipt_copies = max(dossier.receipt_copies or 0, data.data["copy"])


def take_document(terminal: KnownTerminal, code: str, payload: dict, catalogue) -> tuple[int, dict]:
    """A scan attached at the ward, so that officers see the papers with the dossier."""
    data = _parse(DocumentIn, payload)
    dossier = _ward_dossier(terminal, code)
    procedure = catalogue.get(dossier.procedure_code)
    if procedure is None or data.document_index >= len(procedure.documents):
        raise Refused(422, "document_index: the procedure asks for fewer documents")
    try:
        jpeg = base64.b64decode(data.jpeg, validate=True)
        document = documents.attach(dossier, data.document_index, jpeg, f"{data.actor}@{terminal.id}", commit=False)
    except binascii.Error as error:
        raise Refused(422, "jpeg: not base64") from error
    except ScanRefused as refused:
        raise Refused(422, f"jpeg: not accepted ({refused.reason})") from refused
    return 201, {"code": dossier.code, "document": document.document_index}


def take_rating(terminal: KnownTerminal, payload: dict, catalogue=None) -> tuple[int, dict]:
    """A rating given at a terminal, counted in the city's satisfaction index once, for the terminal's ward."""
    data = _parse(RatingIn, payload)
    if catalogue is not None and catalogue.get(data.procedure_code) is None:
        raise Refused(422, "procedure_code: unknown procedure")
    db.session.add(Rating(occasion_key=data.id, occasion=data.occasion, procedure_code=data.procedure_code,
                          ward_code=terminal.ward_code, channel=data.channel, score=data.score,
                          reasons=[r for r in data.reasons if r in REASONS], rated_on=data.rated_on))
    return 201, {"id": data.id}


FEED_LOCK = 0x6B696F736B  # one advisory lock orders the feed's ids by commit (see publish)


def publish(dossier: Dossier, event: DossierEvent) -> None:
    """Queue the change for the terminal that filed the dossier (it polls the feed, after its cursor).

    A cursor is only safe if ids become visible in order: two transactions publishing at once could
    commit ids 11 then 10, and a terminal reading in between would move past 10 for ever. On PostgreSQL,
    publishers therefore take one transaction-scoped lock first (held until commit, so ids are drawn in
    commit order); SQLite writes one transaction at a time anyway."""
    _lock_feed()
    data = event.data if event.to_status in DECISION_DATA else None  # a hand-over's collector stays here
    db.session.add(FeedEntry(terminal_id=f"{dossier.ward_code}-{dossier.terminal_no:02d}",
                             dossier_code=dossier.code, kind=event.kind, to_status=event.to_status,
                             actor=event.actor, reason=event.reason, at=event.at, data=data))


def _lock_feed() -> None:
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": FEED_LOCK})


def publish_calendar(day: date, override: str | None, note: str, actor: str) -> None:
    """Queue a working-day override (`override` None: the day is back to the law's calendar) for every
    terminal, present and future: the centre owns the calendar, so a due date made at a terminal equals
    the centre's. The caller commits, with the override itself."""
    _lock_feed()
    db.session.add(FeedEntry(terminal_id=EVERY_TERMINAL, kind=calendar.FEED_KIND, actor=actor, reason=note or None,
                             at=utcnow(), data={"day": day.isoformat(), "override": override, "note": note}))


def publish_from_terminal(terminal: KnownTerminal, dossier: Dossier, event: DossierEvent | None) -> None:
    """A change a terminal sent reaches the terminal that filed the dossier, unless that is the sender."""
    filed_at = f"{dossier.ward_code}-{dossier.terminal_no:02d}"
    if event is not None and event.from_status != event.to_status and filed_at != terminal.id:
        publish(dossier, event)


def feed_of(terminal: KnownTerminal) -> tuple[str, str]:
    """The feed a terminal reads: its own dossiers' changes and what every terminal must apply."""
    return (terminal.id, EVERY_TERMINAL)


def feed(terminal: KnownTerminal, after: int, limit: int = 200) -> dict:
    entries = db.session.scalars(select(FeedEntry).where(FeedEntry.terminal_id.in_(feed_of(terminal)),
                                                         FeedEntry.id > after)
                                 .order_by(FeedEntry.id).limit(limit)).all()
    return {"entries": [{"id": e.id, "code": e.dossier_code, "kind": e.kind, "to_status": e.to_status,
                         "actor": e.actor, "reason": e.reason, "at": e.at.isoformat(),
                         **({"data": e.data} if e.data is not None else {})} for e in entries],
            "cursor": entries[-1].id if entries else after}


def note_feed_hold(terminal: KnownTerminal, payload) -> dict:
    """What a terminal reports about its feed: the entry it cannot apply (and why), or none any more."""
    if not isinstance(payload, dict) or _too_deep(payload) or _holds_nul(payload):
        raise Refused(400, "the body must be a JSON object")
    entry, code, reason = payload.get("entry"), payload.get("code"), payload.get("reason")
    if entry is not None and not (isinstance(entry, int) and not isinstance(entry, bool) and 0 < entry < 2**31):
        raise Refused(422, "entry: a feed entry id or null")
    if not isinstance(code, str | None) or not isinstance(reason, str | None):
        raise Refused(422, "code and reason: text or null")
    hold = db.session.get(FeedHold, terminal.id)
    if entry is None:
        if hold is not None:
            db.session.delete(hold)
    else:
        hold = hold or FeedHold(terminal_id=terminal.id)
        hold.entry_id, hold.dossier_code, hold.reason = entry, (code or "")[:32] or None, (reason or "")[:300]
        hold.reported_at = utcnow()
        db.session.add(hold)
    db.session.commit()
    return {"entry": entry}
