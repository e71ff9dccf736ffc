"""The OpenAPI 3 description of /api/v1, kept next to the code it describes and tested against it."""
from typing import get_args

from kiosk.config import LANGUAGES
from kiosk.dossiers import calendar
from kiosk.dossiers.lookup import REFUSALS
from kiosk.dossiers.models import Channel
from kiosk.dossiers.states import Status
from kiosk.ratings.services import OCCASIONS, REASONS

from .messages import DATA_OPTIONAL, RECORDED_KINDS, EventKind

_SIGNED = [{"terminal": [], "timestamp": [], "signature": []}]
_ERROR = {"description": "refused", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
_ERRORS = {code: _ERROR for code in ("400", "401", "403", "404", "409", "422")}
_DEPTH = "JSON nested at most 32 levels deep"
_KEY = {"name": "Idempotency-Key", "in": "header", "required": True,
        "schema": {"type": "string", "minLength": 1, "maxLength": 100}}
_CHANNEL = {"type": "string", "enum": list(get_args(Channel))}
_STATUS = {"type": "string", "enum": [str(status) for status in Status]}

# Each kind's data, from the models the centre checks it with (so the document cannot drift from them).
_EVENT_DATA = "the event's typed data, by kind: " + "; ".join(
    f"{kind}: {', '.join(shape.model_json_schema(by_alias=True)['properties']) if shape else 'none'}"
    f"{' (optional)' if kind in DATA_OPTIONAL else ''}" for kind, shape in RECORDED_KINDS.items())


def _json(schema_ref):
    return {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_ref}"}}}}


def document() -> dict:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Ward kiosk central dossier API", "version": "1.0.0"},
        "servers": [{"url": "/api/v1"}],
        "security": _SIGNED,
        "paths": {
            "/dossiers": {"post": {
                "summary": "File a dossier made at a terminal (idempotent per Idempotency-Key)",
                "parameters": [_KEY], "requestBody": {"required": True, **_json("DossierIn")},
                "responses": {"201": {"description": "stored", **_json("DossierState")}, **_ERRORS}}},
            "/dossiers/{code}/events": {"post": {
                "summary": "Apply a change made at the ward, such as the hand-over of the result",
                "parameters": [{"name": "code", "in": "path", "required": True, "schema": {"type": "string"}}, _KEY],
                "requestBody": {"required": True, **_json("EventIn")},
                "responses": {"200": {"description": "applied", **_json("DossierState")}, **_ERRORS}}},
            "/dossiers/{code}/documents": {"post": {
                "summary": "Attach a scan of a paper handed in at the ward (checked and cleaned again here)",
                "parameters": [{"name": "code", "in": "path", "required": True, "schema": {"type": "string"}}, _KEY],
                "requestBody": {"required": True, **_json("DocumentIn")},
                "responses": {"201": {"description": "attached", **_json("DocumentState")}, **_ERRORS}}},
            "/batch": {"post": {
                "summary": "Several messages taken in order, each once per its own key, as if sent one by one",
                "requestBody": {"required": True, **_json("BatchIn")},
                "responses": {"200": {"description": "one reply per item, in order", **_json("BatchOut")},
                              **_ERRORS}}},
            "/ratings": {"post": {
                "summary": "Count an anonymous satisfaction rating given at a terminal",
                "parameters": [_KEY], "requestBody": {"required": True, **_json("RatingIn")},
                "responses": {"201": {"description": "stored", **_json("RatingState")}, **_ERRORS}}},
            "/feed": {"get": {
                "summary": "Status changes for the calling terminal, and working-day overrides for all, after a cursor",
                "parameters": [{"name": "after", "in": "query",
                                "schema": {"type": "integer", "minimum": 0, "maximum": 2**31 - 1}},
                               {"name": "limit", "in": "query",
                                "schema": {"type": "integer", "minimum": 1, "maximum": 1000}}],
                "responses": {"200": {"description": "entries and the next cursor", **_json("Feed")}, **_ERRORS}}},
            "/feed/held": {"post": {
                "summary": "Report the feed entry this terminal cannot apply (its cursor waits there), or null",
                "requestBody": {"required": True, **_json("FeedHeld")},
                "responses": {"200": {"description": "noted", **_json("FeedHeldState")}, **_ERRORS}}},
            "/lookup": {"post": {
                "summary": "A dossier's public status, for a resident at a terminal that does not hold it: by the "
                           "receipt's signature or by code and the phone's last 4 digits (wrong guesses count "
                           "against the asking terminal)",
                "requestBody": {"required": True, **_json("LookupIn")},
                "responses": {"200": {"description": "found, or why not", **_json("LookupOut")}, **_ERRORS}}},
            "/openapi.json": {"get": {"summary": "This document", "security": [],
                                      "responses": {"200": {"description": "OpenAPI document"}}}},
        },
        "components": {
            "securitySchemes": {
                "terminal": {"type": "apiKey", "in": "header", "name": "X-Terminal"},
                "timestamp": {"type": "apiKey", "in": "header", "name": "X-Timestamp"},
                "signature": {"type": "apiKey", "in": "header", "name": "X-Signature",
                              "description": "base64url (unpadded) Ed25519 signature, by the terminal's private key, "
                                             "of the compact JSON array [\"kiosk-request-v2\", terminal id, METHOD, "
                                             "path, raw query string (no '?'), X-Timestamp, Idempotency-Key (or "
                                             "''), hex SHA-256 of the body]; the centre holds the public key"},
            },
            "schemas": {
                "Error": {"type": "object", "properties": {"error": {"type": "string"}}, "required": ["error"]},
                "DossierState": {"type": "object", "required": ["code", "status"],
                                 "properties": {"code": {"type": "string"}, "status": _STATUS}},
                "DossierIn": {"type": "object", "additionalProperties": False, "required": [
                    "code", "procedure_code", "channel", "applicant_name", "phone_last4", "answers", "fee",
                    "locale", "submitted_at", "due_on"], "properties": {
                    "code": {"type": "string", "maxLength": 32},
                    "procedure_code": {"type": "string", "maxLength": 64},
                    "channel": _CHANNEL,
                    "applicant_name": {"type": "string", "minLength": 1, "maxLength": 200},
                    "phone_last4": {"type": "string", "pattern": "^[0-9]{4}$"},
                    "answers": {"type": "object", "description": _DEPTH},
                    "fee": {"type": "integer", "minimum": 0, "maximum": 2**31 - 1},
                    "locale": {"type": "string", "enum": list(LANGUAGES)},
                    "submitted_at": {"type": "string", "format": "date-time",
                                     "description": "from 2020-01-01 to tomorrow; an offset is converted to UTC"},
                    "due_on": {"type": "string", "format": "date",
                               "description": "from the filing day to three years after it"}}},
                "EventIn": {"type": "object", "additionalProperties": False, "required": ["actor"],
                            "description": "kind 'status' (the default) needs to_status; the other kinds are events "
                                           "that change no status and have none, each with its own data",
                            "properties": {"kind": {"type": "string", "enum": list(get_args(EventKind))},
                                           "to_status": {**_STATUS, "description": "a terminal may set only 'returned' "
                                                         "(the hand-over); officers' decisions answer 403"},
                                           "actor": {"type": "string", "maxLength": 100},
                                           "reason": {"type": "string", "maxLength": 500, "nullable": True},
                                           "data": {"type": "object", "nullable": True, "maxProperties": 20,
                                                    "description": _EVENT_DATA}}},
                "DocumentIn": {"type": "object", "additionalProperties": False,
                               "required": ["document_index", "actor", "jpeg"], "properties": {
                                   "document_index": {"type": "integer", "minimum": 0, "maximum": 100},
                                   "actor": {"type": "string", "maxLength": 100},
                                   "jpeg": {"type": "string", "format": "byte", "minLength": 1}}},
                "DocumentState": {"type": "object", "required": ["code", "document"], "properties": {
                    "code": {"type": "string"}, "document": {"type": "integer"}}},
                "BatchIn": {"type": "object", "additionalProperties": False, "required": ["items"], "properties": {
                    "items": {"type": "array", "minItems": 1, "maxItems": 100, "items": {
                        "type": "object", "additionalProperties": False, "required": ["path", "key", "body"],
                        "properties": {"path": {"type": "string", "maxLength": 200, "example": "/api/v1/dossiers"},
                                       "key": {"type": "string", "maxLength": 100},
                                       "body": {"type": "string", "description": "the JSON body, as text"}}}}}},
                "BatchOut": {"type": "object", "required": ["replies"], "properties": {
                    "replies": {"type": "array", "items": {"type": "object", "required": ["status", "body"],
                                                           "properties": {"status": {"type": "integer"},
                                                                          "body": {"type": "object"}}}}}},
                "RatingIn": {"type": "object", "additionalProperties": False, "required": [
                    "id", "occasion", "procedure_code", "channel", "score", "reasons", "rated_on"], "properties": {
                    "id": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                    "occasion": {"type": "string", "enum": list(OCCASIONS)},
                    "procedure_code": {"type": "string", "maxLength": 64},
                    "channel": _CHANNEL,
                    "score": {"type": "integer", "minimum": 1, "maximum": 5},
                    "reasons": {"type": "array", "maxItems": len(REASONS), "items": {"type": "string"}},
                    "rated_on": {"type": "string", "format": "date",
                                 "description": "from 2020-01-01 to tomorrow"}}},
                "RatingState": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
                "Feed": {"type": "object", "required": ["entries", "cursor"], "properties": {
                    "cursor": {"type": "integer"},
                    "entries": {"type": "array", "items": {"type": "object", "properties": {
                        "id": {"type": "integer"}, "code": {"type": "string", "nullable": True}, "kind": {"type": "string"},
                        "to_status": {**_STATUS, "nullable": True}, "actor": {"type": "string"},
                        "reason": {"type": "string", "nullable": True}, "at": {"type": "string"},
                        "data": {"type": "object", "description": "kind calendar: a working-day override for "
                                 "every terminal (code and to_status are null): day, override, note; to_status "
                                 "supplement_requested: what the resident must bring (items) and by when "
                                 "(deadline)", "properties": {
                                     "day": {"type": "string", "format": "date"},
                                     "override": {"type": "string", "enum": list(calendar.KINDS),
                                                  "nullable": True},
                                     "note": {"type": "string"},
                                     "items": {"type": "string", "maxLength": 500},
                                     "deadline": {"type": "string", "format": "date"}}}}}}}},
                "FeedHeld": {"type": "object", "required": ["entry"], "properties": {
                    "entry": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1, "nullable": True},
                    "code": {"type": "string", "maxLength": 32, "nullable": True},
                    "reason": {"type": "string", "maxLength": 300, "nullable": True}}},
                "LookupIn": {"type": "object", "required": ["code"], "properties": {
                    "code": {"type": "string", "maxLength": 64},
                    "signature": {"type": "string", "maxLength": 200},
                    "phone_last4": {"type": "string", "pattern": "^[0-9]{4}$"}}},
                "LookupOut": {"type": "object", "required": ["found"], "properties": {
                    "found": {"type": "boolean"},
                    "reason": {"type": "string", "enum": list(REFUSALS)},
                    "dossier": {"type": "object", "required": ["code", "procedure_code", "status", "submitted_at",
                                                               "due_on"], "properties": {
                        "code": {"type": "string"}, "procedure_code": {"type": "string"}, "status": _STATUS,
                        "submitted_at": {"type": "string", "description": "UTC, ISO 8601 without offset"},
                        "due_on": {"type": "string", "format": "date"},
                        "events": {"type": "array", "description": "only the events a resident may read: status "
                                   "changes and apologies, with a note only where the resident reads one",
                                   "items": {"type": "object", "required": ["at", "kind"], "properties": {
                                       "at": {"type": "string"}, "kind": {"type": "string"},
                                       "from_status": {"type": ["string", "null"]},
                                       "to_status": {"type": ["string", "null"]},
                                       "reason": {"type": ["string", "null"]},
                                       "data": {"type": ["object", "null"]}}}}}}}},
                "FeedHeldState": {"type": "object", "required": ["entry"], "properties": {
                    "entry": {"type": "integer", "nullable": True}}},
            },
        },
    }
