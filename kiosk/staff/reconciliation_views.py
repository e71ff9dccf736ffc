"""A supervisor imports a bank statement and sees which transfers match which dossiers."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired

from kiosk.auth import policy
from kiosk.auth.policy import Action, allows
from kiosk.dossiers import operations
from kiosk.payments import services as payments
from kiosk.payments.reconciliation import StatementError, reconcile

PROBLEMS = {
    "encoding": _l("The file is not a UTF-8 text (CSV) file. Export the statement as CSV UTF-8."),
    "columns": _l("The first row must name the columns: the date (Ngày giao dịch), the amount (Số tiền) and "
                  "the description (Nội dung or Mô tả)."),
    "amount": _l("Row %(row)d has no amount that can be read."),
}


class StatementForm(FlaskForm):
    statement = FileField(_l("Bank statement (CSV: Ngày giao dịch, Số tiền, Nội dung)"),
                          validators=[FileRequired(_l("Choose the statement file."))])


@allows(Action.RECONCILE)
def reconciliation():
    form = StatementForm()
    lines = None
    if form.validate_on_submit():
        try:
            # A transfer naming a dossier this user may not see is "no dossier": its fee stays private.
            lines = reconcile(form.statement.data.read(),
                              find=lambda code: policy.visible_dossier(current_user, code))
        except StatementError as error:
            form.statement.errors.append(str(PROBLEMS[error.reason]) % {"row": error.row})
    status = 400 if form.errors else 200
    paid = set()
    for line in lines or ():
        dossier = policy.visible_dossier(current_user, line.code) if line.code else None
        if dossier is not None and payments.payment_of(dossier) is not None:
            paid.add(line.code)
    return render_template("staff/reconciliation.html", form=form, lines=lines, paid=paid), status


@allows(Action.RECONCILE)
def reconciliation_confirm():
    """Record the transfers the reader ticked ("code|amount transferred") as the fees of their dossiers: only
    when the amount transferred is the dossier's fee, and the payment is the dossier's fee, never the browser's;
    a dossier already paid stays as it is."""
    recorded, skipped = [], []
    for ticked in list(dict.fromkeys(request.form.getlist("code")))[:200]:
        code, _sep, amount = ticked.partition("|")
        dossier = policy.visible_dossier(current_user, code)
        if dossier is None or amount != str(dossier.fee):
            skipped.append(code)
            continue
        try:
            payment = operations.pay(dossier, "transfer", f"{current_user.role}:{current_user.username}")
        except payments.PaymentRefused:
            skipped.append(code)
        else:
            recorded.append(payment.receipt_no)
    if recorded:
        flash(_("Recorded as paid by transfer: %(receipts)s.", receipts=", ".join(recorded)))
    if skipped or not recorded:
        flash(_("Not recorded (already paid, nothing to pay, or not found): %(codes)s.",
                codes=", ".join(skipped) or "—"))
    return redirect(url_for(".reconciliation"))
