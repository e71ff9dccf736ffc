"""The guide confirms a fee paid in cash or seen transferred, and prints the fee receipt."""
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from kiosk.auth import policy
from kiosk.auth.policy import Action, allows
from kiosk.dossiers import operations
from kiosk.payments import services as payments
from kiosk.printing import jobs
from kiosk.printing.fee_receipt import fee_receipt_slip
from kiosk.printing.layout import render_slip
from kiosk.printing.response import pdf_response

from .views import _actor, _dossier_or_404, print_or_show

REFUSALS = {
    "nothing_to_pay": _l("This dossier has no fee to pay."),
    "already_paid": _l("This dossier's fee has already been paid: it cannot be paid twice."),
    "method": _l("Choose cash or bank transfer."),
    "not_paid": _l("No payment has been recorded for this dossier."),
    "no_reason": _l("Write why the receipt is voided: it stays in the dossier's history."),
}


@allows(Action.COUNTER)
def confirm_payment(code):
    dossier = _dossier_or_404(code)
    method = request.form.get("method", "")
    if method in payments.METHODS and dossier.fee > 0 and payments.payment_of(dossier) is None \
            and request.form.get("confirmed") != "yes":
        # money asks to confirm: the guide reads the amount and the way it was paid before the receipt is numbered
        return render_template("staff/confirm_payment.html", dossier=dossier, method=method)
    try:
        operations.pay(dossier, method, _actor())
    except payments.PaymentRefused as refused:
        flash(str(REFUSALS[refused.reason]))
    else:
        flash(_("Payment recorded. Print the fee receipt for the resident."))
    return redirect(url_for(".dossier", code=code))


def _fee_receipt_pdf(dossier, payment):
    procedure = current_app.extensions["catalogue"].get(dossier.procedure_code)
    return render_slip(fee_receipt_slip(dossier, procedure, payment), jobs.paper())


@allows(Action.COUNTER)
def fee_receipt(code):
    dossier = _dossier_or_404(code)
    payment = payments.payment_of(dossier)
    if payment is None:
        abort(404)
    return pdf_response(_fee_receipt_pdf(dossier, payment), f"{payment.receipt_no}.pdf")


@allows(Action.COUNTER)
def print_fee_receipt(code):
    dossier = _dossier_or_404(code)
    payment = payments.payment_of(dossier)
    if payment is None:
        flash(_("No payment has been recorded for this dossier."))
        return redirect(url_for(".dossier", code=code))
    operations.print_fee_receipt(dossier, payment, _actor())
    return print_or_show(_fee_receipt_pdf(dossier, payment), f"{payment.receipt_no}.pdf", code, "fee-receipt")


@allows(Action.VOID)
def void_fee_receipt(code):
    """A supervisor voids the fee receipt, with a reason, after a confirmation that shows both."""
    dossier = policy.dossier_or_404(current_user, Action.VOID, code)
    payment = payments.payment_of(dossier)
    reason = request.form.get("reason", "").strip()[:400]
    if payment is None or not reason:
        flash(str(REFUSALS["not_paid" if payment is None else "no_reason"]))
        return redirect(url_for(".dossier", code=code))
    if request.form.get("confirmed") != "yes":
        return render_template("staff/confirm_void.html", dossier=dossier, payment=payment, reason=reason)
    voided = operations.void_fee(dossier, reason, f"supervisor:{current_user.username}")
    flash(_("Fee receipt %(no)s was voided. The dossier's fee is unpaid again.", no=voided.receipt_no))
    return redirect(url_for(".dossier", code=code))
