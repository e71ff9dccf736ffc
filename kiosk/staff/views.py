"""Guide pages. Everything here needs a signed-in staff member, except the sign-in page."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from kiosk.auth import services as auth
from kiosk.core.clock import local_today, utc_bounds_of_local_day
from kiosk.dossiers import services
from kiosk.dossiers.lateness import registration_lateness
from kiosk.dossiers.models import Dossier
from kiosk.extensions import db, login_manager
from kiosk.i18n import current_locale
from kiosk.printing.receipt import receipt_response
from kiosk.resident.visit import end_visit, start_visit
from kiosk.resident.wizard import summary

from .forms import SignInForm

bp = Blueprint("staff", __name__)
PUBLIC_ENDPOINTS = {"staff.sign_in"}

login_manager.login_view = "staff.sign_in"


@bp.before_request
def require_staff():
    if request.endpoint not in PUBLIC_ENDPOINTS and not current_user.is_authenticated:
        return login_manager.unauthorized()


def _actor():
    return f"guide:{current_user.username}"


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    form = SignInForm()
    error = None
    if form.validate_on_submit():
        try:
            auth.sign_in(form.username.data, form.password.data)
        except auth.SignInRefused as refused:
            error = (_("Too many failed attempts for this account. Try again in 15 minutes.")
                     if refused.reason == "locked" else _("The username or password is not correct."))
        else:
            return redirect(url_for(".dashboard"))
    return render_template("staff/sign_in.html", form=form, error=error), 200 if error is None else 401


@bp.post("/sign-out")
def sign_out():
    auth.sign_out()
    return redirect(url_for("resident.home"))


@bp.get("/")
def dashboard():
    config = current_app.config
    start, end = utc_bounds_of_local_day(local_today())
    dossiers = db.session.scalars(
        select(Dossier).where(Dossier.ward_code == config["WARD_CODE"],
                              Dossier.terminal_no == config["TERMINAL_NO"],
                              Dossier.submitted_at >= start, Dossier.submitted_at < end)
        .order_by(Dossier.submitted_at.desc())
    ).all()
    return render_template("staff/dashboard.html", dossiers=dossiers, assisting=session.get("assisting"))


def _dossier_or_404(code):
    dossier = services.find_by_code(code)
    if dossier is None:
        abort(404)
    return dossier


@bp.get("/dossiers/<code>")
def dossier(code):
    dossier = _dossier_or_404(code)
    services.record(dossier, "viewed", _actor())  # staff reading personal data is logged
    db.session.commit()
    procedure = current_app.extensions["catalogue"].get(dossier.procedure_code)
    return render_template("staff/dossier.html", dossier=dossier, procedure=procedure,
                           summary=summary(procedure, dossier.answers, current_locale()),
                           lateness=registration_lateness(procedure, dossier.answers, dossier.submitted_at))


@bp.get("/dossiers/<code>/receipt.pdf")
def reprint(code):
    return receipt_response(_dossier_or_404(code), actor=_actor())


@bp.post("/assist")
def assist():
    """Sit beside a resident: the next dossier filed on this terminal records this guide."""
    session["assisting"] = True
    start_visit(guide_id=current_user.id)
    flash(_("Assisted mode: dossiers filed now record you as the guide."))
    return redirect(url_for("resident.procedures"))


@bp.post("/assist/stop")
def stop_assisting():
    session.pop("assisting", None)
    end_visit()
    return redirect(url_for(".dashboard"))
