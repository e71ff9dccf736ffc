"""The file stores (folder, database): a file follows its row's transaction, `kiosk storage check` finds what
disagrees, the setting is checked at start, and the centre's machines share one installation key."""
import io

import pytest
from click.testing import CliRunner
from PIL import Image
from sqlalchemy import delete, func, select

from kiosk.cli import main
from kiosk.config import UnsafeConfig
from kiosk.documents import services as documents
from kiosk.documents.models import DossierDocument
from kiosk.dossiers.services import find_by_code
from kiosk.extensions import db
from kiosk.storage import store
from kiosk.storage.models import InstallationSecret, StoredFile
from tests.support import fill_birth, make_app, move_clock, ready_app, submit

STORES = ("folder", "database")


def photo(colour=(200, 180, 160)):
    out = io.BytesIO()
    Image.new("RGB", (320, 240), colour).save(out, "PNG")
    return out.getvalue()


@pytest.fixture(params=STORES)
def kind(request):
    return request.param


@pytest.fixture
def app(tmp_path, kind):
    with ready_app(tmp_path, FILE_STORE=kind) as app:
        yield app


@pytest.fixture
def code(app):
    client = app.test_client()
    fill_birth(client)
    response, _ = submit(client)
    return response.headers["Location"].split("/")[2]


def kept(app):
    """Every file the store holds (a folder's temporaries included) and the number of document rows."""
    with app.app_context():
        files = store("documents")
        names = files.names()
        if hasattr(files, "folder") and files.folder.is_dir():
            names |= {path.name for path in files.folder.glob(".*")}
        return sorted(names), db.session.scalar(select(func.count()).select_from(DossierDocument))


def test_a_committed_attach_keeps_its_file_and_a_rolled_back_one_leaves_none(app, code, kind):
    with app.app_context():
        document = documents.attach(find_by_code(code), 0, photo(), "guide:lan")
        name, content = document.stored_name, documents.content_of(document)
    assert content[:2] == b"\xff\xd8"  # the cleaned JPEG, read back through the store
    assert kept(app) == ([name], 1)

    with app.app_context():
        second = documents.attach(find_by_code(code), 1, photo((1, 2, 3)), "guide:lan", commit=False)
        if kind == "folder":  # nothing under its name before the commit: a crash now leaves only a temporary
            assert not (store("documents").folder / second.stored_name).exists()
        db.session.rollback()
    assert kept(app) == ([name], 1)  # the second scan left nothing: no file, no temporary, no blob

    with app.app_context():
        document = db.session.scalar(select(DossierDocument))
        documents.remove(document)
        db.session.rollback()
        assert documents.content_of(db.session.scalar(select(DossierDocument))) == content  # not removed: rolled back
        documents.remove(db.session.scalar(select(DossierDocument)))
        db.session.commit()
    assert kept(app) == ([], 0)


def test_a_database_store_keeps_files_in_the_database_and_nothing_on_disk(tmp_path):
    app = make_app(tmp_path, FILE_STORE="database")
    with app.app_context():
        db.create_all()
    client = app.test_client()
    fill_birth(client)
    response, _ = submit(client)
    with app.app_context():
        document = documents.attach(find_by_code(response.headers["Location"].split("/")[2]), 0, photo(), "guide:lan")
        blob = db.session.get(StoredFile, ("documents", document.stored_name))
        assert blob.size == document.size and blob.data[:2] == b"\xff\xd8"
    assert not (tmp_path / "instance" / "documents").exists()


def run_check(monkeypatch, app, *args):
    monkeypatch.setenv("KIOSK_CONFIG", "testing")
    monkeypatch.setenv("KIOSK_INSTANCE_PATH", app.instance_path)
    monkeypatch.setenv("KIOSK_DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    monkeypatch.setenv("KIOSK_FILE_STORE", app.config["FILE_STORE"])
    return CliRunner().invoke(main, ["storage", "check", *args])


def test_check_finds_files_without_rows_and_rows_without_files(app, code, kind, monkeypatch):
    with app.app_context():
        good = documents.attach(find_by_code(code), 0, photo(), "guide:lan").stored_name
        lost = documents.attach(find_by_code(code), 1, photo((9, 9, 9)), "guide:lan").stored_name
        store("documents").delete_now(lost)  # its file gone: the row stays
        store("documents").put(db.session(), "f" * 48 + ".jpg", b"left behind")  # a file no row names
        db.session.commit()

    result = run_check(monkeypatch, app)
    assert result.exit_code == 1, result.output
    assert f"file without a row: {'f' * 48}.jpg" in result.output
    assert f"row without a file: {lost} (dossier {code}, document 2)" in result.output
    assert good not in result.output

    result = run_check(monkeypatch, app, "--delete-orphans")
    assert result.exit_code == 1  # the row without its file is still there to look into
    assert "(deleted)" in result.output
    with app.app_context():
        assert store("documents").names() == {good}
        db.session.execute(delete(DossierDocument).where(DossierDocument.stored_name == lost))
        db.session.commit()

    result = run_check(monkeypatch, app)
    assert result.exit_code == 0, result.output
    assert "every file has its row" in result.output and "without" not in result.output


def test_check_counts_a_temporary_left_by_a_crash_only_once_it_is_stale(tmp_path, monkeypatch, time_machine):
    app = make_app(tmp_path, FILE_STORE="folder")
    with app.app_context():
        db.create_all()
        store("documents").put(db.session(), "a" * 48 + ".jpg", b"mid-request")  # never committed nor closed
        folder = store("documents").folder
    assert run_check(monkeypatch, app).exit_code == 0  # a request may be about to commit it
    move_clock(time_machine, 2 * 3600)
    result = run_check(monkeypatch, app, "--delete-orphans")
    assert "file without a row: ." in result.output and "(deleted)" in result.output
    assert list(folder.iterdir()) == []


def test_the_store_setting_is_checked_at_start(tmp_path):
    with pytest.raises(UnsafeConfig, match="KIOSK_FILE_STORE is 's3'; allowed: folder, database"):
        make_app(tmp_path, FILE_STORE="s3")
    assert make_app(tmp_path, ROLE="central").config["FILE_STORE"] == "database"  # machines share no disk
    assert make_app(tmp_path).config["FILE_STORE"] == "folder"


def test_the_centres_machines_share_one_installation_key(tmp_path):
    from kiosk.security.signing import local_key

    database = f"sqlite:///{tmp_path / 'centre.db'}"
    one = make_app(tmp_path / "one", ROLE="central", SQLALCHEMY_DATABASE_URI=database)
    other = make_app(tmp_path / "other", ROLE="central", SQLALCHEMY_DATABASE_URI=database)
    with one.app_context():
        db.create_all()
        first = local_key("receipt-signing")
    with other.app_context():
        assert local_key("receipt-signing") == first
        assert db.session.scalar(select(func.count()).select_from(InstallationSecret)) == 1
    assert not (tmp_path / "one" / "instance" / "keys").exists()  # nothing on either machine's disk


def test_a_centre_moves_its_scans_from_its_folder_into_the_database(tmp_path, monkeypatch):
    app = make_app(tmp_path, FILE_STORE="folder")
    with app.app_context():
        db.create_all()
    client = app.test_client()
    fill_birth(client)
    response, _ = submit(client)
    with app.app_context():
        document = documents.attach(find_by_code(response.headers["Location"].split("/")[2]), 0, photo(), "guide:lan")
        name, content = document.stored_name, documents.content_of(document)
    monkeypatch.setenv("KIOSK_CONFIG", "testing")
    monkeypatch.setenv("KIOSK_INSTANCE_PATH", app.instance_path)
    monkeypatch.setenv("KIOSK_DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    monkeypatch.setenv("KIOSK_FILE_STORE", "database")
    assert "row without a file" in CliRunner().invoke(main, ["storage", "check"]).output  # not moved yet
    for _twice in range(2):
        result = CliRunner().invoke(main, ["storage", "copy", "--from", "folder"])
        assert result.exit_code == 0, result.output
    assert "documents: 0 copied from the folder store, 1 were there already" in result.output
    assert CliRunner().invoke(main, ["storage", "check"]).exit_code == 0
    moved = make_app(tmp_path, FILE_STORE="database", INSTANCE_PATH=str(tmp_path / "elsewhere"))
    with moved.app_context():
        assert store("documents").read(name) == content  # another machine, no folder: read from the database
