"""stored files and installation secrets: the centre's files and its own key live in its database

Revision ID: storage_1
Revises: staff15_1
Create Date: 2026-11-30 13:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'storage_1'
down_revision = 'staff15_1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('stored_files',
    sa.Column('area', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=128), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('stored_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('area', 'name', name=op.f('pk_stored_files'))
    )
    op.create_table('installation_secrets',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('value', sa.String(length=128), nullable=False),
    sa.Column('made_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_installation_secrets'))
    )


def downgrade():
    op.drop_table('installation_secrets')
    op.drop_table('stored_files')
