"""The `database` store: each file a row of `stored_files`, written in the transaction of the row naming
it, so commit and rollback need nothing more, and every centre machine reads the same files."""
from sqlalchemy import delete, select

from kiosk.extensions import db

from . import check_name
from .models import StoredFile


class DatabaseStore:
    def __init__(self, area: str):
        self.area = area

    def read(self, name: str) -> bytes | None:
        return db.session.scalar(select(StoredFile.data).where(StoredFile.area == self.area,
                                                               StoredFile.name == check_name(name)))

    def put(self, session, name: str, data: bytes) -> None:
        session.merge(StoredFile(area=self.area, name=check_name(name), size=len(data), data=data))

    def remove(self, session, name: str) -> None:
        session.execute(delete(StoredFile).where(StoredFile.area == self.area, StoredFile.name == check_name(name)))

    def names(self) -> set[str]:
        return set(db.session.scalars(select(StoredFile.name).where(StoredFile.area == self.area)))

    def stale_temporaries(self) -> set[str]:
        return set()  # a rolled-back row leaves nothing

    def delete_now(self, name: str) -> None:
        db.session.execute(delete(StoredFile).where(StoredFile.area == self.area, StoredFile.name == name))
        db.session.commit()
