"""The restart-point page of a restored terminal: its blueprint and URL rule, in one place."""
from flask import Blueprint

from kiosk.auth import policy

from . import restore, views

bp = Blueprint("restart_point", __name__)
bp.before_request(policy.guard)
bp.add_url_rule("/staff/restart-point", view_func=views.restart_point, methods=["GET", "POST"])


def init_app(app) -> None:
    if app.config["ROLE"] in ("standalone", "terminal"):
        app.register_blueprint(bp)
        app.jinja_env.globals["filing_paused"] = restore.is_restored
