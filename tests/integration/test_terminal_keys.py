"""Terminal keys at the centre: registered, re-keyed, revoked and restored from the command line, each change
audited; the database keeps only public keys, so a copy of it signs as nobody."""
import hashlib
import hmac
import re
import secrets
import time

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from flask_migrate import upgrade
from sqlalchemy import select

from kiosk.central.models import RegisteredTerminal, TerminalAuditEvent
from kiosk.cli import main
from kiosk.core import request_signing
from kiosk.core.request_signing import headers, private_key, verify
from kiosk.database import migrations
from kiosk.extensions import db
from tests.support import make_app

KEY_RE = re.compile(r"terminal key \(shown once; set KIOSK_TERMINAL_KEY on the terminal\): (\S+)")


@pytest.fixture
def cli(tmp_path, monkeypatch):
    monkeypatch.setenv("KIOSK_SECRET_KEY", secrets.token_urlsafe(48))
    monkeypatch.setenv("KIOSK_PUBLIC_URL", "https://centre.example.test")
    monkeypatch.setenv("KIOSK_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("KIOSK_DATABASE_URL", f"sqlite:///{tmp_path / 'kiosk.db'}")
    runner = CliRunner()
    assert runner.invoke(main, ["init"]).exit_code == 0
    return lambda *args: runner.invoke(main, ["terminals", *args])


def stored(tmp_path):
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'kiosk.db'}")
    with app.app_context():
        terminals = {t.id: (t.public_key, t.revoked_at) for t in db.session.scalars(select(RegisteredTerminal))}
        audit = [(e.terminal_id, e.action, e.actor, e.reason) for e in
                 db.session.scalars(select(TerminalAuditEvent).order_by(TerminalAuditEvent.id))]
    return terminals, audit


def signs(public_hex, printed_key, terminal_id="00002-01"):
    """Whether a request signed with `printed_key` passes the centre's check against `public_hex`."""
    now = time.time()
    signed = headers(terminal_id, private_key(printed_key), "GET", "/api/v1/feed", b"", now, query="after=0")
    return verify(public_hex, terminal_id, "GET", "/api/v1/feed", "after=0", signed["X-Timestamp"], "", b"",
                  signed["X-Signature"], now)


def test_add_prints_the_key_once_and_a_second_add_says_what_to_do(cli, tmp_path):
    added = cli("add", "00002", "--by", "anh@centre")
    assert added.exit_code == 0, added.output
    assert "terminal id: 00002-01" in added.output
    key = KEY_RE.search(added.output).group(1)
    terminals, audit = stored(tmp_path)
    assert signs(terminals["00002-01"][0], key)
    assert key not in str(terminals) and hashlib.sha256(key.encode()).hexdigest() not in str(terminals)
    assert audit == [("00002-01", "added", "anh@centre", None)]

    again = cli("add", "00002")
    assert again.exit_code == 1 and "Traceback" not in again.output
    assert "already registered" in again.output and "kiosk terminals rekey 00002-01" in again.output
    assert stored(tmp_path)[0]["00002-01"][0] == terminals["00002-01"][0]  # the first key still holds

    for ward, number in (("2", "1"), ("00002", "100"), ("00002", "0")):
        refused = cli("add", ward, "--number", number)
        assert refused.exit_code == 1 and "Error:" in refused.output
    assert len(stored(tmp_path)[0]) == 1


def test_rekey_replaces_the_key_and_is_audited(cli, tmp_path):
    old = KEY_RE.search(cli("add", "00002").output).group(1)
    rekeyed = cli("rekey", "00002-01", "--by", "anh@centre", "--reason", "PC replaced")
    assert rekeyed.exit_code == 0, rekeyed.output
    new = KEY_RE.search(rekeyed.output).group(1)
    public, _revoked = stored(tmp_path)[0]["00002-01"]
    assert signs(public, new) and not signs(public, old)
    assert stored(tmp_path)[1][-1] == ("00002-01", "rekeyed", "anh@centre", "PC replaced")
    assert cli("rekey", "00099-01").exit_code == 1


def test_a_revoked_number_comes_back_through_restore(cli, tmp_path):
    key = KEY_RE.search(cli("add", "00002").output).group(1)
    assert cli("revoke", "00002-01", "--by", "anh@centre", "--reason", "stolen").exit_code == 0
    assert stored(tmp_path)[0]["00002-01"][1] is not None
    re_add = cli("add", "00002")
    assert re_add.exit_code == 1 and "kiosk terminals restore 00002-01" in re_add.output
    rekey = cli("rekey", "00002-01")
    assert rekey.exit_code == 1 and "revoked" in rekey.output

    restored = cli("restore", "00002-01", "--new-key", "--by", "binh@centre", "--reason", "found it")
    assert restored.exit_code == 0, restored.output
    new = KEY_RE.search(restored.output).group(1)
    public, revoked = stored(tmp_path)[0]["00002-01"]
    assert revoked is None and signs(public, new) and not signs(public, key)
    audit = [(action, actor) for _t, action, actor, _r in stored(tmp_path)[1]]
    assert audit[1:] == [("revoked", "anh@centre"), ("restored", "binh@centre"), ("rekeyed", "binh@centre")]
    assert audit[0][0] == "added" and "@" in audit[0][1]  # by default: the system user at this machine
    history = cli("history", "00002-01")
    assert history.exit_code == 0
    lines = history.output.splitlines()
    assert [line.split()[1] for line in lines] == ["added", "revoked", "restored", "rekeyed"]
    assert "binh@centre  (found it)" in lines[-1] and "anh@centre  (stolen)" in lines[1]
    assert cli("restore", "00002-01").exit_code == 1  # not revoked: nothing to restore


def test_a_copy_of_the_database_signs_as_nobody(cli, tmp_path):
    """What the centre stores is a public key: used as an HMAC key, or as a private key's seed, it makes no
    signature the centre accepts."""
    cli("add", "00002")
    public_hex = stored(tmp_path)[0]["00002-01"][0]
    now = time.time()
    as_seed = headers("00002-01", request_signing.Ed25519PrivateKey.from_private_bytes(bytes.fromhex(public_hex)),
                      "GET", "/api/v1/feed", b"", now)
    assert not verify(public_hex, "00002-01", "GET", "/api/v1/feed", "", as_seed["X-Timestamp"], "", b"",
                      as_seed["X-Signature"], now)
    message = request_signing.message("00002-01", "GET", "/api/v1/feed", "", str(int(now)), "", b"")
    as_hmac = hmac.new(public_hex.encode(), message, hashlib.sha256).hexdigest()
    assert not verify(public_hex, "00002-01", "GET", "/api/v1/feed", "", str(int(now)), "", b"", as_hmac, now)


def test_the_migration_turns_each_stored_hmac_key_into_the_same_terminals_public_key(tmp_path):
    """Terminals keep their printed key across the upgrade; the secret column is gone."""
    printed = secrets.token_urlsafe(32)
    app = migrations(make_app(tmp_path))
    with app.app_context():
        upgrade(revision="0009")
        with db.engine.begin() as connection:
            connection.execute(sa.text(
                "INSERT INTO registered_terminals (id, ward_code, terminal_no, signing_key, created_at)"
                " VALUES ('09556-01', '09556', 1, :key, '2026-11-22 03:00:00')"),
                {"key": hashlib.sha256(printed.encode()).hexdigest()})
        upgrade()
        columns = {c["name"] for c in sa.inspect(db.engine).get_columns("registered_terminals")}
        public_hex = db.session.scalar(select(RegisteredTerminal.public_key))
    assert "signing_key" not in columns
    assert public_hex != hashlib.sha256(printed.encode()).hexdigest()
    assert signs(public_hex, printed, "09556-01")
    assert not signs(public_hex, secrets.token_urlsafe(32), "09556-01")
