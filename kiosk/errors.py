"""Friendly error pages in the resident's language; the security headers still apply."""
from flask import current_app, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException

from kiosk.extensions import db
from kiosk.security.limits import megabytes
from kiosk.storage import faults


def _page(status, heading, message):
    return render_template("errors/error.html", heading=heading, message=message), status


def init_app(app):
    @app.errorhandler(CSRFError)
    def csrf_failed(_error):
        return _page(400, _("This page has expired"),
                     _("Nothing was saved. Go back, reload the page and try again."))

    @app.errorhandler(404)
    def not_found(_error):
        return _page(404, _("Page not found"), _("This page does not exist or is no longer available."))

    @app.errorhandler(413)
    def too_large(_error):
        return _page(413, _("The file is too large"),
                     _("Nothing was saved. Choose a smaller file (at most %(size)s) and try again.",
                       size=megabytes(current_app.config["SCAN_MAX_BYTES"])))

    @app.errorhandler(HTTPException)
    def other_http(error):
        return _page(error.code, _("Something went wrong"), _("Please go back and try again."))

    @app.errorhandler(DBAPIError)
    def database_failed(error):
        """A full disk or read-only database answers with what to do, never a bare 500."""
        if not faults.is_storage_fault(error):
            raise error  # a bug, not the machine: the usual 500 path logs it
        db.session.rollback()
        faults.note_fault(error)
        heading = (_("Your dossier has not been submitted") if request.endpoint == "resident.submit"
                   else _("Nothing could be saved"))
        return _page(503, heading,
                     _("A fault on this machine stops it from saving. Nothing you entered has been lost. Please "
                       "ask the guide at the counter for help."))

    @app.errorhandler(500)
    def server_error(_error):
        return _page(500, _("Something went wrong"),
                     _("The problem has been recorded. Please ask the guide at the counter for help."))
