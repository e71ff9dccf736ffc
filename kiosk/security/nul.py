"""No text this app takes holds a NUL character: PostgreSQL cannot store one, and a look-up with one fails
there with a server error. A request carrying one in its path, query or form is refused before any view."""
from flask import abort, request


def _refuse_nul():
    if "\x00" in request.path:
        abort(404)  # no page has such an address
    # Most requests have no query: its parsing is skipped (a page's fixed cost, `kiosk bench pages`).
    values = [value for values in request.args.listvalues() for value in values] if request.query_string else []
    # The API reads its signed JSON body itself, and checks it for NUL; a GET has no form to parse.
    if request.blueprint != "api" and request.method not in ("GET", "HEAD"):
        values += [value for values in request.form.listvalues() for value in values]
    if any("\x00" in value for value in values):
        abort(400)


def init_app(app):
    app.before_request(_refuse_nul)
