"""Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 02, Thông tư 01/2018/TT-VPCP): the slip that follows a
dossier between the one-stop counter and the processing agency, listing each hand-off from the dossier's
events, with the signature blocks for the next one."""
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from kiosk.core.clock import local
from kiosk.dossiers.labels import actor_labels, event_label, event_note
from kiosk.dossiers.states import Status, on_time
from kiosk.i18n import format_date, format_moment

from .layout import Slip
from .ward_slip import ward_slip

# The events that move the dossier from one hand to another (the rest are prints and views).
HAND_OFFS = {Status.SUBMITTED, Status.RECEIVED, Status.SUPPLEMENT_REQUESTED, Status.REJECTED,
             Status.RESULT_READY, Status.RETURNED}


def _who(actor: str, labels: dict) -> str:
    """Staff by their full name and role, as the dossier's history names them; never a username."""
    return _("the applicant") if actor == "resident" else labels[actor]


def _timeliness(event, due_on) -> str:
    day = local(event.at).date()  # a Hanoi day: stored times are UTC
    if not on_time(day, due_on):
        return _("Late")
    return _("On time") if day == due_on else _("Early")


def hand_off_line(event, due_on, labels: dict) -> str:
    parts = [format_moment(event.at), event_label(event.to_status), _("by %(who)s", who=_who(event.actor, labels))]
    if event.to_status in (Status.RESULT_READY, Status.RETURNED):
        parts.append(_timeliness(event, due_on))
    note = event_note(event.kind, event.reason, event.data)  # from its data, by kind, where it has some
    if note and event.to_status in (Status.SUPPLEMENT_REQUESTED, Status.REJECTED):
        parts.append(note)
    return " — ".join(parts)


def agency_name(dossier) -> str:
    config = current_app.config
    if dossier.agency_code == dossier.ward_code == config["WARD_CODE"]:
        return config["WARD_NAME"]
    return _("City agencies") if dossier.agency_code == "city" else dossier.agency_code


def control_slip(dossier, procedure, events) -> Slip:
    with force_locale(dossier.locale):
        # A state change's event is named after its new status; other events only note the status they saw.
        hand_offs = [e for e in events if e.to_status in HAND_OFFS and e.kind == e.to_status]
        labels = actor_labels(hand_offs)
        return ward_slip(
            "control",
            code=dossier.code, code_label=_("Dossier code"), qr_payload=None,
            rows=((_("Procedure"), procedure.name.get(dossier.locale)), (_("Applicant"), dossier.applicant_name),
                  (_("Processing agency"), agency_name(dossier)),
                  (_("Received at"), format_moment(dossier.submitted_at)),
                  (_("Results due on"), format_date(dossier.due_on))),
            list_title=_("Hand-offs recorded"),
            list_items=tuple(hand_off_line(e, dossier.due_on, labels) for e in hand_offs) or (_("None yet"),),
        )
