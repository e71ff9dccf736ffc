"""staff ward: the ward a guide or supervisor works for, so the centre can scope them too

Revision ID: access_1
Revises: 0009
Create Date: 2026-11-30 09:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'access_1'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ward_code', sa.String(length=16), nullable=True))


def downgrade():
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.drop_column('ward_code')
