"""The one-thing-per-page form: which step comes next, what is kept, what is filed."""
from flask import current_app, g, url_for
from werkzeug.datastructures import MultiDict

from kiosk.auth.models import StaffUser
from kiosk.core.text import nfc
from kiosk.dossiers import operations, services
from kiosk.extensions import db
from kiosk.forms.answers import applicable_steps, summary  # noqa: F401  (the check page reads wizard.summary)
from kiosk.forms.builder import form_value, is_shown, step_form_class


def current_filing():
    """The visit and its procedure, or (visit, None) when nothing is being filed."""
    visit = g.visit
    if visit is None or not visit.procedure_code:
        return visit, None
    return visit, current_app.extensions["catalogue"].get(visit.procedure_code)


def form_for(step, locale, answers, formdata=None):
    form_class = step_form_class(step, locale)
    if formdata is None:
        formdata = _stored_formdata(step, answers)
    form = form_class(formdata=formdata)
    form.stored_answers = answers
    return form


def _stored_formdata(step, answers):
    """What was kept for this step, typed back into its fields."""
    if step.repeat:
        items = answers.get(step.id) or []
        values = {f"items-{i}-{d.name}": form_value(d, item.get(d.name, ""))
                  for i, item in enumerate(items) for d in step.fields if item.get(d.name)}
    else:
        values = {d.name: form_value(d, answers.get(d.name, d.default))
                  for d in step.fields if answers.get(d.name, d.default)}
    return MultiDict(values) if values else None


def change_items(form, step, action: str) -> None:
    """'add' appends an empty item, 'remove-N' drops item N; nothing is validated or kept yet."""
    entries = form["items"].entries
    if action == "add" and len(entries) < step.repeat.max:
        form["items"].append_entry()
    elif action.startswith("remove-") and len(entries) > step.repeat.min:
        index = action.removeprefix("remove-")
        if index.isascii() and index.isdigit():  # anything else names no item: nothing to remove
            form["items"].entries = [e for i, e in enumerate(entries) if i != int(index)]


def fields_on_page(step, answers):
    """The step's fields to render. A condition on this same page is toggled in the browser
    (and re-checked on the server); one on an earlier page is settled here."""
    names = {d.name for d in step.fields}
    return [d for d in step.fields
            if d.show_if is None or d.show_if.field in names or is_shown(d, answers)]


def _cleaned(step, form):
    return {d.name: getattr(form[d.name], "clean", None) or nfc(form[d.name].data or "") for d in step.fields}


def keep_answers(visit, step, form):
    answers = dict(visit.answers)  # a new dict, so the JSON column sees the change
    if step.repeat:
        answers[step.id] = [_cleaned(step, entry.form) for entry in form["items"]]
    else:
        answers.update(_cleaned(step, form))
        for definition in step.fields:  # what no longer applies is not kept
            if not is_shown(definition, answers):
                answers[definition.name] = ""
    visit.answers = answers
    db.session.commit()


def progress(procedure, step, answers):
    """(this step's number, the number of steps or None). A procedure with a step that applies only for some
    answers cannot know its length before those answers: it shows no total rather than one that changes
    between pages ("2 of 3", then "3 of 4"), as GOV.UK's forms do."""
    steps = applicable_steps(procedure, answers)
    position = steps.index(step) + 1 if step in steps else procedure.steps.index(step) + 1
    known = not any(s.show_if for s in procedure.steps)
    return position, len(procedure.steps) if known else None


def _neighbour(procedure, step, answers, offset):
    steps = applicable_steps(procedure, answers)
    position = steps.index(step) + offset if step in steps else None
    return steps[position] if position is not None and 0 <= position < len(steps) else None


def next_url(procedure, step, answers, back_to_check):
    following = None if back_to_check else _neighbour(procedure, step, answers, 1)
    if following is None:
        return url_for("resident.check")
    return url_for("resident.step", step_id=following.id)


def back_url(procedure, step, answers):
    previous = _neighbour(procedure, step, answers, -1)
    if previous is None:
        return url_for("resident.procedure", code=procedure.code)
    return url_for("resident.step", step_id=previous.id)


def _answered(step, answers):
    return step.id in answers if step.repeat else all(f.name in answers for f in step.fields)


def first_unanswered_step(procedure, answers):
    return next((s for s in applicable_steps(procedure, answers) if not _answered(s, answers)), None)


def filed_answers(procedure, answers):
    """Only what applies is filed: answers of steps that a later change made irrelevant are dropped."""
    kept = {}
    for step in applicable_steps(procedure, answers):
        if step.repeat:
            kept[step.id] = answers.get(step.id, [])
        else:
            kept.update({d.name: answers.get(d.name, "") for d in step.fields})
    return kept


def actor_for(visit):
    if visit.guide_id:
        guide = db.session.get(StaffUser, visit.guide_id)
        return f"guide:{guide.username}"
    return "resident"


def file_dossier(visit, procedure, locale):
    dossier = operations.file(
        procedure, filed_answers(procedure, visit.answers), submission_key=visit.submission_key,
        terminal=services.Terminal.from_config(current_app.config),
        actor=actor_for(visit), guide_id=visit.guide_id, channel=visit.channel, locale=locale,
    )
    visit.dossier_id = dossier.id
    visit.procedure_code = None  # the form is done; its answers go with the visit at finish
    db.session.commit()
    return dossier
