"""the print job of a visit's receipt

Revision ID: kioskmode_1
Revises: 0009
Create Date: 2026-11-30 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'kioskmode_1'
down_revision = 'operate_1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.add_column(sa.Column('receipt_job', sa.String(length=200), nullable=True))


def downgrade():
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.drop_column('receipt_job')
