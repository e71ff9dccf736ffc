"""voided fee receipts: a supervisor voids a receipt with a reason; the record stays

Revision ID: staff15_1
Revises: access_1
Create Date: 2026-11-30 10:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'staff15_1'
down_revision = 'tests11_1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('voided_fee_receipts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('receipt_no', sa.String(length=32), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('received_by', sa.String(length=100), nullable=False),
    sa.Column('paid_at', sa.DateTime(), nullable=False),
    sa.Column('voided_by', sa.String(length=100), nullable=False),
    sa.Column('voided_at', sa.DateTime(), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('receipt_no')
    )
    with op.batch_alter_table('voided_fee_receipts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_voided_fee_receipts_dossier_id'), ['dossier_id'], unique=False)


def downgrade():
    with op.batch_alter_table('voided_fee_receipts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_voided_fee_receipts_dossier_id'))
    op.drop_table('voided_fee_receipts')
