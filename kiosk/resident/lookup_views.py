"""The public look-up pages, on every server: a terminal's screen, and the centre's page that receipts'
QR codes open on residents' phones (the centre serves no other resident page). Thin: parse, ask, render."""
from flask import current_app, render_template, request

from kiosk.dossiers import lookup as lookup_service
from kiosk.extensions import db


def _page(form, answer, status=200):
    found = answer.dossier
    procedure = found and current_app.extensions["catalogue"].get(found.procedure_code)
    return render_template("resident/lookup.html", form=form, dossier=found, error=answer.error,
                           procedure=procedure, answered_by=answer.source if found else None,
                           unreachable=answer.unreachable), status


def lookup():
    form = lookup_service.LookupForm()
    answer = lookup_service.Answer()
    if form.validate_on_submit():
        answer = lookup_service.by_code_and_phone(form.code.data, form.phone_last4.data)
    return _page(form, answer, 503 if answer.unreachable else 200)


def lookup_signed(code):
    """Where the receipt's QR leads: the signature stands in for the phone digits."""
    answer = lookup_service.by_signed_code(code, request.args.get("s", ""))
    if answer.dossier is None:
        return _page(lookup_service.LookupForm(), answer, 503 if answer.unreachable else 404)
    db.session.commit()
    return _page(None, answer)
