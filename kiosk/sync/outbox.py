"""Messages for the centre, added to the caller's transaction (never committed here)."""
import base64
import json
import uuid

from kiosk.extensions import db

from .models import OutboxMessage


def _add(code: str, path: str, key: str, payload: dict) -> None:
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    db.session.add(OutboxMessage(dossier_code=code, path=path, idempotency_key=key, body=body))


def enqueue_dossier(dossier) -> None:
    _add(dossier.code, "/api/v1/dossiers", f"dossier:{dossier.code}", {
        "code": dossier.code, "procedure_code": dossier.procedure_code, "channel": dossier.channel,
        "applicant_name": dossier.applicant_name, "phone_last4": dossier.phone_last4, "answers": dossier.answers,
        "fee": dossier.fee, "locale": dossier.locale, "submitted_at": dossier.submitted_at.isoformat(),
        "due_on": dossier.due_on.isoformat()})


def enqueue_event(dossier, event) -> None:
    """A change made at the ward: a status change (the hand-over), or an event that changes no status (a fee
    paid or voided, an apology, a print), sent under its own kind with its typed data."""
    payload = {"actor": event.actor, "reason": event.reason, **({"data": event.data} if event.data else {})}
    payload.update({"to_status": event.to_status} if event.to_status != event.from_status else {"kind": event.kind})
    _add(dossier.code, f"/api/v1/dossiers/{dossier.code}/events", f"event:{dossier.code}:{uuid.uuid4().hex}",
         payload)


def enqueue_document(dossier, document, jpeg: bytes) -> None:
    """A scan, as the cleaned JPEG the terminal stored (base64 in JSON, so the body stays one signed text)."""
    _add(dossier.code, f"/api/v1/dossiers/{dossier.code}/documents", f"document:{document.stored_name}", {
        "document_index": document.document_index, "actor": document.uploaded_by,
        "jpeg": base64.b64encode(jpeg).decode()})


def enqueue_rating(rating) -> None:
    """Ratings travel without their dossier: their outbox line is named by the keyed hash only."""
    _add(f"rating:{rating.occasion_key[:25]}", "/api/v1/ratings", f"rating:{rating.occasion_key}", {
        "id": rating.occasion_key, "occasion": rating.occasion, "procedure_code": rating.procedure_code,
        "channel": rating.channel, "score": rating.score, "reasons": rating.reasons,
        "rated_on": rating.rated_on.isoformat()})

