"""Personal data on disk is the server user's alone; keys rotate without breaking a receipt or allowing a second
rating; uploads are bounded before they are read; a scan is stored once, and never without its row."""
import base64
import contextlib
import hashlib
import hmac
import io
import os
import socket
import stat
import threading
import time
from types import SimpleNamespace

import pytest
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from kiosk.core.signing import Keyring
from kiosk.documents import services as documents
from kiosk.documents.models import DossierDocument
from kiosk.dossiers.services import find_by_code
from kiosk.extensions import db
from kiosk.notify.delivery import deliver_pending
from kiosk.ratings import services as ratings
from kiosk.ratings.models import Rating
from kiosk.security.models import FailedAttempt
from kiosk.security.signing import lookup_url
from tests.support import csrf_token, fill_birth, make_app, sign_in, submit


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def file_one(client):
    fill_birth(client)
    response, _ = submit(client)
    return response.headers["Location"].split("/")[2]


def photo(colour=(200, 180, 160), size=(640, 480)):
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def upload(client, code, data):
    token = csrf_token(client, f"/staff/dossiers/{code}")
    return client.post(f"/staff/dossiers/{code}/documents", content_type="multipart/form-data",
                       data={"csrf_token": token, "document_index": "0", "scan": (io.BytesIO(data), "scan.png")})


@pytest.fixture
def loose_umask():
    """The umask an operator's shell might start the server with; put back after the test."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


# --- files -------------------------------------------------------------------------------------------------

def test_every_file_of_personal_data_is_the_server_users_alone(tmp_path, loose_umask):
    instance = tmp_path / "instance"
    instance.mkdir(mode=0o755)
    (instance / "kiosk.db").touch(mode=0o644)  # left readable by an older version: tightened at start
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=None)
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("instance/kiosk.db")
    os.umask(0o022)  # what follows is private by its own doing, not by the umask create_app set
    with app.app_context():
        db.create_all()
        from kiosk.auth.services import create_user

        create_user("lan", "correct horse battery", "Trần Thị Lan")
    client = app.test_client()
    code = file_one(client)
    sign_in(client)
    assert upload(client, code, photo()).status_code == 302
    with app.app_context():
        assert deliver_pending() == 1  # the SMS log (no gateway configured)
    with app.test_request_context():
        lookup_url(code)  # the installation's own key, made on first use
    private = [instance / "kiosk.db", instance / "sms.log", instance / "keys" / "local.key",
               *(instance / "documents").glob("*.jpg")]
    assert len(private) == 4 and all(path.exists() for path in private)
    private += [path for path in instance.glob("kiosk.db-*")]  # SQLite's -wal and -shm follow the database
    for path in private:
        assert mode(path) == 0o600, path
    for folder in (instance, instance / "documents", instance / "keys"):
        assert mode(folder) == 0o700, folder


def test_what_else_the_server_writes_later_is_private_too(tmp_path, loose_umask):
    make_app(tmp_path)
    current = os.umask(0o077)
    assert current == 0o077  # set by create_app: a backup or an export written later is 0600 as well
    backup = tmp_path / "instance" / "backup.db"
    backup.write_bytes(b"copy")
    assert mode(backup) == 0o600


# --- key rotation ------------------------------------------------------------------------------------------

NEW, NEWER = "new:" + "Qk3vP9xR2mW7tZ4yB8nJ5hF1dL6sG0c", "newer:" + "Zt8uW1qE6rT3yU9iO2pA5sD7fG4hJ0k"


def served(app, url):
    return app.test_client().get(url.replace("http://localhost", "")).status_code


def signed(app, code):
    with app.test_request_context():
        return lookup_url(code)


def test_receipts_keep_verifying_when_keys_are_added_and_when_secret_key_changes(tmp_path):
    first = make_app(tmp_path)
    with first.app_context():
        db.create_all()
    code = file_one(first.test_client())
    before = signed(first, code)  # no SIGNING_KEYS: the installation's own key signs
    legacy = Keyring({"k1": hashlib.sha256(b"receipt-signing:" + first.config["SECRET_KEY"].encode())
                      .hexdigest().encode()}).sign(code)  # what a version before this one printed
    assert served(first, f"/l/{code}?s={legacy}") == 200

    rotated = make_app(tmp_path, SIGNING_KEYS=NEW)
    after = signed(rotated, code)
    assert "s=new." in after and served(rotated, before) == 200 and served(rotated, after) == 200
    assert served(rotated, f"/l/{code}?s={legacy}") == 200

    again = make_app(tmp_path, SIGNING_KEYS=f"{NEWER},{NEW}")
    assert "s=newer." in signed(again, code)
    assert served(again, before) == 200 and served(again, after) == 200

    retired = make_app(tmp_path, SIGNING_KEYS=NEWER)  # a key taken off the list no longer verifies
    assert served(retired, after) == 404

    new_secret = make_app(tmp_path, SECRET_KEY="another-secret-key-Q7xP2mK9zR4tW8yB3nJ6hF1dL5s")
    assert served(new_secret, before) == 200  # SECRET_KEY alone changed: every receipt since still verifies
    assert "s=i1." in signed(new_secret, code)


def test_changing_secret_key_lets_nobody_rate_twice(tmp_path):
    first = make_app(tmp_path)
    with first.app_context():
        db.create_all()
    client = first.test_client()
    code = file_one(client)
    rated = client.post("/rate", data={"csrf_token": csrf_token(client, "/rate"), "score": "5"})
    assert rated.status_code == 200

    changed = make_app(tmp_path, SECRET_KEY="another-secret-key-Q7xP2mK9zR4tW8yB3nJ6hF1dL5s")
    with changed.app_context():
        dossier = find_by_code(code)
        assert ratings.has_rated(dossier, "submission")
        with pytest.raises(ratings.AlreadyRated):
            ratings.rate(dossier, "submission", 1, [])
        assert db.session.scalar(select(func.count()).select_from(Rating)) == 1


def test_a_rating_given_before_this_version_still_counts(app, client):
    code = file_one(client)
    with app.app_context():
        dossier = find_by_code(code)
        old_key = hmac.new(app.config["SECRET_KEY"].encode(), f"rating:{code}:submission".encode(),
                           hashlib.sha256).hexdigest()
        db.session.add(Rating(occasion_key=old_key, occasion="submission", procedure_code=dossier.procedure_code,
                              ward_code=dossier.ward_code, channel=dossier.channel, score=3, reasons=[],
                              rated_on=dossier.submitted_at.date()))
        db.session.commit()
        with pytest.raises(ratings.AlreadyRated):
            ratings.rate(dossier, "submission", 5, [])


# --- upload limits -----------------------------------------------------------------------------------------

class Body(io.RawIOBase):
    """A request body that counts what the server reads of it."""

    def __init__(self):
        self.read_bytes = 0

    def readable(self):
        return True

    def tell(self):  # the test client asks where the body starts
        return 0

    def seek(self, offset, whence=0):
        return 0

    def readinto(self, buffer):
        size = min(len(buffer), 65536)
        buffer[:size] = b"x" * size
        self.read_bytes += size
        return size


@pytest.fixture
def dossier_code(client, guide):
    code = file_one(client)
    sign_in(client)
    return code


def declared(client, code, size):
    body = Body()
    response = client.post(f"/staff/dossiers/{code}/documents", input_stream=body,
                           content_type="multipart/form-data; boundary=----x",
                           environ_overrides={"CONTENT_LENGTH": str(size)})  # what the client declares
    return response, body


def test_a_body_declaring_25_mb_is_refused_at_once_with_the_real_limit(client, dossier_code):
    response, body = declared(client, dossier_code, 25 * 1024 * 1024)
    assert response.status_code == 413 and body.read_bytes == 0
    assert "tối đa 8 MB" in response.get_data(as_text=True)


def test_the_limit_follows_the_configuration(client, app, dossier_code):
    app.config["SCAN_MAX_BYTES"] = 2 * 1024 * 1024
    response, body = declared(client, dossier_code, 3 * 1024 * 1024)  # under 24 MB, over this scan limit
    assert response.status_code == 413 and body.read_bytes == 0
    html = response.get_data(as_text=True)
    assert "tối đa 2 MB" in html and "8 MB" not in html


def test_waitress_refuses_an_oversized_body_from_its_headers(tmp_path, monkeypatch):
    from waitress.server import create_server

    from kiosk import serving

    app = make_app(tmp_path)
    seen = {}
    monkeypatch.setattr(serving, "waitress_serve", lambda _app, **options: seen.update(options))
    serving._waitress(app, None, 2)
    assert seen["max_request_body_size"] == app.config["MAX_CONTENT_LENGTH"] + 1
    options = {k: v for k, v in seen.items() if k not in ("sockets", "threads", "asyncore_use_poll")}
    server = create_server(app, host="127.0.0.1", port=0, **options)

    def run():
        with contextlib.suppress(OSError, ValueError):  # the loop ends when the server is closed below
            server.run()

    threading.Thread(target=run, daemon=True).start()
    try:
        with socket.create_connection(("127.0.0.1", server.effective_port), timeout=10) as connection:
            started = time.monotonic()
            connection.sendall(b"POST /staff/sign-in HTTP/1.1\r\nHost: kiosk\r\nContent-Type: text/plain\r\n"
                               b"Content-Length: %d\r\n\r\n" % (25 * 1024 * 1024))
            answer = connection.recv(64)  # not one byte of the body sent: the answer comes anyway
        assert answer.startswith(b"HTTP/1.1 413") and time.monotonic() - started < 5
    finally:
        server.close()


# --- one file per scan, none without its row ---------------------------------------------------------------

def files(app):
    return sorted(p.name for p in instance_documents(app).glob("*") if not p.name.startswith("."))


def stored(app):
    """The rows, and every file in the folder, temporaries included: nothing may be left behind."""
    with app.app_context():
        rows = db.session.scalar(select(func.count()).select_from(DossierDocument))
    return rows, sorted(p.name for p in instance_documents(app).glob("*"))


def instance_documents(app):
    from pathlib import Path

    return Path(app.instance_path) / "documents"


def test_the_same_scan_uploaded_twice_is_one_document_and_one_file(client, app, dossier_code):
    assert upload(client, dossier_code, photo()).status_code == 302
    assert upload(client, dossier_code, photo()).status_code == 302
    rows, files = stored(app)
    assert rows == 1 and len(files) == 1
    assert upload(client, dossier_code, photo(colour=(10, 20, 30))).status_code == 302  # another scan: kept
    assert stored(app)[0] == 2 and len(stored(app)[1]) == 2


def test_the_centre_receiving_one_scan_several_times_keeps_one_file(app, client):
    from kiosk.central.services import take_document

    code = file_one(client)
    terminal = SimpleNamespace(id="09556-01", ward_code="09556", terminal_no=1)
    payload = {"document_index": 0, "actor": "guide:lan", "jpeg": base64.b64encode(photo()).decode()}
    with app.app_context():
        catalogue = app.extensions["catalogue"]
        for _copy in range(3):  # resent under new keys, say
            assert take_document(terminal, code, payload, catalogue)[0] == 201
            db.session.commit()
        # a retry taken in a savepoint that is then undone
        with pytest.raises(RuntimeError), db.session.begin_nested():
            take_document(terminal, code, payload, catalogue)
            raise RuntimeError("its Idempotency-Key was seen before")
        db.session.commit()
    rows, files = stored(app)
    assert rows == 1 and len(files) == 1


def test_a_scan_whose_database_write_fails_leaves_no_file(app, client):
    code = file_one(client)
    with app.app_context():
        dossier = find_by_code(code)
        documents.attach(dossier, 0, photo(), "guide:lan", commit=False)
        # on disk before the commit, under a temporary name nobody reads; moved into place only by a commit
        assert files(app) == [] and len(list(instance_documents(app).glob(".*.tmp"))) == 1
        db.session.add(FailedAttempt(scope=None, key=None))  # a row the database refuses: the commit fails
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
    assert stored(app) == (0, [])


def test_a_scan_in_a_savepoint_undone_leaves_no_file_and_the_rest_stays(app, client):
    code = file_one(client)
    with app.app_context():
        dossier = find_by_code(code)
        kept = documents.attach(dossier, 0, photo(), "guide:lan", commit=False)
        with pytest.raises(RuntimeError), db.session.begin_nested():
            documents.attach(dossier, 1, photo(colour=(1, 2, 3)), "guide:lan", commit=False)
            db.session.flush()
            raise RuntimeError("refused")
        db.session.commit()
        assert documents.content_of(kept)[:2] == b"\xff\xd8"
        name = kept.stored_name
    assert stored(app) == (1, [name])


def test_a_request_that_ends_without_commit_leaves_no_file(app, client):
    code = file_one(client)
    with app.app_context():
        documents.attach(find_by_code(code), 0, photo(), "guide:lan", commit=False)
        db.session.remove()  # the request's teardown: closed, never committed
    assert stored(app) == (0, [])
