"""sync link (per-link back-off, refusals, clock difference, held feed entry) and the centre's feed holds

Revision ID: sync_1
Revises: 0009
Create Date: 2026-11-30 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'sync_1'
down_revision = 'package_1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sync_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=True),
    sa.Column('last_success_at', sa.DateTime(), nullable=True),
    sa.Column('unreachable_since', sa.DateTime(), nullable=True),
    sa.Column('unreachable_detail', sa.String(length=300), nullable=True),
    sa.Column('refusal', sa.String(length=16), nullable=True),
    sa.Column('refusal_detail', sa.String(length=300), nullable=True),
    sa.Column('refused_since', sa.DateTime(), nullable=True),
    sa.Column('clock_offset_s', sa.Float(), nullable=True),
    sa.Column('feed_held_entry', sa.Integer(), nullable=True),
    sa.Column('feed_held_code', sa.String(length=32), nullable=True),
    sa.Column('feed_held_reason', sa.String(length=300), nullable=True),
    sa.Column('feed_held_since', sa.DateTime(), nullable=True),
    sa.Column('feed_held_reported', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_link'))
    )
    op.create_table('feed_holds',
    sa.Column('terminal_id', sa.String(length=32), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('dossier_code', sa.String(length=32), nullable=True),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.Column('reported_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['terminal_id'], ['registered_terminals.id'], name=op.f('fk_feed_holds_terminal_id_registered_terminals')),
    sa.PrimaryKeyConstraint('terminal_id', name=op.f('pk_feed_holds'))
    )
    # Messages refused before this version were never retried: offer them again now (the worker holds
    # back anew whatever the centre still refuses).
    op.execute("UPDATE outbox_messages SET next_attempt_at = NULL WHERE sent_at IS NULL")


def downgrade():
    op.drop_table('feed_holds')
    op.drop_table('sync_link')
