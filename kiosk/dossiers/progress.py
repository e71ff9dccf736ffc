"""What a resident is told of a dossier's progress (look-up page, text messages): what is missing and by when,
which due date stands, and a short history made only of events meant for the resident."""
from dataclasses import dataclass
from datetime import date, datetime

from .labels import event_label, event_note
from .states import Status


@dataclass(frozen=True)
class SupplementRequest:
    items: str  # what the officer wrote is missing: written for the resident to read
    deadline: date | None  # None when only the prose reached this side (an older feed)


def supplement_request(dossier) -> SupplementRequest | None:
    """The request the dossier is waiting on, from its latest supplement event's data (or, without data, its
    text); None unless the dossier waits for a supplement now."""
    if dossier.status != Status.SUPPLEMENT_REQUESTED:
        return None
    event = next((e for e in reversed(dossier.events) if e.to_status == Status.SUPPLEMENT_REQUESTED
                  and e.from_status != Status.SUPPLEMENT_REQUESTED), None)
    if event is None:
        return None
    data = event.data or {}
    deadline = data.get("deadline")
    return SupplementRequest(items=data.get("items") or event.reason or "",
                             deadline=date.fromisoformat(deadline) if deadline else None)


def due_on_shown(dossier) -> date | None:
    """The due date a resident may rely on. While papers are missing, the processing time counts again from the
    day the dossier is complete, so the old date is not shown as if it held (the page says it will be set again)."""
    return None if dossier.status == Status.SUPPLEMENT_REQUESTED else dossier.due_on


# Events a resident may read about their own dossier: the status changes and a new appointment. Prints, views,
# scans, fees and who did what stay with staff; so does the hand-over's note (the collector's name and ID).
_WITH_NOTE = {Status.SUPPLEMENT_REQUESTED, Status.REJECTED, "apology_issued"}


@dataclass(frozen=True)
class ResidentEvent:
    """An event as a resident may read it: a note (reason, data) only where the resident reads one."""
    at: datetime
    kind: str
    from_status: str | None
    to_status: str | None
    reason: str | None = None
    data: dict | None = None

    def as_json(self) -> dict:
        return {"at": self.at.isoformat(), "kind": self.kind, "from_status": self.from_status,
                "to_status": self.to_status, "reason": self.reason, "data": self.data}

    @classmethod
    def from_json(cls, item: dict) -> "ResidentEvent":
        return cls(datetime.fromisoformat(item["at"]), str(item["kind"]), item.get("from_status"),
                   item.get("to_status"), item.get("reason"), item.get("data"))


def _shown_as(event) -> str | None:
    """The kind a resident reads the event as (its new status, or an apology), or None: not for the resident."""
    if event.from_status != event.to_status and event.to_status in Status.__members__.values():
        return event.to_status
    return event.kind if event.kind == "apology_issued" else None


def resident_events(dossier) -> list[ResidentEvent]:
    """The events of `dossier` a resident may read, oldest first: what the look-up shows, here or when the centre
    answers for another terminal (which therefore receives nothing more)."""
    shown = []
    for event in dossier.events:
        kind = _shown_as(event)
        if kind is None:
            continue
        noted = kind in _WITH_NOTE
        shown.append(ResidentEvent(event.at, event.kind, event.from_status, event.to_status,
                                   event.reason if noted else None, event.data if noted else None))
    return shown


@dataclass(frozen=True)
class Step:
    at: datetime
    label: str
    note: str


def timeline(dossier) -> list[Step]:
    """The dossier's history as the resident reads it, oldest first, in the reader's language."""
    steps = []
    for event in resident_events(dossier):
        kind = _shown_as(event)
        note = event_note(kind, event.reason, event.data) if kind in _WITH_NOTE else ""
        steps.append(Step(at=event.at, label=event_label(kind), note=note))
    return steps
