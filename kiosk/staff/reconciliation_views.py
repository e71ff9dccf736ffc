"""A supervisor imports a bank statement and sees which transfers match which dossiers."""
from flask import render_template
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired

from kiosk.auth import policy
from kiosk.auth.policy import Action, allows
from kiosk.payments.reconciliation import StatementError, reconcile

from .views import bp

PROBLEMS = {
    "encoding": _l("The file is not a UTF-8 text (CSV) file. Export the statement as CSV UTF-8."),
    "columns": _l("The first row must name the columns date, amount and description."),
    "amount": _l("Row %(row)d has no amount that can be read."),
}


class StatementForm(FlaskForm):
    statement = FileField(_l("Bank statement (CSV with date, amount, description)"),
                          validators=[FileRequired(_l("Choose the statement file."))])


@bp.route("/reconciliation", methods=["GET", "POST"])
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
    return render_template("staff/reconciliation.html", form=form, lines=lines), status
