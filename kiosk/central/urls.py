"""The centre's three blueprints and every URL rule of theirs, in one place: the terminals' signed JSON API,
the officers' back office, and the administrators' terminals page with the metrics. The view modules never
import this module."""
from flask import Blueprint
from werkzeug.exceptions import HTTPException

from kiosk.auth import policy
from kiosk.extensions import csrf

from . import api, office, restore_api, terminals_views

# --- /api/v1: terminals sign their requests ---------------------------------------------------------
api_bp = Blueprint("api", __name__)
csrf.exempt(api_bp)  # terminals sign their requests; there is no browser session to forge
api_bp.before_request(api.authenticate_terminal)
api_bp.register_error_handler(HTTPException, api.http_error)

api_bp.add_url_rule("/dossiers", view_func=api.ingest_dossier, methods=["POST"])
api_bp.add_url_rule("/dossiers/<code>/events", view_func=api.ingest_event, methods=["POST"])
api_bp.add_url_rule("/dossiers/<code>/documents", view_func=api.ingest_document, methods=["POST"])
api_bp.add_url_rule("/ratings", view_func=api.ingest_rating, methods=["POST"])
api_bp.add_url_rule("/batch", view_func=api.ingest_batch, methods=["POST"])
api_bp.add_url_rule("/feed", view_func=api.feed, methods=["GET"])
api_bp.add_url_rule("/feed/held", view_func=api.feed_held, methods=["POST"])
api_bp.add_url_rule("/lookup", view_func=api.lookup, methods=["POST"])  # a terminal asks for a dossier it does not hold
api_bp.add_url_rule("/openapi.json", view_func=api.openapi, methods=["GET"])
api_bp.add_url_rule("/terminal/state", view_func=restore_api.terminal_state, methods=["GET"])

# --- /office: officers and administrators; each sees the dossiers the policy shows them -------------
office_bp = Blueprint("office", __name__)
office_bp.before_request(policy.guard)

office_bp.add_url_rule("/", view_func=office.queue, methods=["GET"])
office_bp.add_url_rule("/documents/<int:document_id>", view_func=office.scan, methods=["GET"])
office_bp.add_url_rule("/due-dates-moved", view_func=office.moved_due_dates, methods=["GET"])
office_bp.add_url_rule("/dossiers/<code>", view_func=office.dossier, methods=["GET"])
office_bp.add_url_rule("/dossiers/<code>/<action>", view_func=office.act, methods=["POST"])

# --- /office/terminals and /metrics ---------------------------------------------------------------
terminals_bp = Blueprint("terminals_admin", __name__)
terminals_bp.before_request(policy.guard)

terminals_bp.add_url_rule("/office/terminals", view_func=terminals_views.terminals, methods=["GET"])
terminals_bp.add_url_rule("/metrics", view_func=terminals_views.metrics, methods=["GET"])
