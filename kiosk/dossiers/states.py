"""The dossier state machine: the only way a dossier's status changes."""
from datetime import date
from enum import StrEnum


class Status(StrEnum):
    SUBMITTED = "submitted"  # filed at the terminal, receipt printed
    RECEIVED = "received"  # accepted by the processing agency
    SUPPLEMENT_REQUESTED = "supplement_requested"
    REJECTED = "rejected"
    RESULT_READY = "result_ready"
    RETURNED = "returned"


# Still being processed: the due date runs, and passing it makes the dossier overdue.
OPEN = (Status.SUBMITTED, Status.RECEIVED, Status.SUPPLEMENT_REQUESTED)
# Open and in the agency's hands, not waiting on the resident's papers: what "due soon" warns about.
IN_HAND = (Status.SUBMITTED, Status.RECEIVED)

TRANSITIONS = {
    Status.SUBMITTED: {Status.RECEIVED, Status.REJECTED},
    Status.RECEIVED: {Status.SUPPLEMENT_REQUESTED, Status.REJECTED, Status.RESULT_READY},
    Status.SUPPLEMENT_REQUESTED: {Status.RECEIVED, Status.REJECTED},
    Status.RESULT_READY: {Status.RETURNED},
    Status.REJECTED: set(),
    Status.RETURNED: set(),
}


class TransitionRefused(ValueError):
    def __init__(self, current: Status, wanted: Status):
        super().__init__(f"a dossier cannot go from {current} to {wanted}")
        self.current, self.wanted = current, wanted


def check_transition(current: Status, wanted: Status) -> None:
    if wanted not in TRANSITIONS[Status(current)]:
        raise TransitionRefused(Status(current), wanted)



# The back office's actions and the status each leads to, in the order an officer meets them.
OFFICE_ACTIONS = {
    "receive": Status.RECEIVED,
    "supplement": Status.SUPPLEMENT_REQUESTED,
    "reject": Status.REJECTED,
    "ready": Status.RESULT_READY,
}


def allowed_actions(status) -> list[str]:
    """The back-office actions a dossier in this status allows: the one rule the page and the view share."""
    return [name for name, target in OFFICE_ACTIONS.items() if target in TRANSITIONS[Status(status)]]


# --- What a dossier's status allows, for views and templates alike (templates name no status) ---------------

def is_open(status) -> bool:
    return Status(status) in OPEN


def is_overdue(dossier, today) -> bool:
    """Still being processed after its due date (kiosk.dossiers.models.overdue_clause: the same rule in SQL)."""
    return is_open(dossier.status) and dossier.due_on < today


DUE_SOON_DAYS = 2


def is_due_soon(dossier, today) -> bool:
    """Not overdue yet, due within DUE_SOON_DAYS, and not waiting on the resident (a supplement request).
    kiosk.dossiers.models.due_soon_clause is the same rule in SQL."""
    return (not is_overdue(dossier, today) and Status(dossier.status) in IN_HAND
            and (dossier.due_on - today).days <= DUE_SOON_DAYS)


def on_time(day: date, due_on: date) -> bool:
    """Done (handed back, or a hand-off made) on `day`, a Hanoi calendar day, by the due date."""
    return day <= due_on


def may_print_supplement_request(status) -> bool:
    return Status(status) == Status.SUPPLEMENT_REQUESTED


def may_print_refusal(status) -> bool:
    return Status(status) == Status.REJECTED


def may_hand_over(status) -> bool:
    return Status(status) == Status.RESULT_READY
