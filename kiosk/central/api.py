"""The terminals' JSON API under /api/v1. Every call but the OpenAPI document is signed by a terminal."""
import time
from datetime import timedelta

from flask import Blueprint, current_app, g, jsonify, request
from werkzeug.exceptions import HTTPException

from kiosk.core.clock import utcnow
from kiosk.core.request_signing import verify
from kiosk.extensions import csrf, db

from . import services
from .openapi import document

bp = Blueprint("api", __name__)
csrf.exempt(bp)  # terminals sign their requests; there is no browser session to forge
PUBLIC_ENDPOINTS = {"api.openapi"}
LAST_SEEN_EVERY = timedelta(minutes=1)


def _error(status, message):
    return jsonify(error=message), status


@bp.before_request
def authenticate_terminal():
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    terminal_id = request.headers.get("X-Terminal", "")
    terminal = db.session.get(services.RegisteredTerminal, terminal_id) if terminal_id else None
    if terminal is None:
        return _error(401, "unknown terminal")
    if terminal.revoked_at is not None:
        return _error(403, "this terminal has been revoked")
    if not verify(terminal.signing_key, request.method, request.path, request.headers.get("X-Timestamp", ""),
                  request.get_data(), request.headers.get("X-Signature", ""), time.time()):
        return _error(401, "bad or expired signature")
    if terminal.last_seen_at is None or utcnow() - terminal.last_seen_at > LAST_SEEN_EVERY:
        terminal.last_seen_at = utcnow()  # not on every call: one write per minute is enough to tell
        db.session.commit()
    g.terminal = terminal
    return None


@bp.errorhandler(HTTPException)
def http_error(error):
    return _error(error.code, error.description)


def _json_body():
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        raise services.Refused(400, "the body must be a JSON object")
    return payload


def _idempotent(handle):
    def run():
        return handle(_json_body())

    status, response = services.idempotent(g.terminal, request.headers.get("Idempotency-Key", ""),
                                           request.get_data(), run)
    return jsonify(response), status


@bp.post("/dossiers")
def ingest_dossier():
    catalogue = current_app.extensions["catalogue"]
    return _idempotent(lambda payload: services.take_dossier(g.terminal, payload, catalogue))


@bp.post("/dossiers/<code>/events")
def ingest_event(code):
    return _idempotent(lambda payload: services.take_event(g.terminal, code, payload))


@bp.post("/dossiers/<code>/documents")
def ingest_document(code):
    catalogue = current_app.extensions["catalogue"]
    return _idempotent(lambda payload: services.take_document(g.terminal, code, payload, catalogue))


@bp.post("/ratings")
def ingest_rating():
    return _idempotent(lambda payload: services.take_rating(g.terminal, payload))


@bp.get("/feed")
def feed():
    after = _whole(request.args.get("after", "0"), 2**31 - 1)  # feed ids are 32-bit integers
    limit = _whole(request.args.get("limit", "200"), 1000)
    if after is None or not limit:
        return _error(400, "after must be a whole number and limit between 1 and 1000")
    return jsonify(services.feed(g.terminal, after, limit))


def _whole(value: str, maximum: int) -> int | None:
    """A plain ASCII whole number up to `maximum` (the database's integers are bounded), else None."""
    if not (value.isascii() and value.isdigit() and len(value) <= 19) or int(value) > maximum:
        return None
    return int(value)


@bp.get("/openapi.json")
def openapi():
    return jsonify(document())
