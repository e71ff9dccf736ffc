"""Slips the ward prints about a dossier's course: a supplement request, a refusal, an apology for lateness."""
from flask_babel import force_locale
from flask_babel import gettext as _

from kiosk.dossiers.labels import event_note
from kiosk.i18n import format_date, format_moment

from .layout import Slip
from .ward_slip import ward_slip


def _slip(dossier, procedure, kind, rows, notes) -> Slip:
    return ward_slip(kind, code=dossier.code, code_label=_("Dossier code"), qr_payload=None,
                rows=((_("Procedure"), procedure.name.get(dossier.locale)), (_("Applicant"), dossier.applicant_name),
                      (_("Received at"), format_moment(dossier.submitted_at)), *rows),
                notes=notes)


def supplement_slip(dossier, procedure, request_event) -> Slip:
    """Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ: what is missing, and by when."""
    with force_locale(dossier.locale):
        return _slip(dossier, procedure, "supplement",
                     ((_("What is needed"), event_note(request_event.kind, request_event.reason, request_event.data)),
                      (_("Requested at"), format_moment(request_event.at))),
                     (_("Bring the papers listed above to the ward's one-stop counter with this slip."),
                      _("The processing time starts again when the dossier is complete.")))


def apology_slip(dossier, procedure, new_date, reason: str) -> Slip:
    """Phiếu xin lỗi và hẹn lại ngày trả kết quả."""
    with force_locale(dossier.locale):
        return _slip(dossier, procedure, "apology",
                     ((_("Results were due on"), format_date(dossier.due_on)),
                      (_("New appointment"), format_date(new_date)),
                      (_("Reason for the delay"), reason)),
                     ())


def refusal_slip(dossier, procedure, reject_event) -> Slip:
    """Phiếu từ chối tiếp nhận giải quyết hồ sơ (Mẫu 04): why the dossier cannot be settled."""
    with force_locale(dossier.locale):
        return _slip(dossier, procedure, "refusal",
                     ((_("Reason for refusal"), reject_event.reason or ""), (_("Refused at"), format_moment(reject_event.at))),
                     (_("The documents handed in are returned to the applicant with this slip."),))
