"""The officers' back office: a queue of their agency's dossiers and the actions on them."""
from datetime import datetime, timedelta

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import Length

from kiosk.auth import policy
from kiosk.auth.policy import Action, allows
from kiosk.core.clock import local_today
from kiosk.documents import services as documents
from kiosk.dossiers import services as dossiers
from kiosk.dossiers.models import Dossier
from kiosk.dossiers.states import OPEN, Status, TransitionRefused
from kiosk.extensions import db
from kiosk.i18n import current_locale
from kiosk.notify import messages
from kiosk.resident.wizard import summary

from .services import publish

bp = Blueprint("office", __name__)
bp.before_request(policy.guard)  # officers and administrators; each sees the dossiers the policy shows them


class ActionForm(FlaskForm):
    reason = TextAreaField(_l("Reason or note"), validators=[Length(max=500)])
    deadline = StringField(_l("Deadline for the supplement (dd/mm/yyyy)"))


ACTIONS = {
    # name: (target status, is a reason required, message)
    "receive": (Status.RECEIVED, False),
    "supplement": (Status.SUPPLEMENT_REQUESTED, True),
    "reject": (Status.REJECTED, True),
    "ready": (Status.RESULT_READY, True),
}


@bp.get("/")
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
        query = query.where(Dossier.due_on < today)
    elif due == "soon":
        query = query.where(Dossier.due_on >= today, Dossier.due_on <= today + timedelta(days=2))
    rows = db.session.scalars(query.order_by(Dossier.due_on, Dossier.submitted_at).limit(500)).all()
    return render_template("office/queue.html", dossiers=rows, today=today, filters={
        "procedure": procedure, "status": status, "due": due}, statuses=list(Status),
        catalogue=current_app.extensions["catalogue"])


def _dossier_or_404(code):
    return policy.dossier_or_404(current_user, Action.DECIDE, code)


def _render(dossier, form=None, status=200):
    procedure = current_app.extensions["catalogue"].get(dossier.procedure_code)
    return render_template("office/dossier.html", dossier=dossier, procedure=procedure, form=form or ActionForm(),
                           summary=summary(procedure, dossier.answers, current_locale()),
                           scans=documents.of_dossier(dossier), today=local_today()), status


@bp.get("/documents/<int:document_id>")
@allows(Action.DECIDE)
def scan(document_id):
    """A scan, for an officer of the dossier's agency; every opening is in the dossier's history."""
    document, dossier = policy.document_or_404(current_user, Action.DECIDE, document_id)
    dossiers.record(dossier, "document_viewed", f"officer:{current_user.username}", data={"scan": document.id})
    db.session.commit()
    return send_file(documents.path_of(document), mimetype="image/jpeg")


@bp.get("/dossiers/<code>")
@allows(Action.DECIDE)
def dossier(code):
    dossier = _dossier_or_404(code)
    dossiers.record(dossier, "viewed", f"officer:{current_user.username}")
    db.session.commit()
    return _render(dossier)


def _supplement_deadline(typed):
    """The deadline as a date, when the officer typed one that reads as dd/mm/yyyy."""
    try:
        return datetime.strptime((typed or "").strip(), "%d/%m/%Y").date()
    except ValueError:
        return None


@bp.post("/dossiers/<code>/<action>")
@allows(Action.DECIDE)
def act(code, action):
    if action not in ACTIONS:
        abort(404)
    dossier = _dossier_or_404(code)
    form = ActionForm()
    wanted, needs_reason = ACTIONS[action]
    if not form.validate_on_submit():
        return _render(dossier, form, 400)
    reason = (form.reason.data or "").strip()
    data = None
    if action == "supplement":
        deadline = _supplement_deadline(form.deadline.data)
        data = {"items": reason, "deadline": deadline.isoformat() if deadline else None}
        if form.deadline.data:
            reason = f"{reason} — {_('by %(day)s', day=form.deadline.data.strip())}"
    if needs_reason and not reason:
        form.reason.errors.append(_("Write the reason: the resident will read it."))
        return _render(dossier, form, 400)
    try:
        event = dossiers.transition(dossier, wanted, f"officer:{current_user.username}", reason or None,
                                    commit=False, data=data)
    except TransitionRefused:
        db.session.rollback()
        form.reason.errors.append(_("This action is not possible while the dossier is in its current status."))
        return _render(dossier, form, 409)
    publish(dossier, event)
    if current_app.config["ROLE"] == "standalone":  # a terminal texts its residents when the feed arrives
        messages.queue(event.to_status, dossier)
    db.session.commit()
    flash(_("Done: the ward terminal will be told."))
    return redirect(url_for(".dossier", code=code))
