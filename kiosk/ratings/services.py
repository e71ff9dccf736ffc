"""Recording a rating once per dossier and occasion, keeping nothing that points back to the person."""
import contextlib
import hashlib
import hmac
from typing import Literal, get_args

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from kiosk.core.clock import local_today
from kiosk.extensions import db
from kiosk.security.signing import local_key

from .models import Rating

Occasion = Literal["submission", "handover"]  # after filing, after collecting the result
OCCASIONS = get_args(Occasion)
REASONS = {
    "quick": _l("It was quick"),
    "clear": _l("The forms were clear"),
    "helpful_staff": _l("The staff were helpful"),
    "too_long": _l("It took too long"),
    "hard_forms": _l("The forms were hard to fill in"),
    "documents": _l("I was not told which documents to bring"),
}


class AlreadyRated(Exception):
    pass


def occasion_key(dossier_code: str, occasion: str, secret: bytes | None = None) -> str:
    """Keyed with this installation's own key, not SECRET_KEY: changing SECRET_KEY lets nobody rate twice."""
    secret = secret or local_key("ratings")
    return hmac.new(secret, f"rating:{dossier_code}:{occasion}".encode(), hashlib.sha256).hexdigest()


def has_rated(dossier, occasion: str) -> bool:
    # Also the key older versions made from SECRET_KEY: a rating given before the upgrade still counts.
    keys = [occasion_key(dossier.code, occasion),
            occasion_key(dossier.code, occasion, current_app.config["SECRET_KEY"].encode())]
    return db.session.scalar(select(Rating.id).where(Rating.occasion_key.in_(keys)).limit(1)) is not None


def rate(dossier, occasion: str, score: int, reasons: list[str], commit: bool = True) -> Rating:
    """With commit=False the caller commits inside `refused_if_raced` (kiosk.dossiers.operations.rate)."""
    if occasion not in OCCASIONS or not 1 <= score <= 5:
        raise ValueError("occasion or score out of range")
    if has_rated(dossier, occasion):
        raise AlreadyRated
    rating = Rating(occasion_key=occasion_key(dossier.code, occasion), occasion=occasion,
                    procedure_code=dossier.procedure_code, ward_code=dossier.ward_code, channel=dossier.channel,
                    score=score, reasons=[r for r in reasons if r in REASONS], rated_on=local_today())
    db.session.add(rating)
    if commit:
        with refused_if_raced():
            db.session.commit()
    return rating


@contextlib.contextmanager
def refused_if_raced():
    """Around the commit of a rating: the same occasion rated at the same moment counts once."""
    try:
        yield
    except IntegrityError as error:
        db.session.rollback()
        raise AlreadyRated from error
