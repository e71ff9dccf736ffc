"""The one-thing-per-page form: which step comes next, what is kept, what is filed."""
from flask import current_app, g, url_for
from werkzeug.datastructures import MultiDict

from kiosk.auth.models import StaffUser
from kiosk.core.text import nfc
from kiosk.dossiers import services
from kiosk.extensions import db
from kiosk.forms.builder import display_value, form_value, is_shown, step_form_class


def current_filing():
    """The visit and its procedure, or (visit, None) when nothing is being filed."""
    visit = g.visit
    if visit is None or not visit.procedure_code:
        return visit, None
    return visit, current_app.extensions["catalogue"].get(visit.procedure_code)


def form_for(step, locale, answers, formdata=None):
    form_class = step_form_class(step, locale)
    if formdata is None:
        values = {}
        for definition in step.fields:
            stored = answers.get(definition.name, definition.default)
            if stored:
                values[definition.name] = form_value(definition, stored)
        formdata = MultiDict(values) if values else None
    form = form_class(formdata=formdata)
    form.stored_answers = answers
    return form


def fields_on_page(step, answers):
    """The step's fields to render. A condition on this same page is toggled in the browser
    (and re-checked on the server); one on an earlier page is settled here."""
    names = {d.name for d in step.fields}
    return [d for d in step.fields
            if d.show_if is None or d.show_if.field in names or is_shown(d, answers)]


def keep_answers(visit, step, form):
    answers = dict(visit.answers)  # a new dict, so the JSON column sees the change
    for definition in step.fields:
        field = form[definition.name]
        answers[definition.name] = getattr(field, "clean", None) or nfc(field.data or "")
    for definition in step.fields:  # what no longer applies is not kept
        if not is_shown(definition, answers):
            answers[definition.name] = ""
    visit.answers = answers
    db.session.commit()


def next_url(procedure, index, back_to_check):
    if back_to_check or index + 1 == len(procedure.steps):
        return url_for("resident.check")
    return url_for("resident.step", step_id=procedure.steps[index + 1].id)


def back_url(procedure, index):
    if index == 0:
        return url_for("resident.procedure", code=procedure.code)
    return url_for("resident.step", step_id=procedure.steps[index - 1].id)


def first_unanswered_step(procedure, answers):
    return next((s for s in procedure.steps if any(f.name not in answers for f in s.fields)), None)


def summary(procedure, answers, locale):
    """[(step, [(definition, shown value)])] for the check-answers page."""
    return [
        (step, [(d, display_value(d, answers.get(d.name), locale)) for d in step.fields
                if is_shown(d, answers)])
        for step in procedure.steps
    ]


def actor_for(visit):
    if visit.guide_id:
        guide = db.session.get(StaffUser, visit.guide_id)
        return f"guide:{guide.username}"
    return "resident"


def file_dossier(visit, procedure, locale):
    dossier = services.submit(
        procedure, visit.answers, submission_key=visit.submission_key,
        terminal=services.Terminal.from_config(current_app.config),
        actor=actor_for(visit), guide_id=visit.guide_id, locale=locale,
    )
    visit.dossier_id = dossier.id
    visit.procedure_code = None  # the form is done; its answers go with the visit at finish
    db.session.commit()
    return dossier
