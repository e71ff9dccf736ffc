"""Guide pages. Each view declares the work it does; the access policy (kiosk.auth.policy) lets in whoever
may do it on this server, and only for the dossiers they may see."""
from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import LazyString, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from kiosk.auth import policy
from kiosk.auth import services as auth
from kiosk.auth.policy import PUBLIC, Action, allows
from kiosk.core.clock import local_today, utc_bounds_of_local_day
from kiosk.documents import services as documents
from kiosk.documents.scans import ScanRefused
from kiosk.dossiers import operations, services
from kiosk.dossiers.calendar import apology_owed
from kiosk.dossiers.lateness import registration_lateness
from kiosk.dossiers.models import Dossier
from kiosk.extensions import db
from kiosk.forms.answers import summary
from kiosk.i18n import current_locale
from kiosk.payments import services as payments
from kiosk.printing import jobs
from kiosk.printing.receipt import receipt_pdf, receipt_title
from kiosk.printing.response import pdf_response
from kiosk.security.limits import megabytes
from kiosk.storage import faults
from kiosk.sync import link as sync_link
from kiosk.sync import status as sync_status
from kiosk.visits.services import end_visit, start_visit

from . import finding
from .forms import ScanForm, SignInForm

SCAN_MESSAGES = {
    "empty": _l("The file is empty. Choose the photo or scan again."),
    "too_large": _l("The file is larger than %(size)s. Scan at a lower resolution and try again."),
    "not_image": _l("This file is not a JPEG, PNG or WebP image. Save the scan as a photo and try again."),
    "too_many_pixels": LazyString(lambda: _(
        "The image is too large (over %(megapixels)s megapixels). Scan at a lower resolution.",
        megapixels=f"{current_app.config['SCAN_MAX_PIXELS'] / 1_000_000:g}")),  # the configured limit, not a copy
}

def _actor():
    return f"guide:{current_user.username}"


@allows(PUBLIC)
def sign_in():
    form = SignInForm()
    error = None
    if form.validate_on_submit():
        try:
            user = auth.sign_in(form.username.data, form.password.data)
        except auth.SignInRefused as refused:
            error = (_("Too many failed attempts for this account. Try again in 15 minutes.")
                     if refused.reason == "locked" else _("The username or password is not correct."))
        else:
            landing = policy.landing(user)
            if landing:
                return redirect(url_for(landing))
            auth.sign_out()  # e.g. a guide at the centre: this server has no page for them
            error = _("This account has no pages on this server: guides sign in at their ward's terminal, "
                      "officers at the centre.")
            return render_template("staff/sign_in.html", form=form, error=error,
                                   storage_problems=faults.problems()), 403
    status = 401 if error else 400 if form.errors else 200  # a refused sign-in is never a 200
    return render_template("staff/sign_in.html", form=form, error=error, storage_problems=faults.problems()), status


@allows(Action.SIGNED_IN)
def sign_out():
    auth.sign_out()
    # The centre has no residents' pages: its staff go back to the sign-in form.
    return redirect(url_for("resident.home") if "resident" in current_app.blueprints else url_for(".sign_in"))


DASHBOARD_PAGE = 50  # dossiers per page: no page grows with the day's volume


@allows(Action.COUNTER)
def dashboard():
    config = current_app.config
    start, end = utc_bounds_of_local_day(local_today())
    page = max(request.args.get("page", 1, type=int), 1)
    dossiers = db.session.scalars(
        policy.dossiers_visible_to(current_user).where(Dossier.terminal_no == config["TERMINAL_NO"],
                              Dossier.submitted_at >= start, Dossier.submitted_at < end)
        .order_by(Dossier.submitted_at.desc(), Dossier.id.desc())
        .offset((page - 1) * DASHBOARD_PAGE).limit(DASHBOARD_PAGE + 1)
    ).all()
    more, dossiers = len(dossiers) > DASHBOARD_PAGE, dossiers[:DASHBOARD_PAGE]
    syncing = config["ROLE"] == "terminal"
    queues = finding.queues(current_user, config["TERMINAL_NO"], local_today())
    return render_template("staff/dashboard.html", dossiers=dossiers, assisting=session.get("assisting"),
                           queues=queues, today=local_today(), page=page, more=more,
                           delivery=sync_status.delivery_of([d.code for d in dossiers]) if syncing else None,
                           sync=sync_status.sync_box() if syncing else None, storage_problems=faults.problems())


@allows(Action.COUNTER)
def retry_sync():
    """The cause of a refusal is fixed: send everything held back at the next pass (a few seconds). Without a
    centre (standalone) nothing is ever held back, and this releases nothing."""
    released = sync_link.release()
    flash(ngettext("%(num)d held-back message will be sent at the next sync, within seconds.",
                   "%(num)d held-back messages will be sent at the next sync, within seconds.", released)
          if released else _("The centre will be contacted again at the next sync, within seconds."))
    return redirect(url_for(".dashboard"))


@allows(Action.COUNTER)
def find():
    """The dashboard's search box: a scanned receipt QR or a full code opens the dossier, else a list."""
    query = request.args.get("q", "").strip()[:200]
    found = finding.exact(current_user, query)
    if found is not None:
        return redirect(url_for(".dossier", code=found.code))
    return render_template("staff/find.html", query=query, dossiers=finding.search(current_user, query))


def _dossier_or_404(code):
    """The counter's dossier with this code, if the signed-in staff member may see it."""
    return policy.dossier_or_404(current_user, Action.COUNTER, code)


def _render_dossier(dossier, scan_form=None, status=200):
    procedure = current_app.extensions["catalogue"].get(dossier.procedure_code)
    scan_form = scan_form or ScanForm.for_procedure(procedure, current_locale(), formdata=None)
    job = request.args.get("job")
    return render_template("staff/dossier.html", dossier=dossier, procedure=procedure,
                           print_job=job, print_state=jobs.state_of(job),
                           summary=summary(procedure, dossier.answers, current_locale()),
                           lateness=registration_lateness(procedure, dossier.answers, dossier.submitted_at),
                           scans=documents.of_dossier(dossier), scan_form=scan_form, today=local_today(),
                           apology_owed=apology_owed(dossier, local_today(), current_app.extensions["catalogue"]),
                           payment=payments.payment_of(dossier), voided=payments.voided_of(dossier)), status


@allows(Action.COUNTER)
def dossier(code):
    dossier = _dossier_or_404(code)
    services.record(dossier, "viewed", _actor())  # staff reading personal data is logged
    db.session.commit()
    return _render_dossier(dossier)


@allows(Action.COUNTER)
def attach_scan(code):
    dossier = _dossier_or_404(code)
    procedure = current_app.extensions["catalogue"].get(dossier.procedure_code)
    form = ScanForm.for_procedure(procedure, current_locale())
    if form.validate_on_submit():
        try:
            operations.attach_scan(dossier, form.document_index.data, form.scan.data.read(), _actor())
        except ScanRefused as refused:
            form.scan.errors.append(SCAN_MESSAGES[refused.reason] % {"size": megabytes(current_app.config["SCAN_MAX_BYTES"])})
        else:
            flash(_("The scan was attached."))
            return redirect(url_for(".dossier", code=code))
    return _render_dossier(dossier, form, 400)


@allows(Action.COUNTER)
def scan(document_id):
    document, dossier = policy.document_or_404(current_user, Action.COUNTER, document_id)
    services.record(dossier, "document_viewed", _actor(), data={"scan": document.id})
    db.session.commit()
    return documents.response(document)


SLIPS = ("receipt", "fee-receipt", "supplement-slip", "result-slip", "apology", "control-slip", "refusal-slip")


def print_or_show(pdf: bytes, title: str, code: str, slip: str):
    """A slip the guide printed (the print already recorded): to the terminal's printer, the dossier's
    page then following the job; without a printer, shown inside the app's page."""
    if not jobs.has_printer():
        return redirect(url_for(".slip_view", code=code, slip=slip))
    return redirect(url_for(".dossier", code=code, job=jobs.send(pdf, title)) + "#print-status")


@allows(Action.COUNTER)
def slip_view(code, slip):
    if slip not in SLIPS:
        abort(404)
    _dossier_or_404(code)
    return render_template("resident/slip.html", title=code, back_url=url_for(".dossier", code=code),
                           pdf_url=f"{url_for('.dossier', code=code)}/{slip}.pdf")


@allows(Action.COUNTER)
def receipt_pdf_view(code):
    """The receipt as last printed (a copy's mark included); reading it changes nothing."""
    dossier = _dossier_or_404(code)
    return pdf_response(receipt_pdf(dossier, dossier.receipt_copies), receipt_title(dossier))


@allows(Action.COUNTER)
def reprint(code):
    """A guide's reprint: a counted copy, marked as such."""
    dossier = _dossier_or_404(code)
    copy_no = operations.print_receipt(dossier, _actor(), reprint=True)
    return print_or_show(receipt_pdf(dossier, copy_no), receipt_title(dossier), code, "receipt")


@allows(Action.COUNTER)
def assist():
    """Sit beside a resident: the next dossier filed on this terminal records this guide."""
    return _file_as("assisted", _("Assisted mode: dossiers filed now record you as the guide."))


@allows(Action.COUNTER)
def enter_counter_dossier():
    """Type in a paper dossier handed in at the counter, so that the ward's figures count it (not online)."""
    return _file_as("counter", _("Counter mode: dossiers filed now are recorded as handed in on paper at the counter."))


def _file_as(channel: str, notice: str):
    """Dossiers filed from now on in this browser record this staff member and the channel."""
    session["assisting"] = channel
    start_visit(guide_id=current_user.id, channel=channel)
    flash(notice)
    return redirect(url_for("resident.procedures"))


@allows(Action.COUNTER)
def stop_assisting():
    session.pop("assisting", None)
    end_visit()
    return redirect(url_for(".dashboard"))
