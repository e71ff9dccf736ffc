"""Save and resume. A resume code alone is not enough: the resident also gives a date of birth or
the phone number from the form, so a code read over someone's shoulder opens nothing."""
import contextlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, select

from kiosk.core.clock import utcnow
from kiosk.extensions import db
from kiosk.forms import rules

from .models import Draft

# No 0/O/1/I/L: a code copied from paper by hand must not be misread.
RESUME_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
RESUME_LENGTH = 8
RESUME_PHONE = "_resume_phone"  # asked for at saving when the form so far has no date of birth or phone


def new_resume_code() -> str:
    return "".join(secrets.choice(RESUME_ALPHABET) for _ in range(RESUME_LENGTH))


def normalise_resume_code(raw: str) -> str:
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())


def save(procedure, answers: dict, locale: str, days: int) -> Draft:
    draft = Draft(resume_code=new_resume_code(), procedure_code=procedure.code, answers=dict(answers),
                  locale=locale, created_at=utcnow(), expires_at=utcnow() + timedelta(days=days))
    db.session.add(draft)
    db.session.commit()
    return draft


def _secrets_of(procedure, answers: dict) -> set[str]:
    """What proves the resident wrote this draft: the form's dates of birth and its phone number."""
    found = {answers[RESUME_PHONE]} if answers.get(RESUME_PHONE) else set()
    for definition in procedure.fields.values():
        value = answers.get(definition.name) or ""
        if definition.type == "date" and definition.not_future and value:
            found.add(value)
        if definition.type == "phone" and value:
            found.add(value)
    return found


def is_protected(procedure, answers: dict) -> bool:
    return bool(_secrets_of(procedure, answers))


def _proof(raw: str) -> set[str]:
    """What the resident typed, read as a date and as a phone number."""
    candidates = set()
    day = rules.read_date(raw.strip())
    if day:
        candidates.add(day.isoformat())
    with contextlib.suppress(rules.RuleError):
        candidates.add(rules.phone(raw))
    return candidates


def find_for_resume(catalogue, raw_code: str, proof: str) -> Draft | None:
    draft = db.session.scalar(select(Draft).where(Draft.resume_code == normalise_resume_code(raw_code)))
    if draft is None or draft.expires_at < utcnow():
        return None
    procedure = catalogue.get(draft.procedure_code)
    if procedure is None or not _proof(proof) & _secrets_of(procedure, draft.answers):
        return None
    return draft


def take(draft: Draft) -> dict:
    """Resume: the draft's answers move into the visit and the draft is gone."""
    answers = {k: v for k, v in draft.answers.items() if k != RESUME_PHONE}
    db.session.delete(draft)
    db.session.commit()
    return answers


def purge_expired() -> int:
    result = db.session.execute(delete(Draft).where(Draft.expires_at < utcnow()))
    db.session.commit()
    return result.rowcount
