"""Phiếu trả kết quả: printed when the result is handed over, signed by both sides."""
from flask_babel import force_locale
from flask_babel import gettext as _

from kiosk.core.clock import local
from kiosk.dossiers.labels import collector_label
from kiosk.dossiers.states import on_time
from kiosk.i18n import format_date, format_moment

from .layout import Slip, render_slip
from .ward_slip import ward_slip


def result_slip(dossier, procedure, event) -> Slip:
    locale = dossier.locale
    with force_locale(locale):
        data = event.data or {}  # a hand-over recorded before the data existed is filled by migration tests11_1
        in_time = data["on_time"] if "on_time" in data else on_time(local(event.at).date(), dossier.due_on)
        collected_by = collector_label(data["collector"]) if "collector" in data else event.reason or ""
        person = (data.get("collector") or {}).get("name") or dossier.applicant_name  # signs as the collector
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
                  (_("Timeliness"), _("On time") if in_time else _("Late")),
                  (_("Collected by"), collected_by)),
        )


def result_slip_pdf(dossier, procedure, event, paper: str) -> bytes:
    return render_slip(result_slip(dossier, procedure, event), paper)
