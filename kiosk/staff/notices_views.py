"""Supplement-request and apology slips, printed by the guide; each print is in the dossier's history."""
from datetime import date

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from kiosk.auth import policy
from kiosk.auth.policy import Action, allows
from kiosk.core.clock import local_today
from kiosk.dossiers import operations
from kiosk.dossiers import services as dossiers
from kiosk.dossiers.calendar import APOLOGY, apology_owed, moved_due_date, moved_later
from kiosk.dossiers.models import DossierEvent
from kiosk.dossiers.states import Status, may_print_refusal, may_print_supplement_request
from kiosk.extensions import db
from kiosk.forms import rules
from kiosk.printing import jobs
from kiosk.printing.control_slip import control_slip
from kiosk.printing.layout import render_slip
from kiosk.printing.notices import apology_slip, refusal_slip, supplement_slip
from kiosk.printing.response import pdf_response

from .slips import EventSlip
from .views import _actor, _dossier_or_404, print_or_show


class ApologyForm(FlaskForm):
    new_date = StringField(_l("New appointment date (dd/mm/yyyy)"),
                           validators=[DataRequired(_l("Enter the new appointment date."))])
    reason = TextAreaField(_l("Reason for the delay"),
                           validators=[DataRequired(_l("Write the reason for the delay.")), Length(max=300)])

    def validate_new_date(self, field):
        try:
            field.clean = rules.parse_date(field.data, local_today())
        except rules.RuleError as error:
            raise ValidationError(_("Enter the date as day/month/year, for example 05/09/2024.")) from error
        if field.clean <= local_today():
            raise ValidationError(_("The new appointment must be after today."))


def _procedure(dossier):
    return current_app.extensions["catalogue"].get(dossier.procedure_code)


def _supplement_pdf(dossier, request_event):
    return render_slip(supplement_slip(dossier, _procedure(dossier), request_event), jobs.paper())


SUPPLEMENT_SLIP = EventSlip(Status.SUPPLEMENT_REQUESTED, "supplement-slip", "{code}-bo-sung.pdf",
                            _l("No supplement has been requested for this dossier."), _supplement_pdf,
                            operations.print_supplement_request, allowed=may_print_supplement_request)
supplement_request_slip, print_supplement_request = SUPPLEMENT_SLIP.views("supplement_request_slip", "print_supplement_request")


def _apology_pdf(dossier, new_date, reason):
    return render_slip(apology_slip(dossier, _procedure(dossier), new_date, reason), jobs.paper())


@allows(Action.COUNTER)
def refusal_slip_pdf(code):
    """Phiếu từ chối tiếp nhận giải quyết hồ sơ, for a dossier the agency rejected, with its reason."""
    dossier = _dossier_or_404(code)
    reject_event = dossiers.last_event(dossier, Status.REJECTED)
    if not may_print_refusal(dossier.status) or reject_event is None:
        flash(_("This dossier has not been rejected."))
        return redirect(url_for(".dossier", code=code))
    # Reading a slip changes nothing (a GET); the request log line records who read it.
    return pdf_response(render_slip(refusal_slip(dossier, _procedure(dossier), reject_event), jobs.paper()),
                        f"{code}-tu-choi.pdf")


@allows(Action.COUNTER)
def process_control_slip(code):
    """Phiếu kiểm soát quá trình giải quyết hồ sơ: the hand-offs so far, to travel with the papers."""
    dossier = _dossier_or_404(code)
    events = db.session.scalars(select(DossierEvent).where(DossierEvent.dossier_id == dossier.id)
                                .order_by(DossierEvent.at, DossierEvent.id)).all()
    slip = control_slip(dossier, _procedure(dossier), events)
    # Reading a slip changes nothing (a GET); the request log line records who read it.
    return pdf_response(render_slip(slip, jobs.paper()), f"{code}-kiem-soat.pdf")


@allows(Action.COUNTER)
def apology(code):
    dossier = _dossier_or_404(code)
    if not apology_owed(dossier, local_today(), current_app.extensions["catalogue"]):
        flash(_("This dossier is not overdue."))
        return redirect(url_for(".dossier", code=code))
    moved_to = moved_due_date(dossier, current_app.extensions["catalogue"])
    form = ApologyForm()
    if moved_to and not form.is_submitted():  # the calendar's new date, to confirm or change
        form.new_date.data = moved_to.strftime("%d/%m/%Y")
        form.reason.data = _("The working-day calendar changed after the receipt was printed.")
    if form.validate_on_submit():
        operations.apologise(dossier, form.new_date.clean, form.reason.data, _actor())
        pdf = _apology_pdf(dossier, form.new_date.clean, form.reason.data.strip())
        return print_or_show(pdf, f"{code}-xin-loi.pdf", code, "apology")
    return (render_template("staff/apology.html", dossier=dossier, form=form, moved_to=moved_to),
            200 if not form.errors else 400)


@allows(Action.COUNTER)
def moved_due_dates():
    """Dossiers of this ward whose printed due date a working-day override moved later: each is owed an
    apology slip with its new date."""
    moved = moved_later(policy.dossiers_visible_to(current_user), current_app.extensions["catalogue"])
    return render_template("staff/moved_due_dates.html", moved=moved, apology_endpoint="staff.apology")


@allows(Action.COUNTER)
def apology_pdf(code):
    """The last apology issued, as printed (its date and reason are in the dossier's history)."""
    dossier = _dossier_or_404(code)
    issued = dossiers.last_event(dossier, APOLOGY)
    if issued is None or not issued.data:  # older events were given their data by migration tests11_1
        abort(404)
    return pdf_response(_apology_pdf(dossier, date.fromisoformat(issued.data["new_date"]), issued.data["reason"]),
                        f"{code}-xin-loi.pdf")
