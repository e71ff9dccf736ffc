"""Deliver queued text messages; a failed one stays queued with its error and is tried again later."""
from flask import current_app
from sqlalchemy import select

from kiosk.core.clock import utcnow
from kiosk.extensions import db

from .gateways import from_config
from .models import TextMessage

MAX_ATTEMPTS = 10


def deliver_pending(gateway=None, limit: int = 100) -> int:
    gateway = gateway or from_config(current_app.config, current_app.instance_path)
    pending = db.session.scalars(select(TextMessage).where(TextMessage.sent_at.is_(None),
                                                           TextMessage.attempts < MAX_ATTEMPTS)
                                 .order_by(TextMessage.id).limit(limit)).all()
    sent = 0
    for message in pending:
        message.attempts += 1
        try:
            gateway.send(message.phone, message.body)
        except Exception as exc:  # any provider failure: keep it queued, say why
            message.last_error = f"{type(exc).__name__}: {exc}"[:300]
        else:
            message.sent_at, sent = utcnow(), sent + 1
        db.session.commit()
    return sent
