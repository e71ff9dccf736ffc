"""`kiosk upgrade` on a terminal made by the oldest migration and holding dossiers: a backup first, then
the newest schema, with every dossier, event, sequence and account kept and readable through the models."""
import sqlite3
import tarfile
from datetime import date

import sqlalchemy as sa
from click.testing import CliRunner
from flask_migrate import upgrade

from kiosk.auth.models import StaffUser
from kiosk.cli import main
from kiosk.database import migrations
from kiosk.dossiers.models import CodeSequence, Dossier
from kiosk.extensions import db
from tests.support import make_app


def _oldest_terminal(tmp_path):
    instance = tmp_path / "instance"
    app = migrations(make_app(tmp_path, INSTANCE_PATH=str(instance),
                              SQLALCHEMY_DATABASE_URI=f"sqlite:///{instance / 'kiosk.db'}"))
    with app.app_context():
        upgrade(revision="0001")
        db.engine.dispose()
    with sqlite3.connect(instance / "kiosk.db") as connection:  # 0001's schema, in plain SQL
        connection.execute("INSERT INTO staff_users (id, username, full_name, role, password_hash, active, created_at)"
                           " VALUES (1, 'lan', 'Trần Thị Lan', 'guide', 'x', 1, '2026-11-01 01:00:00')")
        for number in (1, 2, 3):
            connection.execute(
                "INSERT INTO dossiers (id, code, submission_key, procedure_code, ward_code, terminal_no, status,"
                " channel, guide_id, applicant_name, phone_last4, answers, fee, locale, submitted_at, due_on,"
                " receipt_copies) VALUES (?, ?, ?, 'khai-sinh', '09556', 1, 'received', 'assisted', 1,"
                " 'Trần Thị Mai', '5678', '{\"child_full_name\": \"Nguyễn Thị Hồng Nhung\"}', 0, 'vi',"
                " '2026-11-02 03:00:00', '2026-11-03', 1)",
                (number, f"09556-01-261102-000{number}-X", f"k{number}"))
            connection.execute("INSERT INTO dossier_events (dossier_id, at, kind, actor, from_status, to_status)"
                               " VALUES (?, '2026-11-02 03:00:00', 'submitted', 'resident', NULL, 'submitted')",
                               (number,))
            connection.execute("INSERT INTO dossier_events (dossier_id, at, kind, actor, from_status, to_status)"
                               " VALUES (?, '2026-11-02 04:00:00', 'received', 'guide:lan', 'submitted', 'received')",
                               (number,))
        connection.execute("INSERT INTO code_sequences (ward_code, terminal_no, day, last)"
                           " VALUES ('09556', 1, '2026-11-02', 3)")
    connection.close()
    return instance


def test_upgrade_takes_a_backup_then_keeps_everything(tmp_path, monkeypatch):
    instance = _oldest_terminal(tmp_path)
    for name, value in {"CONFIG": "testing", "INSTANCE_PATH": str(instance),
                        "DATABASE_URL": f"sqlite:///{instance / 'kiosk.db'}"}.items():
        monkeypatch.setenv(f"KIOSK_{name}", value)

    result = CliRunner().invoke(main, ["upgrade"])
    assert result.exit_code == 0, result.output
    assert "backup taken first" in result.output and "newest migration" in result.output
    [archive] = (instance / "backups").glob("kiosk-*.tar.gz")
    with tarfile.open(archive) as contents:
        contents.extract("kiosk.db", tmp_path / "before", filter="data")
    with sqlite3.connect(tmp_path / "before" / "kiosk.db") as before:  # the backup holds the old database
        assert before.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)

    app = make_app(tmp_path, INSTANCE_PATH=str(instance), SQLALCHEMY_DATABASE_URI=f"sqlite:///{instance / 'kiosk.db'}")
    with app.app_context():
        dossiers = db.session.scalars(sa.select(Dossier).order_by(Dossier.id)).all()
        assert [d.code for d in dossiers] == [f"09556-01-261102-000{n}-X" for n in (1, 2, 3)]
        first = dossiers[0]
        assert first.answers == {"child_full_name": "Nguyễn Thị Hồng Nhung"} and first.applicant_name == "Trần Thị Mai"
        assert first.status == "received" and first.agency_code == "09556" and first.guide.username == "lan"
        assert [(e.kind, e.actor) for e in first.events] == [("submitted", "resident"), ("received", "guide:lan")]
        assert db.session.scalar(sa.select(CodeSequence.last).where(CodeSequence.day == date(2026, 11, 2))) == 3
        assert db.session.get(StaffUser, 1).full_name == "Trần Thị Lan"

    assert CliRunner().invoke(main, ["upgrade"]).exit_code == 0  # a second run changes nothing
