"""dossier event data: what the software knows of an event, typed, filled from today's sentences

Revision ID: tests11_1
Revises: access_1
Create Date: 2026-11-30 10:50:00

Readers render the history from `data` by kind and never parse `reason` again; this migration is the one
place that reads the sentences the software used to write, once, to fill `data` for the events already kept.
"""
import re
from datetime import datetime

from alembic import op
import sqlalchemy as sa


revision = 'tests11_1'
down_revision = 'kioskmode_1'
branch_labels = None
depends_on = None


def _returned(reason):
    found = re.fullmatch(r"(on time|late); collected by (applicant|authorised): (.*) \(ID …(\w{0,4})\)", reason,
                         re.S)
    return found and {"on_time": found[1] == "on time",
                      "collector": {"kind": found[2], "name": found[3], "id_last4": found[4]}}


def _supplement(reason):
    # The officer's note, then " — by 30/11/2026" (or "— trước ngày 30/11/2026") when a deadline was typed.
    found = re.fullmatch(r"(.*) — \S+(?: \S+)? (\d{1,2})/(\d{1,2})/(\d{4})", reason, re.S)
    if not found:
        return {"items": reason, "deadline": None}
    try:
        deadline = datetime(int(found[4]), int(found[3]), int(found[2])).date().isoformat()
    except ValueError:
        return {"items": reason, "deadline": None}
    return {"items": found[1], "deadline": deadline}


def _apology(reason):
    found = re.fullmatch(r"(\d{4}-\d{2}-\d{2}): (.*)", reason, re.S)
    return found and {"new_date": found[1], "reason": found[2]}


def _number(pattern, key):
    def read(reason):
        found = re.fullmatch(pattern, reason)
        return found and {key: int(found[1])}
    return read


def _fee_paid(reason):
    found = re.fullmatch(r"(.+): (\d+) đ \((cash|transfer)\)", reason)
    return found and {"receipt_no": found[1], "amount": int(found[2]), "method": found[3]}


READERS = {
    "returned": _returned,
    "supplement_requested": _supplement,
    "apology_issued": _apology,
    "receipt_reprinted": _number(r"copy (\d+)", "copy"),
    "document_attached": _number(r"document (\d+)", "document"),
    "document_viewed": _number(r"scan (\d+)", "scan"),
    "fee_paid": _fee_paid,
    "fee_receipt_printed": lambda reason: {"receipt_no": reason},
}

events = sa.table('dossier_events', sa.column('id', sa.Integer), sa.column('kind', sa.String),
                  sa.column('reason', sa.String), sa.column('data', sa.JSON))


def upgrade():
    with op.batch_alter_table('dossier_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('data', sa.JSON(), nullable=True))
    connection = op.get_bind()
    rows = connection.execute(sa.select(events.c.id, events.c.kind, events.c.reason).where(
        events.c.kind.in_(list(READERS)), events.c.reason.is_not(None))).all()
    for event_id, kind, reason in rows:
        data = READERS[kind](reason)
        if data:  # a sentence the software did not write (typed at the centre, say) stays as it was
            connection.execute(events.update().where(events.c.id == event_id).values(data=data))


def downgrade():
    with op.batch_alter_table('dossier_events', schema=None) as batch_op:
        batch_op.drop_column('data')
