"""What residents are told, in their language, and when: at receipt, on a supplement request, when ready."""
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from kiosk.dossiers.progress import supplement_request
from kiosk.dossiers.states import Status
from kiosk.extensions import db
from kiosk.i18n import format_date

from .models import TextMessage

MAX_LENGTH = TextMessage.body.type.length  # what the message table holds
NOTIFIED = {"submitted", Status.SUPPLEMENT_REQUESTED, Status.RESULT_READY}


def text_for(kind: str, dossier, procedure, ward_name: str) -> str:
    with force_locale(dossier.locale):
        name = procedure.name.get(dossier.locale)
        if kind == "submitted":
            return _("%(ward)s received your dossier %(code)s (%(procedure)s). Results due on %(day)s.",
                     ward=ward_name, code=dossier.code, procedure=name, day=format_date(dossier.due_on))
        if kind == Status.SUPPLEMENT_REQUESTED:
            return _supplement_text(dossier, ward_name)
        return _("The result of dossier %(code)s is ready. Bring your receipt and ID card to %(ward)s.",
                 code=dossier.code, ward=ward_name)


def _supplement_text(dossier, ward_name: str) -> str:
    """What is missing and by when, in one message: the officer's words are cut (…) to fit, never the rest."""
    request = supplement_request(dossier)
    if request is None or not request.items:
        return _("Dossier %(code)s needs more documents. Please come to %(ward)s with your receipt.",
                 code=dossier.code, ward=ward_name)

    def text(items):
        if request.deadline:
            return _("Dossier %(code)s needs more documents: %(items)s. Bring them with your receipt to %(ward)s "
                     "by %(day)s.", code=dossier.code, items=items, ward=ward_name, day=format_date(request.deadline))
        return _("Dossier %(code)s needs more documents: %(items)s. Bring them with your receipt to %(ward)s.",
                 code=dossier.code, items=items, ward=ward_name)

    items = " ".join(request.items.split())
    excess = len(text(items)) - MAX_LENGTH
    return text(items) if excess <= 0 else text(items[:max(len(items) - excess - 1, 0)].rstrip() + "…")


def queue(kind: str, dossier) -> None:
    """Add the message to the caller's transaction, if this change is one residents are told about."""
    if kind not in NOTIFIED:
        return
    procedure = current_app.extensions["catalogue"].get(dossier.procedure_code)
    phone = (dossier.answers or {}).get(procedure.applicant.phone)
    if not phone:
        return
    body = text_for(kind, dossier, procedure, current_app.config["WARD_NAME"])
    db.session.add(TextMessage(dossier_code=dossier.code, phone=phone, body=body))
