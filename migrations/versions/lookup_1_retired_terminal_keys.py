"""retired terminal keys: a re-keyed terminal's former public key keeps verifying the receipts it signed

Revision ID: lookup_1
Revises: storage_1
Create Date: 2026-11-30 13:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'lookup_1'
down_revision = 'storage_1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('retired_terminal_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('terminal_id', sa.String(length=32), nullable=False),
    sa.Column('public_key', sa.String(length=64), nullable=False),
    sa.Column('retired_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['terminal_id'], ['registered_terminals.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('retired_terminal_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_retired_terminal_keys_terminal_id'), ['terminal_id'], unique=False)


def downgrade():
    with op.batch_alter_table('retired_terminal_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_retired_terminal_keys_terminal_id'))
    op.drop_table('retired_terminal_keys')
