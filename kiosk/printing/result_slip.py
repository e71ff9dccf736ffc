"""Phiếu trả kết quả: printed when the result is handed over, signed by both sides."""
from flask_babel import force_locale
from flask_babel import gettext as _

from kiosk.i18n import format_date, format_moment

from .layout import Slip, render_slip
from .ward_slip import ward_slip


def result_slip(dossier, procedure, event) -> Slip:
    locale = dossier.locale
    with force_locale(locale):
        timeliness, _sep, collector = (event.reason or "").partition("; collected by ")
        kind, _sep, person = collector.partition(": ")
        role = _("the applicant") if kind == "applicant" else _("an authorised person")
        collected_by = f"{person} — {role}"
        return ward_slip(
            "result", names=(person,),
            code=dossier.code,
            code_label=_("Dossier code"),
            qr_payload=None,
            rows=((_("Procedure"), procedure.name.get(locale)),
                  (_("Applicant"), dossier.applicant_name),
                  (_("Result"), procedure.result.document.get(locale)),
                  (_("Received at"), format_moment(dossier.submitted_at)),
                  (_("Results due on"), format_date(dossier.due_on)),
                  (_("Handed over at"), format_moment(event.at)),
                  (_("Timeliness"), _("On time") if timeliness == "on time" else _("Late")),
                  (_("Collected by"), collected_by)),
        )


def result_slip_pdf(dossier, procedure, event, paper: str) -> bytes:
    return render_slip(result_slip(dossier, procedure, event), paper)
