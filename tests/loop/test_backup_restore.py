"""Backups brought back, on a terminal (SQLite) and at the centre (PostgreSQL), over real HTTP: a restored
terminal never issues a code twice, a restored centre gets back what it lost, every dossier arrives once."""
import stat
import tarfile

from sqlalchemy import func, inspect, select, text

from kiosk.dossiers.models import Dossier
from kiosk.extensions import db
from kiosk.maintenance import backup, restore
from kiosk.sync import worker
from tests.loop.test_sync import file_dossiers
from tests.support import BIRTH, answer, csrf_token, start, submit


def central_codes(central_app):
    with central_app.app_context():
        return list(db.session.scalars(select(Dossier.code)))


def sync(app):
    with app.app_context():
        return worker.sync_once()


def bring_back(app, archive):
    manifest = backup.restore_backup(app, archive)
    return restore.mark_restored(app, manifest)


def _try_filing(app):
    client = app.test_client()
    start(client)
    for step_id, values in BIRTH.items():
        answer(client, step_id, values)
    response, _data = submit(client)
    return response


def test_a_restored_terminal_never_issues_a_code_twice(terminal_app, central_app, tmp_path):
    before = file_dossiers(terminal_app, 1)
    sync(terminal_app)
    archive = backup.make_backup(terminal_app, tmp_path / "backups")
    lost = file_dossiers(terminal_app, 3)  # filed, sent to the centre, then the terminal's disk is replaced
    sync(terminal_app)

    assert "filing paused" in bring_back(terminal_app, archive)
    with terminal_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Dossier)) == 1  # the backup's state
        assert restore.is_restored()
    assert _try_filing(terminal_app).status_code == 503  # until the centre has answered
    with terminal_app.app_context():  # what `kiosk restore` and the serving process's thread do
        assert restore.check_with_centre(terminal_app.config)["sequences"]
        assert not restore.is_restored()
    again = file_dossiers(terminal_app, 2)

    issued = before + lost + again
    assert len(set(issued)) == len(issued) == 6, issued
    assert again[0].split("-")[3] == "0005"  # continues after the centre's highest, 0004
    sync(terminal_app)
    held = central_codes(central_app)
    assert sorted(held) == sorted(issued)  # every dossier reached the centre, once


def test_a_restored_terminal_offline_refuses_to_file_until_a_guide_confirms(terminal_app, central, tmp_path,
                                                                           guide_on_terminal):
    file_dossiers(terminal_app, 1)
    archive = backup.make_backup(terminal_app, tmp_path / "backups")
    file_dossiers(terminal_app, 2)
    bring_back(terminal_app, archive)
    central.stop()

    client = terminal_app.test_client()
    start(client)
    for step_id, values in BIRTH.items():
        answer(client, step_id, values)
    response, data = submit(client)
    page = response.get_data(as_text=True)
    assert response.status_code == 503 and "hướng dẫn" in page  # "ask the guide", in Vietnamese
    with terminal_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Dossier)) == 1  # no code was issued

    guide = guide_on_terminal
    assert "Tạm dừng nộp hồ sơ sau khi khôi phục" in guide.get("/staff/").get_data(as_text=True)
    page = guide.get("/staff/restart-point").get_data(as_text=True)
    assert "vừa được khôi phục từ bản sao lưu" in page and "số 0001" in page  # the backup's last code
    token = csrf_token(guide, "/staff/restart-point")
    refused = guide.post("/staff/restart-point", data={"csrf_token": token, "after": "50"})  # not confirmed
    assert refused.status_code == 200
    with terminal_app.app_context():
        assert restore.is_restored()
    opened = guide.post("/staff/restart-point", data={"csrf_token": token, "after": "50", "confirm": "y"})
    assert opened.status_code == 302  # the guide's receipts since the backup stop well below 50
    with terminal_app.app_context():
        assert not restore.is_restored()
    response = client.post("/apply/submit", data=data)
    assert response.status_code == 302
    assert response.headers["Location"].split("/")[2].split("-")[3] == "0051"


def test_a_dossier_filed_between_backup_and_restore_reaches_the_restored_centre(terminal_app, central_app, tmp_path):
    kept = file_dossiers(terminal_app, 1)
    sync(terminal_app)
    with terminal_app.app_context():
        restore.check_with_centre(terminal_app.config)  # the terminal knows the centre's epoch
    archive = backup.make_backup(central_app, tmp_path / "centre-backups")
    assert archive.name.startswith("kiosk-central-")
    with tarfile.open(archive) as contents:
        assert "centre.dump" in contents.getnames()
    later = file_dossiers(terminal_app, 2)
    sync(terminal_app)
    assert sorted(central_codes(central_app)) == sorted(kept + later)

    with central_app.app_context():
        db.session.execute(text("CREATE TABLE made_by_a_newer_version (id integer)"))  # after the backup
        db.session.commit()
        db.session.remove()
    assert "epoch" in bring_back(central_app, archive)
    with central_app.app_context():
        assert "made_by_a_newer_version" not in inspect(db.engine).get_table_names()
    assert central_codes(central_app) == kept  # the centre lost what came after its backup

    with terminal_app.app_context():
        assert restore.check_with_centre(terminal_app.config)["resent"] == 3
    sync(terminal_app)
    assert sorted(central_codes(central_app)) == sorted(kept + later)  # each once
    with terminal_app.app_context():
        assert restore.check_with_centre(terminal_app.config)["resent"] == 0  # the epoch is known now


def test_backups_are_consistent_private_checked_and_rotated(app, tmp_path):
    from kiosk.maintenance.backup import check_sqlite, list_backups, make_backup

    file_dossiers(app, 5)  # in SQLite's WAL, not yet in the main file: a plain copy would miss them
    folder = tmp_path / "backups"
    archives = [make_backup(app, folder, keep=2) for _ in range(3)]
    assert list_backups(folder) == archives[1:]
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(archives[-1].stat().st_mode) == 0o600
    with tarfile.open(archives[-1]) as contents:
        contents.extract("kiosk.db", tmp_path / "out", filter="data")
    check_sqlite(tmp_path / "out" / "kiosk.db")
    import sqlite3

    with sqlite3.connect(tmp_path / "out" / "kiosk.db") as copy:
        assert copy.execute("SELECT count(*) FROM dossiers").fetchone() == (5,)
