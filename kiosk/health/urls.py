"""`/healthz` and `/readyz`: the blueprint and its URL rules, in one place."""
from flask import Blueprint

from . import views

bp = Blueprint("health", __name__)
bp.add_url_rule("/healthz", view_func=views.healthz, methods=["GET"])
bp.add_url_rule("/readyz", view_func=views.readyz, methods=["GET"])
