"""terminals: a history of who added, revoked, restored or re-keyed each terminal

Revision ID: apitrust_2
Revises: apitrust_1
Create Date: 2026-11-30 10:05:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'apitrust_2'
down_revision = 'apitrust_1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('terminal_audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('terminal_id', sa.String(length=32), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['terminal_id'], ['registered_terminals.id'],
                            name=op.f('fk_terminal_audit_events_terminal_id_registered_terminals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_terminal_audit_events'))
    )
    with op.batch_alter_table('terminal_audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_terminal_audit_events_terminal_id'), ['terminal_id'], unique=False)


def downgrade():
    with op.batch_alter_table('terminal_audit_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_terminal_audit_events_terminal_id'))
    op.drop_table('terminal_audit_events')
