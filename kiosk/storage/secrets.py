"""A random secret the whole installation shares: kept in the database, so every centre machine has the same
one (a file in each machine's instance folder would give each machine its own key)."""
import secrets

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from kiosk.core.clock import utcnow
from kiosk.extensions import db

from .models import InstallationSecret


def shared_secret(name: str, first: bytes | None = None, size: int = 32) -> bytes:
    """The secret `name`, made on first use (from `first` when given: an older file-kept key carries over).
    Written and read on a connection of its own and committed at once: the request's transaction may roll
    back, the secret must not. Machines starting at once agree: the first insert wins, the others read it."""
    query = select(InstallationSecret.value).where(InstallationSecret.name == name)
    with db.engine.connect() as connection:
        value = connection.scalar(query)
    if value is None:
        try:
            with db.engine.begin() as connection:
                connection.execute(insert(InstallationSecret).values(
                    name=name, value=(first or secrets.token_bytes(size)).hex(), made_at=utcnow()))
        except IntegrityError:
            pass  # another machine made it first: use theirs
        with db.engine.connect() as connection:
            value = connection.scalar(query)
    return bytes.fromhex(value)
