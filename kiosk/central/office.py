"""The officers' back office: a queue of their agency's dossiers and the actions on them."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from kiosk.auth import policy
from kiosk.auth.policy import Action, allows
from kiosk.core.clock import local_today
from kiosk.documents import services as documents
from kiosk.dossiers import operations
from kiosk.dossiers import services as dossiers
from kiosk.dossiers.calendar import moved_later
from kiosk.dossiers.models import Dossier, due_soon_clause, overdue_clause
from kiosk.dossiers.states import OFFICE_ACTIONS, OPEN, Status, TransitionRefused, allowed_actions
from kiosk.extensions import db
from kiosk.forms.answers import summary
from kiosk.i18n import current_locale


def _at_most(characters: int) -> Length:
    """WTForms has no Vietnamese messages: the limit says itself in the reader's language."""
    return Length(max=characters, message=_l("Write at most %(max)d characters."))


class _ActionForm(FlaskForm):
    class Meta:
        csrf = False  # the app's CSRFProtect checks every POST; a prefixed per-form token would add nothing

    confirmed = HiddenField()  # set by the confirmation step of actions that ask to confirm


class ReceiveForm(_ActionForm):
    reason = TextAreaField(_l("Note for the file"), validators=[_at_most(500)])


# The history's sentence adds " — by dd/mm/yyyy" (in the officer's language) to what is missing, and must
# still fit the 500 characters an event's reason holds (a longer one was a database error at the centre).
SUPPLEMENT_ITEMS_MAX = 450


class SupplementForm(_ActionForm):
    # the resident reads both on the slip, in the text message and on the look-up page
    reason = TextAreaField(_l("What is missing (the resident will read this)"),
                           validators=[DataRequired(_l("Write what is missing: the resident will read it.")),
                                       _at_most(SUPPLEMENT_ITEMS_MAX)])
    deadline = DateField(_l("Hand in by"), validators=[DataRequired(_l("Choose the day the papers are due."))])

    def validate_deadline(self, field):
        if field.data and field.data < local_today():
            raise ValidationError(_l("The day the papers are due cannot be in the past."))


class RejectForm(_ActionForm):
    reason = TextAreaField(_l("Reason for the refusal (the resident will read this)"),
                           validators=[DataRequired(_l("Write the reason: the resident will read it.")),
                                       _at_most(500)])


class ReadyForm(_ActionForm):
    reason = TextAreaField(_l("Note for the file (e.g. the number of the paper issued)"),
                           validators=[_at_most(500)])


FORMS = {"receive": ReceiveForm, "supplement": SupplementForm, "reject": RejectForm, "ready": ReadyForm}
CONFIRM = {"reject"}  # refusals ask to confirm, showing the reason the resident will read


def _forms(dossier, posted=None):
    """One form per action the dossier's status allows, each with its own fields; `posted` keeps its input."""
    forms = {}
    for name in allowed_actions(dossier.status):
        forms[name] = posted if posted is not None and posted._prefix == f"{name}-" else \
            FORMS[name](prefix=name, formdata=None)
    return forms


@allows(Action.DECIDE)
def queue():
    query = policy.dossiers_visible_to(current_user)
    procedure = request.args.get("procedure") or None
    status = request.args.get("status") or "open"
    due = request.args.get("due") or None
    if procedure:
        query = query.where(Dossier.procedure_code == procedure)
    query = query.where(Dossier.status.in_(OPEN)) if status == "open" else (
        query.where(Dossier.status == status) if status in Status.__members__.values() else query)
    today = local_today()
    if due == "overdue":
        query = query.where(overdue_clause(today))
    elif due == "soon":
        query = query.where(due_soon_clause(today))
    rows = db.session.scalars(query.order_by(Dossier.due_on, Dossier.submitted_at).limit(500)).all()
    return render_template("office/queue.html", dossiers=rows, today=today, filters={
        "procedure": procedure, "status": status, "due": due}, statuses=list(Status),
        catalogue=current_app.extensions["catalogue"])


@allows(Action.DECIDE)
def moved_due_dates():
    """The agency's dossiers whose printed due date a working-day override moved later (the ward's guide
    issues the apology slip; the officer sees which results now fall later)."""
    moved = moved_later(policy.dossiers_visible_to(current_user), current_app.extensions["catalogue"])
    return render_template("staff/moved_due_dates.html", moved=moved, apology_endpoint=None)


def _dossier_or_404(code):
    return policy.dossier_or_404(current_user, Action.DECIDE, code)


REFUSED = _l("This action is not possible while the dossier is in its current status.")


def _render(dossier, posted=None, status=200, refused=None):
    procedure = current_app.extensions["catalogue"].get(dossier.procedure_code)
    return render_template("office/dossier.html", dossier=dossier, procedure=procedure,
                           forms=_forms(dossier, posted), posted=posted, refused=refused,
                           summary=summary(procedure, dossier.answers, current_locale()),
                           scans=documents.of_dossier(dossier), today=local_today()), status


@allows(Action.DECIDE)
def scan(document_id):
    """A scan, for an officer of the dossier's agency; every opening is in the dossier's history."""
    document, dossier = policy.document_or_404(current_user, Action.DECIDE, document_id)
    dossiers.record(dossier, "document_viewed", f"officer:{current_user.username}", data={"scan": document.id})
    db.session.commit()
    return documents.response(document)


@allows(Action.DECIDE)
def dossier(code):
    dossier = _dossier_or_404(code)
    dossiers.record(dossier, "viewed", f"officer:{current_user.username}")
    db.session.commit()
    return _render(dossier)


@allows(Action.DECIDE)
def act(code, action):
    if action not in OFFICE_ACTIONS:
        abort(404)
    dossier = _dossier_or_404(code)
    form = FORMS[action](prefix=action)
    if action not in allowed_actions(dossier.status):
        return _render(dossier, None, 409, refused=REFUSED)
    if not form.validate_on_submit():
        return _render(dossier, form, 400)
    reason = (form.reason.data or "").strip()
    if action in CONFIRM and form.confirmed.data != "yes":
        return render_template("office/confirm.html", dossier=dossier, action=action, form=form, reason=reason)
    data = None
    if action == "supplement":
        deadline = form.deadline.data
        data = {"items": reason, "deadline": deadline.isoformat()}
        reason = f"{reason} — {_('by %(day)s', day=deadline.strftime('%d/%m/%Y'))}"
    try:
        operations.decide(dossier, OFFICE_ACTIONS[action], f"officer:{current_user.username}", reason or None,
                          data=data)
    except TransitionRefused:  # another officer acted in between
        db.session.rollback()
        return _render(dossier, None, 409, refused=REFUSED)
    flash(_("Done: the ward terminal will be told."))
    return redirect(url_for(".dossier", code=code))
