"""The receipt's content (giấy tiếp nhận hồ sơ và hẹn trả kết quả), in the dossier's language."""
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from kiosk.catalogue.facts import document_line
from kiosk.documents import services as documents
from kiosk.i18n import format_date, format_moment, format_money
from kiosk.payments import services as payments
from kiosk.payments.fees import fee_told
from kiosk.security.signing import lookup_url

from . import jobs
from .layout import Slip, render_slip
from .ward_slip import ward_slip


def receipt_slip(dossier, procedure, lookup_url: str, copy_no: int = 0, scanned=(), payment_qr=None) -> Slip:
    """`scanned`: the dossier's attached scans, listed after the documents to hand in; `payment_qr`: a
    VietQR payload for the fee, printed so the resident can pay later from home."""
    locale = dossier.locale
    with force_locale(locale):
        fee = fee_told(procedure, dossier.fee, dossier.answers)
        return ward_slip(
            "receipt", names=(dossier.applicant_name,),
            code=dossier.code,
            code_label=_("Dossier code"),
            qr_payload=lookup_url,
            rows=(
                (_("Procedure"), procedure.name.get(locale)),
                (_("Applicant"), dossier.applicant_name),
                (_("Received at"), format_moment(dossier.submitted_at)),
                (_("Results due on"), format_date(dossier.due_on)),
                (_("Collect the result at"), procedure.result.returned_at.get(locale)),
                (_("Fee"), fee),
            ),
            list_title=_("Documents to hand in"),
            list_items=tuple(document_line(d, locale) for d in procedure.documents) + tuple(
                _("Scanned: %(document)s", document=procedure.documents[s.document_index].name.get(locale))
                for s in scanned),
            notes=(
                # Only what holds: a terminal's QR leads to the centre, which (like every terminal, by
                # asking it) answers for the whole city; a standalone kiosk answers for itself alone.
                _("Scan the QR code with your phone to follow your dossier, or look it up at any ward "
                  "terminal with the code and the last 4 digits of your phone number.")
                if current_app.config.get("ROLE") == "terminal" else
                _("Scan the QR code with your phone to follow your dossier, or look it up at this kiosk "
                  "with the code and the last 4 digits of your phone number."),
                _("Bring this receipt and your ID card when you collect the result."),
            ),
            copy_mark=_("COPY — print no. %(n)d", n=copy_no + 1) if copy_no else None,
            payment_qr=payment_qr,
            # Two codes on one paper: each says what it is for.
            lookup_caption=_("Scan to look up") if payment_qr else "",
            payment_title=_("Scan to pay the fee by transfer") if payment_qr else "",
            payment_caption=_("Scan with your bank's app to pay the fee of %(amount)s; the transfer carries "
                              "the dossier code.", amount=format_money(dossier.fee)) if payment_qr else "",
        )


def receipt_pdf(dossier, copy_no: int = 0) -> bytes:
    """The receipt on the configured paper; `copy_no` > 0 marks a guide's reprint as a copy."""
    procedure = current_app.extensions["catalogue"].get(dossier.procedure_code)
    unpaid = dossier.fee and payments.payment_of(dossier) is None
    slip = receipt_slip(dossier, procedure, lookup_url(dossier.code), copy_no, documents.of_dossier(dossier),
                        payments.transfer_qr(dossier) if unpaid else None)
    return render_slip(slip, jobs.paper())


def receipt_title(dossier) -> str:
    return f"{dossier.code}.pdf"
