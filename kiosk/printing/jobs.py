"""Where a slip goes: to the terminal's printer when one is configured (KIOSK_PRINTER), else onto the
screen, inside the app's own page. The browser follows a job by a signed token, so it cannot ask
about another queue's jobs, and the server keeps no table of jobs.
"""
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from . import cups

PRINTING, PRINTED, PROBLEM = "printing", "printed", "problem"


def paper() -> str:
    """The paper every slip is laid out for (checked at start by kiosk/config.py)."""
    return current_app.config["RECEIPT_PAPER"]


def has_printer() -> bool:
    return bool(current_app.config.get("PRINTER"))


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="print-job")


def send(pdf: bytes, title: str) -> str:
    """Print on the terminal's printer; a token for `state_of` (a refused job is a problem at once)."""
    try:
        job = cups.submit(pdf, current_app.config["PRINTER"], paper(), title)
    except cups.PrintFailed as failed:
        current_app.logger.warning("printing %s failed: %s", title, failed)
        return _serializer().dumps([current_app.config["PRINTER"], 0])
    return _serializer().dumps([job.queue, job.number])


def state_of(token: str | None) -> str | None:
    """'printing', 'printed' or 'problem'; None for no job or a token this server did not make."""
    if not token:
        return None
    try:
        queue, number = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not number:
        return PROBLEM
    return cups.state(cups.Job(str(queue), int(number)))
