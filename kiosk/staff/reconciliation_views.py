"""A supervisor imports a bank statement and sees which transfers match which dossiers."""
from flask import abort, render_template
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired

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
def reconciliation():
    if current_user.role not in ("supervisor", "admin"):
        abort(403)
    form = StatementForm()
    lines = None
    if form.validate_on_submit():
        try:
            lines = reconcile(form.statement.data.read())
        except StatementError as error:
            form.statement.errors.append(str(PROBLEMS[error.reason]) % {"row": error.row})
    status = 400 if form.errors else 200
    return render_template("staff/reconciliation.html", form=form, lines=lines), status
