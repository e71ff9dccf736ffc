"""The probes' answers."""
from flask import jsonify

from kiosk.extensions import db

from . import schema_state


def healthz():
    return jsonify(status="ok")


def readyz():
    state, reason = schema_state(db.engine)
    return jsonify(status=state, reason=reason), 200 if state == "ready" else 503
