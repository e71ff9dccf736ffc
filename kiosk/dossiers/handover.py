"""Handing the result over at the ward: find the dossier from its receipt, record who collected it."""
from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

from kiosk.core import codes
from kiosk.core.clock import local, utcnow
from kiosk.extensions import db

from . import services, states
from .states import Status


class NotFound(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # forged, unreachable, shape, check, unknown, not_ready


@dataclass(frozen=True)
class Collector:
    kind: str  # applicant | authorised
    name: str
    id_number: str

    def describe(self) -> str:
        """For the history and the centre: never the whole ID number."""
        return f"{self.kind}: {self.name} (ID …{self.id_number[-4:]})"

    def data(self) -> dict:
        """The same, typed, for the event's data."""
        return {"kind": self.kind, "name": self.name, "id_last4": self.id_number[-4:]}


def identify(raw: str, verdict):
    """The dossier a scanned receipt QR (a lookup URL) or a typed code points to.

    A scanned URL must carry a valid signature: an altered or forged receipt is refused. `verdict(code,
    signature)` says True (genuine), False (not) or None (only the centre can tell, and it cannot be asked).
    """
    raw = (raw or "").strip()
    if "/l/" in raw:
        url = urlparse(raw)
        code = url.path.rsplit("/", 1)[-1]
        genuine = verdict(code, parse_qs(url.query).get("s", [""])[0])
        if not genuine:
            raise NotFound("unreachable" if genuine is None else "forged")
    else:
        try:
            codes.parse(raw)
        except codes.CodeError as error:
            raise NotFound(error.reason) from error
        code = codes.normalise(raw)
    dossier = services.find_by_code(code)
    if dossier is None:
        raise NotFound("unknown")
    return dossier


def hand_over(dossier, collector: Collector, actor: str, commit: bool = True):
    """RESULT_READY → RETURNED, noting whether it was on time."""
    if not states.may_hand_over(dossier.status):
        raise NotFound("not_ready")
    on_time = states.on_time(local(utcnow()).date(), dossier.due_on)
    reason = f"{'on time' if on_time else 'late'}; collected by {collector.describe()}"
    event = services.transition(dossier, Status.RETURNED, actor, reason, commit=False,
                                data={"on_time": on_time, "collector": collector.data()})
    if commit:
        db.session.commit()
    return event
