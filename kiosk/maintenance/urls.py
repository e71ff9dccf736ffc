"""The restart-point page of a restored terminal: its blueprint and URL rule, in one place (served by the roles
that file dossiers: kiosk/roles.py)."""
from flask import Blueprint

from kiosk.auth import policy

from . import restore, views

bp = Blueprint("restart_point", __name__)
bp.before_request(policy.guard)
bp.add_url_rule("/staff/restart-point", view_func=views.restart_point, methods=["GET", "POST"])
bp.add_app_template_global(restore.is_restored, "filing_paused")  # the staff's menu links the page while paused
