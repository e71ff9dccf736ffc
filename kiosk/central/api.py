"""The terminals' JSON API under /api/v1. Every call but the OpenAPI document is signed by a terminal."""
import re
import time

from flask import current_app, g, jsonify, request
from werkzeug.exceptions import HTTPException

from kiosk.core.request_signing import verify
from kiosk.extensions import db

from . import services, terminals
from .openapi import document

PUBLIC_ENDPOINTS = {"api.openapi"}


def _error(status, message):
    return jsonify(error=message), status


def authenticate_terminal():
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    terminal_id = request.headers.get("X-Terminal", "")
    terminal = terminals.known_terminal(terminal_id) if terminal_id else None
    if terminal is None:
        return _error(401, "unknown terminal")
    if terminal.revoked:
        return _error(403, "this terminal has been revoked")
    if not verify(terminal.public_key, terminal.id, request.method, request.path,
                  request.query_string.decode("latin-1"), request.headers.get("X-Timestamp", ""),
                  request.headers.get("Idempotency-Key", ""), request.get_data(),
                  request.headers.get("X-Signature", ""), time.time()):
        return _error(401, "bad or expired signature")
    terminals.seen_terminal(terminal, request.headers.get("X-Kiosk-Version"))
    g.terminal = terminal
    return None


def http_error(error):
    return _error(error.code, error.description)


HANDLERS = {  # what each ingesting endpoint does with a terminal's JSON; path arguments come as keywords
    "api.ingest_dossier": lambda terminal, payload, catalogue: services.take_dossier(terminal, payload, catalogue),
    "api.ingest_event": lambda terminal, payload, catalogue, code: services.take_event(terminal, code, payload),
    "api.ingest_document": lambda terminal, payload, catalogue, code: services.take_document(
        terminal, code, payload, catalogue),
    "api.ingest_rating": lambda terminal, payload, catalogue: services.take_rating(terminal, payload, catalogue),
}


def _message(key: str, body: bytes, endpoint: str, args: dict) -> services.Message:
    """One message of the calling terminal, with the work it asks for once its key is known to be new
    (bound here, so that any thread of this process may write it)."""
    terminal, catalogue = g.terminal, current_app.extensions["catalogue"]

    def run():
        payload = services.loads(body)
        if not isinstance(payload, dict):
            raise services.Refused(400, "the body must be a JSON object")
        return HANDLERS[endpoint](terminal, payload, catalogue, **args)

    return services.Message(terminal, key, body, run)


def _single():
    message = _message(request.headers.get("Idempotency-Key", ""), request.get_data(), request.endpoint,
                       request.view_args)
    status, response = current_app.extensions["intake"].take(message)
    return jsonify(response), status


def ingest_dossier():
    return _single()


def ingest_event(code):
    return _single()


def ingest_document(code):
    return _single()


def ingest_rating():
    return _single()


def ingest_batch():
    """Several messages in one signed request, taken in order as if sent one by one: a terminal
    catching up after an outage pays the round trip once per batch, not once per message."""
    try:
        batch = services.parse_batch(services.loads(request.get_data()))
    except services.Refused as refused:
        return _error(refused.status, refused.message)
    routed = [(item.key, item.body.encode(), *_route(item.path)) for item in batch.items]
    messages = [_message(key, body, endpoint, args) if endpoint else None for key, body, endpoint, args in routed]
    taken = iter(services.take([message for message in messages if message]))
    replies = [next(taken) if message else (404, {"error": "no such path for a batch"}) for message in messages]
    db.session.commit()  # the replies go out only once every message in them is on disk
    return jsonify(replies=[{"status": status, "body": body} for status, body in replies])


def _route(path: str) -> tuple[str | None, dict]:
    """The ingesting endpoint a batch item's path names, and its path arguments."""
    try:
        endpoint, args = current_app.url_map.bind("localhost").match(path, method="POST")
    except HTTPException:
        return None, {}
    return (endpoint, args) if endpoint in HANDLERS else (None, {})


def feed():
    after = _whole(request.args.get("after", "0"), 2**31 - 1)  # feed ids are 32-bit integers
    limit = _whole(request.args.get("limit", "200"), 1000)
    if after is None or not limit:
        return _error(400, "after must be a whole number and limit between 1 and 1000")
    return jsonify(services.feed(g.terminal, after, limit))


def feed_held():
    """A terminal reports the feed entry it cannot apply (its cursor waits there), or that none is held."""
    try:
        return jsonify(services.note_feed_hold(g.terminal, services.loads(request.get_data())))
    except services.Refused as refused:
        return _error(refused.status, refused.message)


def _whole(value: str, maximum: int) -> int | None:
    """A plain ASCII whole number up to `maximum` (the database's integers are bounded), else None."""
    if not (value.isascii() and value.isdigit() and len(value) <= 19) or int(value) > maximum:
        return None
    return int(value)


def lookup():
    """A terminal asks, for a resident at its screen, about a dossier it does not hold: by a receipt's
    signature, or by code and the phone's last 4 digits (counted against the asking terminal's budget).
    Answers 200 with `found`; any other status means the question was not answered."""
    from kiosk.core import codes
    from kiosk.dossiers import lookup as lookups

    query = services.loads(request.get_data())
    if not isinstance(query, dict) or not isinstance(query.get("code"), str) or not (
            isinstance(query.get("signature"), str) or isinstance(query.get("phone_last4"), str)):
        return _error(400, "the body is {code, signature} or {code, phone_last4}")
    if not isinstance(query.get("signature"), str) and not re.fullmatch(r"[0-9]{4}", query["phone_last4"]):
        return _error(422, "phone_last4: 4 digits")
    try:
        codes.parse(query["code"])
    except codes.CodeError as error:
        return jsonify(found=False, reason=error.reason)
    code = codes.normalise(query["code"])
    if isinstance(query.get("signature"), str):
        answer = lookups.find_signed(code, query["signature"])
    else:
        answer = lookups.find_with_phone(code, query["phone_last4"], lookups.terminal_throttles(g.terminal.id))
    if answer.dossier is None:
        return jsonify(found=False, reason=answer.reason)
    return jsonify(found=True, dossier=lookups.Found.of(answer.dossier).as_json())


def openapi():
    return jsonify(document())
