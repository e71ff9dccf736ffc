"""the centre's working-day overrides travel to every terminal in its feed (kind `calendar`)

Revision ID: calendar_1
Revises: lookup_1
Create Date: 2026-11-30 13:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'calendar_1'
down_revision = 'lookup_1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('feed_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('data', sa.JSON(), nullable=True))
        batch_op.alter_column('dossier_code', existing_type=sa.String(length=32), nullable=True)
        batch_op.alter_column('to_status', existing_type=sa.String(length=32), nullable=True)


def downgrade():
    op.execute("DELETE FROM feed_entries WHERE kind = 'calendar'")
    with op.batch_alter_table('feed_entries', schema=None) as batch_op:
        batch_op.alter_column('to_status', existing_type=sa.String(length=32), nullable=False)
        batch_op.alter_column('dossier_code', existing_type=sa.String(length=32), nullable=False)
        batch_op.drop_column('data')
