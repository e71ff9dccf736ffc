"""Production settings: strong keys only (and `kiosk keys new` to make one), a public URL, HTTPS cookies and
HSTS behind HTTPS, proxy headers trusted only for the configured hops; sign-in costs the same for anyone."""
import secrets

import pytest
from click.testing import CliRunner
from flask import jsonify, request

from kiosk import create_app
from kiosk.auth import models as auth_models
from kiosk.auth import services as auth
from kiosk.cli import main
from kiosk.config import UnsafeConfig, secret_problem
from kiosk.extensions import db
from tests.support import csrf_token, make_app, sign_in

STRONG = secrets.token_urlsafe(48)
PUBLIC = "https://motcua.example.vn"


@pytest.fixture(autouse=True)
def no_kiosk_environment(monkeypatch):
    """The settings below and no others: a KIOSK_* variable of the shell must not change the verdict."""
    import os

    for name in [name for name in os.environ if name.startswith("KIOSK_")]:
        monkeypatch.delenv(name)


def production(tmp_path, **settings):
    return create_app({"CONFIG": "production", "INSTANCE_PATH": str(tmp_path / "instance"),
                       "SECRET_KEY": STRONG, "PUBLIC_URL": PUBLIC, **settings})


def test_production_starts_with_strong_keys_and_a_public_url(tmp_path):
    app = production(tmp_path, SIGNING_KEYS=f"k2:{secrets.token_urlsafe(40)},k1:{secrets.token_urlsafe(40)}",
                     ROLE="terminal", CENTRAL_URL="https://centre.example.vn", TERMINAL_KEY=secrets.token_urlsafe(32))
    assert app.config["ROLE"] == "terminal"


WEAK = ["", "short-but-random-Q7x", "x" * 48, "abcdefghijk" * 4, "0123456789" * 4,
        "change-me-Q7xP2mK9zR4tW8yB3nJ6hF1dL5s", "my-Secret-Q7xP2mK9zR4tW8yB3nJ6hF1dL5s"]


@pytest.mark.parametrize("weak", WEAK)
def test_production_refuses_a_weak_secret_key_and_says_how_to_make_one(tmp_path, weak):
    with pytest.raises(UnsafeConfig, match="KIOSK_SECRET_KEY .*kiosk keys new"):
        production(tmp_path, SECRET_KEY=weak)


@pytest.mark.parametrize("weak", WEAK[1:])
def test_production_refuses_a_weak_signing_key_even_beside_a_strong_one(tmp_path, weak):
    with pytest.raises(UnsafeConfig, match="KIOSK_SIGNING_KEYS: the key `old` .*kiosk keys new --id old"):
        production(tmp_path, SIGNING_KEYS=f"new:{secrets.token_urlsafe(40)},old:{weak}")


@pytest.mark.parametrize("spec", ["k1", ":" + STRONG, f"k1:{STRONG},k1:{secrets.token_urlsafe(40)}"])
def test_production_refuses_signing_keys_it_cannot_read(tmp_path, spec):
    with pytest.raises(UnsafeConfig, match="KIOSK_SIGNING_KEYS is `id:key,id:key`"):
        production(tmp_path, SIGNING_KEYS=spec)


@pytest.mark.parametrize("weak", WEAK[1:])
def test_production_refuses_a_weak_terminal_key(tmp_path, weak):
    with pytest.raises(UnsafeConfig, match="KIOSK_TERMINAL_KEY"):
        production(tmp_path, ROLE="terminal", CENTRAL_URL="https://centre.example.vn", TERMINAL_KEY=weak)


@pytest.mark.parametrize("role", ["standalone", "terminal", "central"])
def test_production_refuses_to_start_without_a_public_url(tmp_path, role):
    extra = {"CENTRAL_URL": "https://centre.example.vn", "TERMINAL_KEY": STRONG} if role == "terminal" else {}
    with pytest.raises(UnsafeConfig, match="KIOSK_PUBLIC_URL must be set"):
        production(tmp_path, ROLE=role, PUBLIC_URL=None, **extra)


@pytest.mark.parametrize("url", ["motcua.example.vn", "javascript:alert(1)", "https://x.vn/?next=//evil", "ftp://x.vn"])
def test_production_refuses_a_public_url_that_is_not_one(tmp_path, url):
    with pytest.raises(UnsafeConfig, match="KIOSK_PUBLIC_URL"):
        production(tmp_path, PUBLIC_URL=url)


def test_kiosk_keys_new_makes_keys_production_accepts(tmp_path):
    runner = CliRunner()
    first, second = (runner.invoke(main, ["keys", "new"]).output.strip() for _ in range(2))
    assert first != second and secret_problem(first) is None and len(first) >= 48
    entry = runner.invoke(main, ["keys", "new", "--id", "k2"]).output.strip()
    assert entry.startswith("k2:") and secret_problem(entry[3:]) is None
    assert runner.invoke(main, ["keys", "new", "--id", "a:b"]).exit_code != 0
    production(tmp_path, SECRET_KEY=first, SIGNING_KEYS=f"{entry},k1:{second}")


# --- HTTPS -------------------------------------------------------------------------------------------------

def test_behind_https_cookies_are_host_only_and_secure_and_hsts_is_sent(tmp_path):
    client = make_app(tmp_path, PUBLIC_URL=PUBLIC).test_client()
    response = client.get("/procedures/khai-sinh", base_url="https://motcua.example.vn")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    cookie = client.get_cookie("__Host-kiosk", domain="motcua.example.vn")
    assert cookie is not None and cookie.secure and cookie.http_only and cookie.same_site == "Strict"
    assert cookie.path == "/" and not cookie.domain.startswith(".")
    assert "Secure" in response.headers["Set-Cookie"] and "__Host-kiosk=" in response.headers["Set-Cookie"]


def test_over_plain_http_on_a_terminal_no_hsts_and_the_plain_cookie(tmp_path):
    client = make_app(tmp_path, PUBLIC_URL="http://10.0.0.5:8080").test_client()
    response = client.get("/procedures/khai-sinh")
    assert "Strict-Transport-Security" not in response.headers
    assert client.get_cookie("kiosk") is not None and not client.get_cookie("kiosk").secure


def test_the_centre_in_production_is_behind_https_whatever_its_url_says(tmp_path):
    app = production(tmp_path, ROLE="central", PUBLIC_URL="http://centre.internal",
                     SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'centre.db'}")
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_NAME"] == "__Host-kiosk"
    response = app.test_client().get("/api/v1/openapi.json")
    assert "Strict-Transport-Security" in response.headers


def _probe(app):
    app.add_url_rule("/_probe", "probe", lambda: jsonify(addr=request.remote_addr, scheme=request.scheme,
                                                         host=request.host))
    return app.test_client()


FORWARDED = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example"}


def test_proxy_headers_are_ignored_without_a_configured_proxy(tmp_path):
    seen = _probe(make_app(tmp_path)).get("/_probe", headers=FORWARDED).json
    assert seen == {"addr": "127.0.0.1", "scheme": "http", "host": "localhost"}


def test_proxy_headers_are_trusted_for_the_configured_hops_only(tmp_path):
    client = _probe(make_app(tmp_path, PROXY_HOPS=1))
    seen = client.get("/_probe", headers=FORWARDED).json
    assert seen == {"addr": "203.0.113.9", "scheme": "https", "host": "evil.example"}
    # a client-forged entry before the proxy's own is not believed: one hop, the last value only
    spoofed = client.get("/_probe", headers={"X-Forwarded-For": "6.6.6.6, 203.0.113.9"}).json
    assert spoofed["addr"] == "203.0.113.9"


# --- sign-in timing ----------------------------------------------------------------------------------------

@pytest.fixture
def hash_checks(monkeypatch):
    """Every scrypt check sign-in makes, counted."""
    calls = []
    real = auth.check_password_hash

    def counted(stored, password):
        calls.append(stored.split("$")[0])
        return real(stored, password)

    monkeypatch.setattr(auth, "check_password_hash", counted)
    monkeypatch.setattr(auth_models, "check_password_hash", counted)
    return calls


def test_an_unknown_or_disabled_user_costs_one_scrypt_check_like_a_wrong_password(app, client, guide, hash_checks):
    with app.app_context():
        auth.create_user("old", "correct horse battery", "Cán bộ cũ").active = False
        db.session.commit()
    for username in ("lan", "nobody", "old"):
        hash_checks.clear()
        response = sign_in(client, username, "wrong password")
        assert response.status_code == 401 and "Tên đăng nhập hoặc mật khẩu không đúng" in response.get_data(True)
        assert hash_checks == ["scrypt:32768:8:1"], username
    hash_checks.clear()
    response = sign_in(client, "old", "correct horse battery")  # a disabled account: refused, same cost
    assert response.status_code == 401 and hash_checks == ["scrypt:32768:8:1"]


def test_sign_out_tells_the_browser_to_forget_everything(client, guide):
    sign_in(client)
    response = client.post("/staff/sign-out", data={"csrf_token": csrf_token(client, "/staff/")})
    assert response.headers["Clear-Site-Data"] == '"cache", "cookies", "storage"'


@pytest.mark.parametrize("url", ["dichvucong.example.vn", "https://x.vn/?next=//evil", "https://", "ftp://x.vn"])
def test_production_refuses_a_terminal_whose_receipts_lead_nowhere(tmp_path, url):
    with pytest.raises(UnsafeConfig, match="KIOSK_LOOKUP_URL"):
        production(tmp_path, ROLE="terminal", CENTRAL_URL="https://centre.example.vn", TERMINAL_KEY=STRONG,
                   LOOKUP_URL=url)
    # unset: the centre's address, refused as such (by its own check, or as the look-up's address)
    with pytest.raises(UnsafeConfig, match="KIOSK_CENTRAL_URL|KIOSK_LOOKUP_URL"):
        production(tmp_path, ROLE="terminal", CENTRAL_URL=url, TERMINAL_KEY=STRONG)


def test_a_terminals_receipts_lead_to_the_centres_public_lookup(tmp_path, monkeypatch):
    from kiosk.security.signing import lookup_url

    monkeypatch.setenv("KIOSK_LOOKUP_URL", "https://dichvucong.example.vn")
    app = production(tmp_path, ROLE="terminal", CENTRAL_URL="https://centre.internal.example", TERMINAL_KEY=STRONG)
    with app.test_request_context():
        assert lookup_url("09556-01-261122-0007-K").startswith("https://dichvucong.example.vn/l/09556-01-261122-0007-K?s=e.")
    unset = production(tmp_path / "b", ROLE="terminal", CENTRAL_URL="https://centre.internal.example",
                       TERMINAL_KEY=STRONG, LOOKUP_URL=None)
    with unset.test_request_context():
        assert lookup_url("09556-01-261122-0007-K").startswith("https://centre.internal.example/l/")
