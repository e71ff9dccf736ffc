"""Save a half-filled form and resume it later. Routes of the resident blueprint."""
from flask import abort, current_app, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired

from kiosk.drafts import services as drafts
from kiosk.drafts.models import Draft
from kiosk.extensions import db
from kiosk.forms import rules
from kiosk.i18n import current_locale
from kiosk.printing import jobs
from kiosk.printing.drafts import resume_slip_pdf
from kiosk.printing.response import pdf_response
from kiosk.security.throttle import Throttle
from kiosk.visits.services import end_visit, start_visit

from . import wizard
from .views import catalogue

SAVED_KEY = "saved_draft"


class ProtectDraftForm(FlaskForm):
    phone = StringField(_l("Mobile phone number"),
                        validators=[DataRequired(_l("Enter a mobile phone number to protect your saved form."))])

    def validate_phone(self, field):
        try:
            field.clean = rules.phone(field.data)
        except rules.RuleError as error:
            raise ValueError(_("Enter a Vietnamese mobile number, for example 0912 345 678.")) from error


class ResumeForm(FlaskForm):
    code = StringField(_l("Resume code"), validators=[DataRequired(_l("Enter the resume code from your slip."))])
    proof = StringField(_l("A date of birth or the phone number you gave in the form"),
                        validators=[DataRequired(_l("Enter a date of birth or the phone number from the form."))])


def save_draft():
    visit, procedure = wizard.current_filing()
    if procedure is None:
        return redirect(url_for(".ended"))
    protected = drafts.is_protected(procedure, visit.answers)
    form = ProtectDraftForm()
    if form.is_submitted() and (protected or form.validate()):
        answers = visit.answers if protected else {**visit.answers, drafts.RESUME_PHONE: form.phone.clean}
        draft = drafts.save(procedure, answers, current_locale(), current_app.config["DRAFT_DAYS"])
        # The form's visit ends; a fresh one holds only the code, so the saved page dies with it (finish or
        # idle wipe) and the next person at the terminal finds nothing of this resident.
        saved = start_visit()
        saved.answers = {SAVED_KEY: draft.resume_code}
        db.session.commit()
        return redirect(url_for(".draft_saved"))
    return render_template("resident/save_draft.html", procedure=procedure, form=form, protected=protected)


def _saved_draft():
    code = (g.visit.answers or {}).get(SAVED_KEY) if g.visit is not None and not g.visit.procedure_code else None
    draft = db.session.query(Draft).filter_by(resume_code=code).first() if code else None
    if draft is None:
        abort(404)
    return draft


def draft_saved():
    draft = _saved_draft()
    job = request.args.get("job")
    return render_template("resident/draft_saved.html", draft=draft, print_job=job, print_state=jobs.state_of(job),
                           procedure=catalogue().get(draft.procedure_code))


def draft_slip():
    return pdf_response(resume_slip_pdf(_saved_draft()), "resume.pdf")


def print_draft_slip():
    draft = _saved_draft()
    if not jobs.has_printer():
        return redirect(url_for(".draft_slip_view"))
    return redirect(url_for(".draft_saved", job=jobs.send(resume_slip_pdf(draft), "resume.pdf")) + "#print-status")


def draft_slip_view():
    _saved_draft()
    return render_template("resident/slip.html", title=_("Resume code"), pdf_url=url_for(".draft_slip"),
                           back_url=url_for(".draft_saved"))


def draft_done():
    end_visit()
    return redirect(url_for(".home"))


def _throttle():
    config = current_app.config
    return Throttle("resume", config["LOOKUP_MAX_FAILURES"], config["LOOKUP_WINDOW_S"])


def resume():
    form = ResumeForm()
    error = None
    if form.validate_on_submit():
        key = drafts.normalise_resume_code(form.code.data)
        if _throttle().is_locked(key):
            error = _("Too many unsuccessful attempts. Please wait 15 minutes or ask the staff for help.")
        else:
            draft = drafts.find_for_resume(catalogue(), form.code.data, form.proof.data)
            if draft is None:
                _throttle().fail(key)
                error = _("No saved form matches this code and answer, or it has expired.")
            else:
                procedure = catalogue().get(draft.procedure_code)
                session["locale"] = draft.locale
                visit = start_visit(procedure.code)
                visit.answers = drafts.take(draft)
                db.session.commit()
                missing = wizard.first_unanswered_step(procedure, visit.answers)
                return redirect(url_for(".step", step_id=missing.id) if missing else url_for(".check"))
    return render_template("resident/resume.html", form=form, error=error)
