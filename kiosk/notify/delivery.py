"""Deliver queued text messages; a failed one stays queued with its error and is tried again later."""
from flask import current_app
from sqlalchemy import select

from kiosk.core.clock import utcnow
from kiosk.extensions import db

from .gateways import from_config
from .models import TextMessage

MAX_ATTEMPTS = 10


def deliver_pending(gateway=None, limit: int = 100) -> int:
    """Each message is claimed (its row locked, skipping rows another process holds) and sent before the
    next is read: several centre machines deliver from one queue, and no message goes out twice."""
    gateway = gateway or from_config(current_app.config, current_app.instance_path)
    sent, after = 0, 0
    for _turn in range(limit):
        message = db.session.scalars(select(TextMessage).where(TextMessage.sent_at.is_(None),
                                                               TextMessage.attempts < MAX_ATTEMPTS,
                                                               TextMessage.id > after)  # each tried once a run
                                     .order_by(TextMessage.id).limit(1)
                                     .with_for_update(skip_locked=True)).first()
        if message is None:
            break
        after = message.id
        message.attempts += 1
        try:
            gateway.send(message.phone, message.body)
        except Exception as exc:  # any provider failure: keep it queued, say why
            message.last_error = f"{type(exc).__name__}: {exc}"[:300]
        else:
            message.sent_at, sent = utcnow(), sent + 1
        db.session.commit()
    return sent
