"""The figures pages: every URL rule of the blueprint, in one place. The view module never imports it."""
from flask import Blueprint

from kiosk.auth import policy

from . import views

bp = Blueprint("reports", __name__)
bp.before_request(policy.guard)  # supervisors (their ward) and administrators (any ward, or all)
bp.add_app_template_filter(views.number, "number")

bp.add_url_rule("/", view_func=views.figures, methods=["GET"])
bp.add_url_rule("/export/<name>.<kind>", view_func=views.export, methods=["GET"])
bp.add_url_rule("/logbook.<kind>", view_func=views.logbook, methods=["GET"])
bp.add_url_rule("/catalogue-facts", view_func=views.catalogue_facts, methods=["GET"])
