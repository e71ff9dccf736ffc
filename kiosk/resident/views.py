"""Kiosk pages for residents. Thin: parse, call a service, render."""
import secrets

from flask import (
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
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import DBAPIError

from kiosk.catalogue.featured import featured, featured_version
from kiosk.catalogue.fields import FIELD_LABELS
from kiosk.dossiers import operations, services
from kiosk.dossiers.models import Dossier
from kiosk.extensions import db
from kiosk.forms import id_card
from kiosk.forms.rules import RuleError
from kiosk.i18n import current_locale
from kiosk.payments import services as payments
from kiosk.payments.fees import fee_for
from kiosk.printing import jobs
from kiosk.printing.blank_form import blank_form_pdf
from kiosk.printing.checklist import checklist_pdf
from kiosk.printing.receipt import receipt_pdf, receipt_title
from kiosk.printing.response import pdf_response
from kiosk.security.headers import clear_site_data
from kiosk.storage import faults
from kiosk.visits.services import current_visit, end_visit, start_visit, touch

from . import wizard


def catalogue():
    return current_app.extensions["catalogue"]


def load_visit():
    g.visit = current_visit()


def home():
    return render_template("resident/home.html")


def most_used_version() -> tuple:
    """What the catalogue's most-used tiles depend on besides the catalogue: the ward's featured file."""
    return featured_version(current_app.instance_path)


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


def procedure(code):
    job = request.args.get("job")
    return render_template("resident/procedure.html", procedure=_procedure_or_404(code),
                           print_job=job, print_state=jobs.state_of(job))


def checklist(code):
    procedure = _procedure_or_404(code)
    return pdf_response(_procedure_slip_pdf(procedure, "checklist"), f"{procedure.code}-giay-to.pdf")


def blank_form(code):
    procedure = _procedure_or_404(code)
    return pdf_response(_procedure_slip_pdf(procedure, "form"), f"{procedure.code}-to-khai.pdf")


def _procedure_slip_pdf(procedure, slip):
    make = checklist_pdf if slip == "checklist" else blank_form_pdf
    return make(procedure, current_locale(), jobs.paper())


def print_procedure_slip(code, slip):
    """A procedure's checklist or blank form: on the terminal's printer (the page follows the job),
    or, without one, shown inside the app's page."""
    procedure = _procedure_or_404(code)
    if not jobs.has_printer():
        return redirect(url_for(".procedure_slip", code=code, slip=slip))
    token = jobs.send(_procedure_slip_pdf(procedure, slip), f"{procedure.code}-{slip}.pdf")
    return redirect(url_for(".procedure", code=code, job=token) + "#print-status")


def procedure_slip(code, slip):
    _procedure_or_404(code)
    pdf_url = url_for(".checklist" if slip == "checklist" else ".blank_form", code=code)
    return render_template("resident/slip.html", pdf_url=pdf_url, back_url=url_for(".procedure", code=code),
                           title=_("Documents to bring") if slip == "checklist" else _("Declaration form"))


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
    position, total = wizard.progress(procedure, current, visit.answers)
    return render_template("resident/step.html", procedure=procedure, step=current, form=form,
                           position=position, total=total, back_url=wizard.back_url(procedure, current, visit.answers),
                           fields=wizard.fields_on_page(current, visit.answers), changing=changing)


CARD_MESSAGES = {
    "card_unreadable": _l("This is not the QR code of a chip ID card (CCCD). Scan the QR code on the front of "
                          "the card, or type the details."),
    "card_not_here": _l("This page does not ask for an ID card."),
    "card_sex": _l("This card does not belong to the person this page asks about. Check that it is the right card."),
}


def read_id_card(step_id):
    """A chip ID card's QR, scanned on a step that asks for a person: the step's answers from it, for the
    page to fill in and the resident to check. Nothing of the scan is stored or logged."""
    visit, procedure = wizard.current_filing()
    index = procedure.step_index(step_id) if procedure is not None else None
    if index is None:
        return jsonify(error=str(CARD_MESSAGES["card_not_here"])), 404
    step = procedure.steps[index]
    try:
        answers = id_card.answers_for(step, id_card.read(request.form.get("card", "")[:2000]))
    except RuleError as refused:
        return jsonify(error=str(CARD_MESSAGES[refused.code])), 422
    touch(visit)
    return jsonify(fields=answers, message=_("The details from the ID card are filled in. Check them before you "
                                              "continue."))


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
    return _check_again(visit, procedure, None)


def submit():
    key = request.form.get("submission_key", "")
    already = services.find_by_submission_key(key) if key else None
    if already is not None:  # a double click or a resent form: the first dossier stands
        return redirect(url_for(".done", code=already.code))
    visit, procedure = wizard.current_filing()
    if procedure is None or key != visit.submission_key:
        return redirect(url_for(".ended"))
    if not request.form.get("declaration"):
        return _check_again(visit, procedure, _("Confirm that the information is true before you submit.")), 400
    try:
        dossier = wizard.file_dossier(visit, procedure, current_locale())
    except (DBAPIError, OSError) as failure:
        if not faults.is_storage_fault(failure):
            raise
        # Nothing of the filing was kept (one transaction); the answers are still in the visit.
        db.session.rollback()
        faults.note_fault(failure)
        return _check_again(visit, procedure, None, storage_fault=True), 503
    return redirect(url_for(".done", code=dossier.code))


def _check_again(visit, procedure, error, storage_fault=False):
    return render_template("resident/check.html", procedure=procedure, visit=visit,
                           summary=wizard.summary(procedure, visit.answers, current_locale()),
                           fee=fee_for(procedure, visit.answers), error=error,
                           storage_fault=storage_fault)


def _visit_dossier(code):
    """The dossier this visit filed; anybody else's code is not found here."""
    visit = g.visit
    dossier = services.find_by_code(code)
    if visit is None or dossier is None or visit.dossier_id != dossier.id:
        abort(404)
    return dossier


def done(code):
    dossier = _visit_dossier(code)
    touch(g.visit)
    transfer = payments.transfer_qr(dossier)
    return render_template("resident/done.html", dossier=dossier, procedure=catalogue().get(dossier.procedure_code),
                           transfer_qr=payments.qr_data_uri(transfer) if transfer else None,
                           print_job=g.visit.receipt_job, print_state=jobs.state_of(g.visit.receipt_job))


def print_receipt(code):
    """The resident's own receipt, as often as needed during the visit: always the original, never a
    copy. On the terminal's printer the page stays and follows the job; without one, it opens here."""
    dossier = _visit_dossier(code)
    operations.print_receipt(dossier, wizard.actor_for(g.visit))
    if not jobs.has_printer():
        touch(g.visit)
        return redirect(url_for(".receipt_view", code=code))
    g.visit.receipt_job = jobs.send(receipt_pdf(dossier), receipt_title(dossier))
    touch(g.visit)
    return redirect(url_for(".done", code=code) + "#print-status")


def receipt_view(code):
    """Without a printer: the receipt inside the app's page, with a way back (never a new window)."""
    _visit_dossier(code)
    touch(g.visit)
    return render_template("resident/slip.html", title=_("Your receipt"),
                           pdf_url=url_for(".receipt", code=code), back_url=url_for(".done", code=code))


def receipt(code):
    """The receipt as the resident has it; reading it changes nothing (prints are POSTs)."""
    dossier = _visit_dossier(code)
    return pdf_response(receipt_pdf(dossier), receipt_title(dossier))


def print_job(token):
    """How a print job is going, for the page that follows it: nothing personal, nothing changed."""
    state = jobs.state_of(token)
    if state is None:
        abort(404)
    return jsonify(state=state)


def _receipt_in_hand(visit) -> bool:
    """Whether the terminal's printer said the visit's receipt came out."""
    return visit is None or visit.dossier_id is None or jobs.state_of(visit.receipt_job) == jobs.PRINTED


def finish_confirm():
    """"Have you received your receipt?" — asked before a visit whose receipt did not print is wiped."""
    visit = g.visit
    if visit is None or visit.dossier_id is None:
        return redirect(url_for(".home"))
    touch(visit)
    return render_template("resident/finish_confirm.html", dossier=db.session.get(Dossier, visit.dossier_id))


def finish():
    """The page that follows says the session ended: a message kept in the session cookie would not survive
    the browser clearing the site's cookies."""
    if not request.form.get("confirmed") and not _receipt_in_hand(g.visit):
        return redirect(url_for(".finish_confirm"), 303)  # a page of its own, so "back" never re-posts
    end_visit()
    clear_site_data(cookies=not current_user.is_authenticated)  # a guide at the terminal stays signed in
    return redirect(url_for(".ended"))


def ended():
    """Where the idle wipe leads (and any page of a visit that is over): the start page, saying the visit ended.
    The message lives in the address, not in the session cookie, which Clear-Site-Data removes."""
    clear_site_data(cookies=not current_user.is_authenticated)
    return render_template("resident/home.html", ended=True)


def keepalive():
    if g.visit is not None:
        touch(g.visit)
    return jsonify(active=g.visit is not None)


