"""A full disk or a read-only database while a resident submits: a clear answer, nothing half-written, the
answers kept, and the fault on the guide's dashboard.

The faults are real: the terminal's SQLite file lives on a small tmpfs of its own, which is filled up (the
kernel answers ENOSPC) or remounted read-only (EROFS, what ext4 does after an I/O error). The tests run as
root, which ignores file permissions, so a chmod'ed file would not be read-only; a read-only mount is, even
for root."""
import contextlib
import errno
import os
import re
import subprocess

import pytest
from sqlalchemy import func, select

from kiosk.auth.services import create_user
from kiosk.dossiers.models import Dossier
from kiosk.extensions import db
from kiosk.notify.models import TextMessage
from kiosk.storage import faults
from kiosk.sync.models import OutboxMessage
from kiosk.visits.models import Visit
from tests.support import IN_CI, csrf_token, fill_birth, make_app, sign_in


@pytest.fixture
def small_disk(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode != 0:
        if IN_CI:
            pytest.fail(f"cannot mount a small tmpfs for the storage-fault tests: {mounted.stderr!r}")
        pytest.skip("a tmpfs cannot be mounted here (needs root)")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=False)


@pytest.fixture
def terminal(tmp_path, small_disk, monkeypatch):
    monkeypatch.setattr(faults, "MIN_FREE_BYTES", 1024 * 1024)  # scaled to the 8 MB disk
    app = make_app(tmp_path, ROLE="terminal", CENTRAL_URL="http://127.0.0.1:9", TERMINAL_KEY="k",
                   SQLALCHEMY_DATABASE_URI=f"sqlite:///{small_disk / 'kiosk.db'}")
    with app.app_context():
        db.create_all()
        create_user("lan", "correct horse battery", "Trần Thị Lan")
    yield app
    with app.app_context():
        db.engine.dispose()


def fill_disk(disk):
    with open(disk / "filler", "wb") as filler, contextlib.suppress(OSError):
        while True:
            filler.write(b"\0" * 65536)
            filler.flush()
            os.fsync(filler.fileno())


def ready_to_submit(client):
    """A resident at the check page, answers given; the submit form as the browser would send it."""
    html = fill_birth(client).get_data(as_text=True)
    key = re.search(r'name="submission_key" value="([^"]+)"', html).group(1)
    return {"csrf_token": csrf_token(client, "/apply/check"), "submission_key": key, "declaration": "yes"}


def assert_nothing_half_written(app, answered_name="Nguyễn Thị Hồng Nhung"):
    with app.app_context():
        for model in (Dossier, OutboxMessage, TextMessage):
            assert db.session.scalar(select(func.count()).select_from(model)) == 0, model
        [visit] = db.session.scalars(select(Visit)).all()
        assert visit.answers["child_full_name"] == answered_name and visit.dossier_id is None  # kept, unfiled


def assert_told_not_submitted(response):
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Hồ sơ chưa được nộp" in page and "cán bộ hướng dẫn" in page  # what happened, and whom to ask
    assert "Nguyễn Thị Hồng Nhung" in page  # the answers are still on the page
    assert "Internal Server Error" not in page


def test_a_full_disk_while_submitting(terminal, small_disk):
    guide = terminal.test_client()
    sign_in(guide)
    resident = terminal.test_client()
    form = ready_to_submit(resident)
    fill_disk(small_disk)
    with pytest.raises(OSError) as full:
        (small_disk / "probe").write_bytes(b"x" * 65536)
    assert full.value.errno == errno.ENOSPC  # the disk really is full

    response = resident.post("/apply/submit", data=form)
    assert_told_not_submitted(response)
    assert_nothing_half_written(terminal)
    dashboard = guide.get("/staff/").get_data(as_text=True)
    assert 'id="storage-fault"' in dashboard and "Ổ đĩa sắp đầy" in dashboard  # the guide sees why

    (small_disk / "filler").unlink()  # the technician frees space: the same answers are filed, once
    assert resident.post("/apply/submit", data=form).status_code == 302
    with terminal.app_context():
        assert db.session.scalar(select(func.count()).select_from(Dossier)) == 1
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1


def test_a_read_only_disk_while_submitting(terminal, small_disk):
    """The disk remounted read-only: SQLite in WAL mode cannot even open the file, so every page answers
    with the fault, the guide's sign-in page shows it, and after the fix the same answers are filed."""
    guide = terminal.test_client()
    sign_in(guide)
    assert 'id="storage-fault"' not in guide.get("/staff/").get_data(as_text=True)  # healthy: no banner
    resident = terminal.test_client()
    form = ready_to_submit(resident)
    with terminal.app_context():
        db.engine.dispose()  # a filesystem with files open for writing cannot be remounted read-only
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)

    response = resident.post("/apply/submit", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Hồ sơ chưa được nộp" in page and "cán bộ hướng dẫn" in page and "không bị mất" in page
    dashboard = guide.get("/staff/", follow_redirects=True)
    assert dashboard.status_code == 200
    assert 'id="storage-fault"' in dashboard.get_data(as_text=True)
    assert "chỉ đọc" in dashboard.get_data(as_text=True)  # "read-only", found by asking the database itself

    with terminal.app_context():
        db.engine.dispose()
    subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    assert_nothing_half_written(terminal)
    assert resident.post("/apply/submit", data=form).status_code == 302
    with terminal.app_context():
        assert db.session.scalar(select(func.count()).select_from(Dossier)) == 1


def test_a_database_opened_read_only_is_reported_by_asking_it(tmp_path):
    """The health check asks SQLite for its write lock (it writes nothing): a database file that opens but
    refuses writes (here SQLite's own read-only open) is named as read-only, a writable one is not."""
    writable = make_app(tmp_path)
    with writable.app_context():
        db.create_all()
        assert faults.problems() == []
    read_only = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///file:{tmp_path / 'kiosk.db'}?mode=ro&uri=true")
    with read_only.test_request_context():
        assert any("chỉ đọc" in problem for problem in faults.problems())  # read-only
        db.engine.dispose()
    with writable.app_context():
        db.engine.dispose()


def test_a_read_only_postgresql_is_a_storage_fault_and_reported(tmp_path):
    """The centre's side: PostgreSQL refusing writes (a standby, or default_transaction_read_only) is a
    storage fault, named as read-only by the health check; a database that takes writes is not."""
    import sqlalchemy as sa

    from tests.support import postgres_url

    url = sa.engine.make_url(postgres_url())
    read_only_url = url.set(database=f"{url.database}_readonly")
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{read_only_url.database}"'))
        connection.execute(sa.text(f'CREATE DATABASE "{read_only_url.database}"'))
        connection.execute(sa.text(f'ALTER DATABASE "{read_only_url.database}" SET default_transaction_read_only = on'))
    try:
        app = make_app(tmp_path, ROLE="central", SQLALCHEMY_DATABASE_URI=read_only_url.render_as_string(False))
        with app.test_request_context():
            assert any("chỉ đọc" in problem for problem in faults.problems())
            with pytest.raises(sa.exc.DBAPIError) as refused:
                db.session.execute(sa.text("CREATE TABLE probe (id int)"))
            assert faults.is_storage_fault(refused.value)
            db.session.rollback()
            db.engine.dispose()
        writable = make_app(tmp_path, ROLE="central", SQLALCHEMY_DATABASE_URI=url.render_as_string(False))
        with writable.test_request_context():
            assert faults.problems() == []
            with pytest.raises(sa.exc.DBAPIError) as bug:
                db.session.execute(sa.text("SELECT * FROM no_such_table"))
            assert not faults.is_storage_fault(bug.value)  # a bug stays a bug (the usual 500)
            db.session.rollback()
            db.engine.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{read_only_url.database}"'))
        admin.dispose()
