"""Biên lai thu phí, lệ phí: the fee receipt, numbered in its own series, with its form symbol and
series, the amount in words, and the payer's and collector's signatures."""
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from kiosk.dossiers.labels import payment_method_label
from kiosk.i18n import format_moment, format_money

from .layout import Slip
from .ward_slip import ward_slip
from .words import amount_in_words


def fee_receipt_slip(dossier, procedure, payment) -> Slip:
    config = current_app.config
    with force_locale(dossier.locale):
        return ward_slip(
            "fee_receipt", names=(dossier.applicant_name,),
            code=payment.receipt_no, code_label=_("Receipt number"), qr_payload=None,
            rows=((_("Form symbol"), config["FEE_RECEIPT_FORM"]), (_("Series"), config["FEE_RECEIPT_SERIES"]),
                  (_("Dossier code"), dossier.code), (_("Procedure"), procedure.name.get(dossier.locale)),
                  (_("Paid by"), dossier.applicant_name), (_("Amount"), format_money(payment.amount)),
                  (_("Amount in words"), amount_in_words(payment.amount, dossier.locale)),
                  (_("Paid by way of"), payment_method_label(payment.method)),
                  (_("Paid at"), format_moment(payment.paid_at))),
            notes=(_("Keep this receipt until the result is handed over."),))
