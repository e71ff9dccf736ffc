"""Kiosk pages for residents. Thin: parse, call a service, render."""
import secrets

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from kiosk.catalogue.featured import featured
from kiosk.catalogue.fields import FIELD_LABELS
from kiosk.dossiers import services
from kiosk.extensions import db
from kiosk.i18n import current_locale
from kiosk.payments import services as payments
from kiosk.printing.blank_form import blank_form_pdf
from kiosk.printing.checklist import checklist_pdf
from kiosk.printing.receipt import receipt_response
from kiosk.printing.response import pdf_response
from kiosk.security.headers import clear_site_data

from . import lookup as lookup_service
from . import wizard
from .visit import current_visit, end_visit, start_visit, touch

bp = Blueprint("resident", __name__)


def catalogue():
    return current_app.extensions["catalogue"]


@bp.before_app_request
def load_visit():
    g.visit = current_visit()


@bp.get("/")
def home():
    return render_template("resident/home.html")


@bp.get("/procedures")
def procedures():
    query = request.args.get("q", "")[:200]
    field = request.args.get("field") if request.args.get("field") in FIELD_LABELS else None
    results = catalogue().search(query, field)
    # The catalogue opens with the most used procedures; a search that finds nothing says so and offers
    # the closest procedures (in any field) and the most used ones: never an empty page.
    searched = bool(query.strip())
    suggestions = (catalogue().search(query) or catalogue().closest(query)) if searched and not results else []
    show_most_used = not field if not searched else not results
    most_used = featured(catalogue(), current_app.instance_path) if show_most_used else []
    most_used = [p for p in most_used if p.code not in {s.code for s in suggestions}]
    return render_template("resident/procedures.html", query=query, field=field, field_labels=FIELD_LABELS,
                           fields=catalogue().fields(), results=results, suggestions=suggestions,
                           most_used=most_used)


def _procedure_or_404(code):
    procedure = catalogue().get(code)
    if procedure is None:
        abort(404)
    return procedure


@bp.get("/procedures/<code>")
def procedure(code):
    return render_template("resident/procedure.html", procedure=_procedure_or_404(code))


@bp.get("/procedures/<code>/checklist.pdf")
def checklist(code):
    procedure = _procedure_or_404(code)
    return pdf_response(checklist_pdf(procedure, current_locale()), f"{procedure.code}-giay-to.pdf")


@bp.get("/procedures/<code>/form.pdf")
def blank_form(code):
    procedure = _procedure_or_404(code)
    return pdf_response(blank_form_pdf(procedure, current_locale()), f"{procedure.code}-to-khai.pdf")


@bp.post("/procedures/<code>/start")
def start(code):
    procedure = _procedure_or_404(code)
    if procedure.stage < 3:  # information only: the page offers the blank form instead
        return redirect(url_for(".procedure", code=code))
    if current_user.is_authenticated and session.get("assisting"):
        channel = "counter" if session["assisting"] == "counter" else "assisted"
        start_visit(procedure.code, guide_id=current_user.id, channel=channel)
    else:
        start_visit(procedure.code)
    return redirect(url_for(".step", step_id=procedure.steps[0].id))


@bp.route("/apply/<step_id>", methods=["GET", "POST"])
def step(step_id):
    visit, procedure = wizard.current_filing()
    if procedure is None:
        return redirect(url_for(".ended"))
    index = procedure.step_index(step_id)
    if index is None:
        abort(404)
    current = procedure.steps[index]
    changing = request.args.get("from") == "check"
    form = wizard.form_for(current, current_locale(), visit.answers,
                           request.form if request.method == "POST" else None)
    action = request.form.get("action", "") if current.repeat else ""
    if action:
        wizard.change_items(form, current, action)
    elif request.method == "POST" and form.validate():
        wizard.keep_answers(visit, current, form)
        return redirect(wizard.next_url(procedure, current, visit.answers, changing))
    touch(visit)
    steps = wizard.applicable_steps(procedure, visit.answers)
    return render_template("resident/step.html", procedure=procedure, step=current, form=form,
                           position=steps.index(current) + 1 if current in steps else index + 1,
                           total=len(steps), back_url=wizard.back_url(procedure, current, visit.answers),
                           fields=wizard.fields_on_page(current, visit.answers), changing=changing)


@bp.get("/apply/check")
def check():
    visit, procedure = wizard.current_filing()
    if procedure is None:
        return redirect(url_for(".ended"))
    missing = wizard.first_unanswered_step(procedure, visit.answers)
    if missing is not None:
        return redirect(url_for(".step", step_id=missing.id))
    if not visit.submission_key:
        visit.submission_key = secrets.token_urlsafe(24)
    touch(visit)
    return render_template("resident/check.html", procedure=procedure, visit=visit,
                           summary=wizard.summary(procedure, visit.answers, current_locale()),
                           fee=services.fee_for(procedure, visit.answers), error=None)


@bp.post("/apply/submit")
def submit():
    key = request.form.get("submission_key", "")
    already = services.find_by_submission_key(key) if key else None
    if already is not None:  # a double click or a resent form: the first dossier stands
        return redirect(url_for(".done", code=already.code))
    visit, procedure = wizard.current_filing()
    if procedure is None or key != visit.submission_key:
        return redirect(url_for(".ended"))
    if not request.form.get("declaration"):
        return render_template("resident/check.html", procedure=procedure, visit=visit,
                               summary=wizard.summary(procedure, visit.answers, current_locale()),
                               fee=services.fee_for(procedure, visit.answers),
                               error=_("Confirm that the information is true before you submit.")), 400
    dossier = wizard.file_dossier(visit, procedure, current_locale())
    return redirect(url_for(".done", code=dossier.code))


def _visit_dossier(code):
    """The dossier this visit filed; anybody else's code is not found here."""
    visit = g.visit
    dossier = services.find_by_code(code)
    if visit is None or dossier is None or visit.dossier_id != dossier.id:
        abort(404)
    return dossier


@bp.get("/dossiers/<code>/done")
def done(code):
    dossier = _visit_dossier(code)
    touch(g.visit)
    transfer = payments.transfer_qr(dossier)
    return render_template("resident/done.html", dossier=dossier, procedure=catalogue().get(dossier.procedure_code),
                           transfer_qr=payments.qr_data_uri(transfer) if transfer else None)


@bp.get("/dossiers/<code>/receipt.pdf")
def receipt(code):
    dossier = _visit_dossier(code)
    return receipt_response(dossier, actor=wizard.actor_for(g.visit))


@bp.post("/finish")
def finish():
    """The page that follows says the session ended: a message kept in the session cookie would not survive
    the browser clearing the site's cookies."""
    end_visit()
    clear_site_data(cookies=not current_user.is_authenticated)  # a guide at the terminal stays signed in
    return redirect(url_for(".ended"))


@bp.get("/ended")
def ended():
    """Where the idle wipe leads (and any page of a visit that is over)."""
    clear_site_data(cookies=not current_user.is_authenticated)
    return render_template("resident/ended.html")


@bp.post("/visit/keepalive")
def keepalive():
    if g.visit is not None:
        touch(g.visit)
    return jsonify(active=g.visit is not None)


@bp.route("/lookup", methods=["GET", "POST"])
def lookup():
    form = lookup_service.LookupForm()
    found = error = None
    if form.validate_on_submit():
        found, error = lookup_service.by_code_and_phone(form.code.data, form.phone_last4.data)
    return render_template("resident/lookup.html", form=form, dossier=found, error=error,
                           procedure=found and catalogue().get(found.procedure_code))


@bp.get("/l/<code>")
def lookup_signed(code):
    """Where the receipt's QR leads: the signature stands in for the phone digits."""
    dossier, error = lookup_service.by_signed_code(code, request.args.get("s", ""))
    if dossier is None:
        return render_template("resident/lookup.html", form=lookup_service.LookupForm(), dossier=None,
                               error=error, procedure=None), 404
    db.session.commit()
    return render_template("resident/lookup.html", form=None, dossier=dossier, error=None,
                           procedure=catalogue().get(dossier.procedure_code))


from . import draft_views, rating_views  # noqa: E402,F401  (their routes join this blueprint)
