"""terminal reports: what each terminal last told the centre of its health

Revision ID: operate_1
Revises: 0009
Create Date: 2026-11-30 09:52:00

"""
import sqlalchemy as sa
from alembic import op

revision = "operate_1"
down_revision = "sync_1"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "terminal_reports",
        sa.Column("terminal_id", sa.String(length=32), nullable=False),
        sa.Column("version", sa.String(length=32), nullable=True),
        sa.Column("outbox_depth", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.Column("clock_skew_s", sa.Integer(), nullable=False),
        sa.Column("reported_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("terminal_id"),
    )


def downgrade():
    op.drop_table("terminal_reports")
