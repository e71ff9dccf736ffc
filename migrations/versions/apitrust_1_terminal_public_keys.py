"""terminals: the centre keeps each terminal's Ed25519 public key instead of its HMAC key

Revision ID: apitrust_1
Revises: 0009
Create Date: 2026-11-30 10:00:00

The stored HMAC key (SHA-256 of the printed key) is the seed of the terminal's new Ed25519 key, so each
stored key becomes the public key of the same terminal: terminals keep their printed key and go on
working, and the database no longer holds anything that signs. Downgrading cannot bring the secrets back:
every terminal must then be given a new key.
"""
import secrets

import sqlalchemy as sa
from alembic import op
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

# revision identifiers, used by Alembic.
revision = 'apitrust_1'
down_revision = 'access_1'
branch_labels = None
depends_on = None


def _public_key(hmac_key: str) -> str:
    try:
        seed = bytes.fromhex(hmac_key)
        private = Ed25519PrivateKey.from_private_bytes(seed)
    except ValueError:  # not a key this software made: nobody can sign for it (re-key the terminal)
        private = Ed25519PrivateKey.generate()
    return private.public_key().public_bytes_raw().hex()


def upgrade():
    with op.batch_alter_table('registered_terminals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public_key', sa.String(length=64), nullable=True))
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, signing_key FROM registered_terminals")).all()
    for terminal_id, hmac_key in rows:
        connection.execute(sa.text("UPDATE registered_terminals SET public_key = :key WHERE id = :id"),
                           {"key": _public_key(hmac_key), "id": terminal_id})
    with op.batch_alter_table('registered_terminals', schema=None) as batch_op:
        batch_op.alter_column('public_key', existing_type=sa.String(length=64), nullable=False)
        batch_op.drop_column('signing_key')


def downgrade():
    with op.batch_alter_table('registered_terminals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('signing_key', sa.String(length=64), nullable=True))
    connection = op.get_bind()
    for (terminal_id,) in connection.execute(sa.text("SELECT id FROM registered_terminals")).all():
        connection.execute(sa.text("UPDATE registered_terminals SET signing_key = :key WHERE id = :id"),
                           {"key": secrets.token_hex(32), "id": terminal_id})  # a key no terminal holds
    with op.batch_alter_table('registered_terminals', schema=None) as batch_op:
        batch_op.alter_column('signing_key', existing_type=sa.String(length=64), nullable=False)
        batch_op.drop_column('public_key')
