"""Hand-over at the counter: scan the receipt, check the collector, print the result slip."""
from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, ValidationError

from kiosk.auth import policy
from kiosk.auth.policy import Action, allows
from kiosk.dossiers import handover, operations
from kiosk.dossiers.lookup import receipt_verdict
from kiosk.dossiers.states import Status, may_hand_over
from kiosk.forms import rules
from kiosk.printing import jobs
from kiosk.printing.result_slip import result_slip_pdf
from kiosk.visits.services import start_handover_rating

from .slips import EventSlip
from .views import _actor, _dossier_or_404

MESSAGES = {
    "forged": _l("This receipt's QR code is not genuine or has been altered. Do not hand over the result; "
                 "check the resident's identity and look the dossier up by its code."),
    "unreachable": _l("This receipt was printed at another terminal, and the central dossier system that can "
                      "check it cannot be reached right now. Try again in a few minutes, or type the code."),
    "shape": _l("This is not a dossier code. Scan the QR code on the receipt or type the code."),
    "check": _l("The code has a typing mistake: check it against the receipt."),
    "unknown": _l("No dossier has this code at this terminal."),
    "not_ready": _l("The result of this dossier is not ready to hand over."),
}


class ScanForm(FlaskForm):
    receipt = StringField(_l("Scan the QR code on the receipt, or type the dossier code"),
                          validators=[DataRequired(_l("Scan the receipt or type its code."))])


class CollectorForm(FlaskForm):
    collector = RadioField(_l("Who collects the result?"),
                           choices=[SelectChoice("applicant", _l("The applicant in person")),
                                    SelectChoice("authorised",
                                                 _l("An authorised person (with a letter of authorisation)"))],
                           validators=[DataRequired(_l("Choose who collects the result."))])
    name = StringField(_l("Full name of the collector"), validators=[DataRequired(_l("Enter the collector's full name."))])
    id_number = StringField(_l("ID number of the collector (CCCD)"),
                            validators=[DataRequired(_l("Enter the collector's ID number."))],
                            render_kw={"inputmode": "numeric"})

    def validate_id_number(self, field):
        try:
            field.data = rules.cccd(field.data, allow_cmnd=True)
        except rules.RuleError as error:
            raise ValidationError(_("Enter the 12-digit CCCD number, or the 9-digit number of an old ID card.")) \
                from error

    def validate_name(self, field):
        try:
            field.data = rules.person_name(field.data)
        except rules.RuleError as error:
            raise ValidationError(_("Use letters, spaces and hyphens only, with Vietnamese accents where they "
                                    "belong.")) from error


@allows(Action.COUNTER)
def hand_over_scan():
    form = ScanForm()
    error = None
    if form.validate_on_submit():
        try:
            dossier = handover.identify(form.receipt.data, receipt_verdict)
            if not policy.can_see(current_user, dossier):
                raise handover.NotFound("unknown")  # another ward's dossier: as if it did not exist
        except handover.NotFound as missing:
            error = str(MESSAGES[missing.reason])
        else:
            if may_hand_over(dossier.status):
                return redirect(url_for(".hand_over", code=dossier.code))
            error = str(MESSAGES["not_ready"])
    return render_template("staff/hand_over_scan.html", form=form, error=error), 200 if not error else 400


@allows(Action.COUNTER)
def hand_over(code):
    dossier = _dossier_or_404(code)
    procedure = current_app.extensions["catalogue"].get(dossier.procedure_code)
    form = CollectorForm()
    if may_hand_over(dossier.status) and form.validate_on_submit():
        collector = handover.Collector(form.collector.data, form.name.data, form.id_number.data)
        operations.hand_over(dossier, collector, _actor())
        flash(_("The result was handed over. Print the result slip for both to sign."))
        return redirect(url_for(".handed_over", code=code))
    return render_template("staff/hand_over.html", dossier=dossier, procedure=procedure, form=form,
                           ready=may_hand_over(dossier.status))


@allows(Action.COUNTER)
def handed_over(code):
    return render_template("staff/handed_over.html", dossier=_dossier_or_404(code))


@allows(Action.COUNTER)
def invite_rating(code):
    """Turn the terminal to the resident for a short, anonymous rating of the hand-over."""
    start_handover_rating(_dossier_or_404(code).id)
    return redirect(url_for("resident.rate"))


def _result_slip_pdf(dossier, event):
    procedure = current_app.extensions["catalogue"].get(dossier.procedure_code)
    return result_slip_pdf(dossier, procedure, event, jobs.paper())


RESULT_SLIP = EventSlip(Status.RETURNED, "result-slip", "{code}-tra-ket-qua.pdf",
                        _l("The result has not been handed over yet."), _result_slip_pdf, operations.print_result_slip)
result_slip, print_result_slip = RESULT_SLIP.views("result_slip", "print_result_slip")
