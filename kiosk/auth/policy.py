"""The one access policy: which dossiers a staff member may see, and which work they may do.

Every staff page goes through here; views write no role checks of their own.

- What a role may do (`ROLE_ACTIONS`): a guide and a ward supervisor do the counter's work, the supervisor
  also reads the ward's figures and reconciles its bank statement; an officer decides on dossiers; a city
  administrator decides, reads every ward's figures and reconciles, but does no counter work (someone at
  the ward's counter does that).
- What a deployment serves (`SERVED`): the centre has no counter (no residents' pages, no printer), a
  terminal no back office. A page of work the server does not serve answers 404 to everyone.
- Which dossiers a user sees (`dossiers_visible_to`): guides and supervisors their ward's, officers their
  agency's, administrators all. A dossier outside that answers 404, exactly like a code that does not
  exist, so a wrong-ward user learns nothing, not even that it exists. Work the role never does is 403.
"""
from enum import StrEnum

from flask import abort, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import false, select

from kiosk.extensions import db, login_manager


class Action(StrEnum):
    SIGNED_IN = "signed_in"  # any staff member: sign out
    COUNTER = "counter"      # a ward counter's work: dashboard, assisted filing, scans, reprints, fees, hand-over, slips
    DECIDE = "decide"        # the back office: receive, request a supplement, reject, mark the result ready
    FIGURES = "figures"      # figures and their exports
    RECONCILE = "reconcile"  # match a bank statement to dossiers
    ADMINISTER = "administer"  # the city's terminals: their health, versions and errors
    VOID = "void"            # void a fee receipt issued at the counter (a supervisor's signature on money)


PUBLIC = "public"  # a page for anybody (the sign-in form)

ROLE_ACTIONS = {
    "guide": {Action.SIGNED_IN, Action.COUNTER},
    "supervisor": {Action.SIGNED_IN, Action.COUNTER, Action.FIGURES, Action.RECONCILE, Action.VOID},
    "officer": {Action.SIGNED_IN, Action.DECIDE},
    "admin": {Action.SIGNED_IN, Action.DECIDE, Action.FIGURES, Action.RECONCILE, Action.ADMINISTER},
}

SERVED = {
    "standalone": set(Action),
    "terminal": {Action.SIGNED_IN, Action.COUNTER, Action.FIGURES, Action.RECONCILE, Action.VOID},
    "central": {Action.SIGNED_IN, Action.DECIDE, Action.FIGURES, Action.RECONCILE, Action.ADMINISTER},
}


def allows(action):
    """Declare the work a view does; `guard` refuses every view that declares none."""
    def mark(view):
        view.access_action = action
        return view
    return mark


def served(action) -> bool:
    return action in SERVED[current_app.config["ROLE"]]


def may(user, action) -> bool:
    """May this user do this work on this server (whatever the dossier)?"""
    return (served(action) and getattr(user, "is_authenticated", False)
            and action in ROLE_ACTIONS.get(user.role, ()))


def guard():
    """A blueprint's before_request: the view's declared work, served here, by a role that does it."""
    view = current_app.view_functions.get(request.endpoint)
    action = getattr(view, "access_action", None)
    if action == PUBLIC:
        return None
    if action is None:
        abort(403)  # deny by default: a view that declares no work serves nobody
    if not served(action):
        abort(404)  # not a page on this server
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not may(current_user, action):
        abort(403)
    return None


def ward_of(user) -> str | None:
    """The ward a guide or supervisor works for: their own, else the terminal's (never at the centre)."""
    if user.ward_code:
        return user.ward_code
    if user.role == "supervisor" and user.agency_code:
        return user.agency_code  # supervisors made before `ward_code` named their ward as their agency
    return None if current_app.config["ROLE"] == "central" else current_app.config["WARD_CODE"]


def dossiers_visible_to(user):
    """A select of the dossiers this user may see."""
    from kiosk.dossiers.models import Dossier

    query = select(Dossier)
    role = getattr(user, "role", None) if getattr(user, "is_authenticated", False) else None
    if role == "admin":
        return query
    if role == "officer" and user.agency_code:
        return query.where(Dossier.agency_code == user.agency_code)
    if role in ("guide", "supervisor") and ward_of(user):
        return query.where(Dossier.ward_code == ward_of(user))
    return query.where(false())


def can_see(user, dossier) -> bool:
    from kiosk.dossiers.models import Dossier

    return dossier is not None and db.session.scalar(
        dossiers_visible_to(user).with_only_columns(Dossier.id).where(Dossier.id == dossier.id)) is not None


def require(user, action, dossier=None):
    """403 for work the user's role never does here, 404 for a dossier they may not see."""
    if not served(action):
        abort(404)
    if not may(user, action):
        abort(403)
    if dossier is not None and not can_see(user, dossier):
        abort(404)
    return dossier


def visible_dossier(user, code):
    """The dossier with this code among those this user may see, else None."""
    from kiosk.dossiers.models import Dossier

    return db.session.scalar(dossiers_visible_to(user).where(Dossier.code == code))


def dossier_or_404(user, action, code):
    """The dossier with this code, if this user may do this work on it; 404 otherwise."""
    require(user, action)
    return visible_dossier(user, code) or abort(404)


def document_or_404(user, action, document_id):
    """A scan and its dossier, if this user may do this work on that dossier; 404 otherwise."""
    from kiosk.documents.models import DossierDocument
    from kiosk.dossiers.models import Dossier

    require(user, action)
    visible = dossiers_visible_to(user).with_only_columns(Dossier.id).scalar_subquery()
    document = db.session.scalar(select(DossierDocument).where(DossierDocument.id == document_id,
                                                               DossierDocument.dossier_id.in_(visible)))
    if document is None:
        abort(404)
    return document, db.session.get(Dossier, document.dossier_id)


def figures_scope(user, requested_ward: str | None):
    """The ward whose figures this user reads (None: every ward): an administrator any, a supervisor theirs."""
    require(user, Action.FIGURES)
    if user.role == "admin":
        return requested_ward or None
    ward = ward_of(user)
    if not ward:
        abort(403)  # a supervisor without a ward must never fall through to "every ward"
    return ward


def landing(user) -> str | None:
    """The endpoint a user starts on after signing in (officers their queue, supervisors their figures,
    guides their dashboard), or None when this server has no page for them (a guide at the centre)."""
    for action, endpoint in ((Action.DECIDE, "office.queue"), (Action.FIGURES, "reports.figures"),
                             (Action.COUNTER, "staff.dashboard")):
        if may(user, action) and endpoint.split(".")[0] in current_app.blueprints:
            return endpoint
    return None


def init_app(app):
    """`may('counter')` and `staff_home()` in templates, so pages offer only the work their reader may do;
    a refusal says what happened, in the reader's language."""
    app.jinja_env.globals["may"] = lambda action: may(current_user, Action(action))
    app.jinja_env.globals["staff_home"] = lambda: landing(current_user) or "staff.sign_in"

    def forbidden(_error):
        # the reader's own start page, so a wrong link costs one click (none for someone signed out)
        start = landing(current_user) if getattr(current_user, "is_authenticated", False) else None
        return render_template("errors/error.html", heading=_("You may not see this page"),
                               message=_("Your account may not see this page. Nothing was changed."),
                               home=url_for(start) if start else None,
                               home_label=_("Go to your start page") if start else None), 403

    app.register_error_handler(403, forbidden)
