"""What residents and staff read for statuses and history events, in their language."""
from datetime import date

from flask_babel import gettext as _

from kiosk.auth.models import StaffUser
from kiosk.extensions import db
from kiosk.i18n import format_date

from .states import Status


def status_label(status: str) -> str:
    labels = {
        Status.SUBMITTED: _("Submitted, waiting to be received"),  # at a terminal or at the counter
        Status.RECEIVED: _("Received, being processed"),
        Status.SUPPLEMENT_REQUESTED: _("More documents needed"),
        Status.REJECTED: _("Rejected"),
        Status.RESULT_READY: _("Result ready to collect"),
        Status.RETURNED: _("Result handed over"),
    }
    return labels[Status(status)]


def channel_label(channel: str) -> str:
    labels = {"self_service": _("Self-service"), "assisted": _("Assisted"), "counter": _("At the counter")}
    return labels.get(channel, channel)


def assisting_text(mode: str, part: str) -> str:
    """What a guide reads while filing for someone: beside a resident (assisted mode) or typing in a paper
    dossier (counter mode, the dossier's channel "counter"). `part`: bar, end, leave or notice."""
    counter = mode == "counter"
    texts = {
        "bar": _("Entering a paper dossier at the counter") if counter else _("Assisting a resident"),
        "end": _("End counter mode") if counter else _("End assisting"),
        "leave": _("Leave counter mode") if counter else _("Stop assisting"),
        "notice": (_("Counter mode is on: dossiers filed now are recorded as handed in on paper at the counter.")
                   if counter else _("Assisted mode is on: dossiers filed now record you as the guide.")),
    }
    return texts[part]


def event_label(kind: str) -> str:
    labels = {
        "receipt_printed": _("Receipt printed"),
        "receipt_reprinted": _("Receipt reprinted (copy)"),
        "viewed": _("Opened by staff"),
        "document_attached": _("Scan attached"),
        "document_viewed": _("Scan opened by staff"),
        "supplement_slip_printed": _("Supplement request printed"),
        "control_slip_printed": _("Process control slip printed"),
        "refusal_slip_printed": _("Refusal slip printed"),
        "apology_issued": _("Apology slip with a new appointment"),
        "result_slip_printed": _("Result slip printed"),
        "fee_paid": _("Fee paid"),
        "fee_receipt_printed": _("Fee receipt printed"),
        "personal_data_deleted": _("Personal data deleted (its keeping time is over)"),
        "fee_receipt_voided": _("Fee receipt voided"),
    }
    if kind in labels:
        return labels[kind]
    return status_label(kind) if kind in Status.__members__.values() else kind


def payment_method_label(method: str) -> str:
    return _("Cash") if method == "cash" else _("Bank transfer (VietQR)")


def collector_label(collector: dict) -> str:
    """Who collected a result, from a hand-over's data: the name, the ID's last digits, the role."""
    role = _("the applicant") if collector.get("kind") == "applicant" else _("an authorised person")
    return f"{collector.get('name', '')} (ID …{collector.get('id_last4', '')}) — {role}"


def _returned(data):
    timeliness = _("On time") if data.get("on_time") else _("Late")
    return f"{timeliness}; " + _("collected by %(who)s", who=collector_label(data.get("collector") or {}))


def _supplement(data):
    deadline = data.get("deadline")
    by = _("by %(day)s", day=format_date(date.fromisoformat(deadline))) if deadline else ""
    return " — ".join(part for part in (data.get("items") or "", by) if part)


def _apology(data):
    return _("new appointment %(day)s: %(reason)s", day=format_date(date.fromisoformat(data["new_date"])),
             reason=data.get("reason", ""))


# What the software knows of an event is stored as data and read here, in the reader's language, by kind.
_NOTES = {
    "returned": _returned,
    "fee_paid": lambda d: f"{d['receipt_no']}: {d['amount']} đ ({payment_method_label(d['method'])})",
    "fee_receipt_printed": lambda d: d["receipt_no"],
    "receipt_reprinted": lambda d: _("copy %(number)s", number=d["copy"]),
    "document_attached": lambda d: _("document %(number)s", number=d["document"]),
    "document_viewed": lambda d: _("scan %(number)s", number=d["scan"]),
    "supplement_requested": _supplement,
    "apology_issued": _apology,
}


def event_note(kind: str, reason: str | None, data: dict | None = None) -> str:
    """A history note in its reader's language: from the event's data when it has some, else what people
    typed (or what the centre sent), as it was written."""
    if data and kind in _NOTES:
        return _NOTES[kind](data)
    return reason or ""


def _role_label(role: str) -> str:
    labels = {"guide": _("guide"), "supervisor": _("ward supervisor"), "officer": _("processing officer"),
              "admin": _("city administrator")}
    return labels.get(role, "")


def actor_labels(events) -> dict:
    """Who did each event, as its reader says it: "Trần Thị Lan (guide)", never the stored id
    ("guide:lan"). Staff known here are named (one query for the whole history); others by their role."""
    actors = {e.actor for e in events}
    usernames = {a.split(":", 1)[1] for a in actors if a.split(":", 1)[0] in ("guide", "supervisor", "officer")}
    names = dict(db.session.execute(db.select(StaffUser.username, StaffUser.full_name)
                                    .where(StaffUser.username.in_(usernames))).all()) if usernames else {}
    return {actor: actor_label(actor, names) for actor in actors}


def actor_label(actor: str, names: dict | None = None) -> str:
    kind, _sep, who = actor.partition(":")
    if kind in ("guide", "supervisor", "officer"):
        name = (names or {}).get(who)
        role = _role_label(kind)
        if name:
            return f"{name} ({role})"
        role = role[:1].upper() + role[1:]
        _user, at, terminal = who.partition("@")  # staff of another terminal of the ward: "guide:mai@09556-02"
        return _("%(role)s at terminal %(terminal)s", role=role, terminal=terminal) if at else role
    fixed = {"resident": _("The applicant"), "system": _("The system"), "demo": _("Demonstration data")}
    if kind in fixed:
        return fixed[kind]
    if kind == "terminal":
        return _("Terminal %(terminal)s", terminal=who)
    return _("The processing agency")  # anything else the centre sent: its own staff, named in its own system
