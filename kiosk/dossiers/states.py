"""The dossier state machine: the only way a dossier's status changes."""
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
