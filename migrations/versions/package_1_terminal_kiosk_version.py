"""the kiosk version each terminal reports to the centre

Revision ID: package_1
Revises: 0009
Create Date: 2026-11-30 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'package_1'
down_revision = 'apitrust_2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('registered_terminals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kiosk_version', sa.String(length=32), nullable=True))


def downgrade():
    with op.batch_alter_table('registered_terminals', schema=None) as batch_op:
        batch_op.drop_column('kiosk_version')
