"""A centre and a terminal (SQLite), each its own app, talking real HTTP on loopback.

The centre is what a deployment runs: two stateless machines (each its own app and instance folder, one
PostgreSQL database) behind a round-robin load balancer with no sticky sessions. `central` is the balancer:
every request a test, a phone or a terminal sends to it reaches the other machine than the one before, so
anything a machine kept to itself (a cache, a throttle, a key, a file in its instance folder) fails the loop
tests. `central_app` is the first machine's app, for work done in-process (the database is the same);
`central.machines` are the two machines' own servers, for a test that must choose one."""
import itertools
import threading

import pytest
import sqlalchemy as sa
from werkzeug.exceptions import NotFound
from werkzeug.middleware.http_proxy import ProxyMiddleware
from werkzeug.serving import make_server

from kiosk.central.terminals import register_terminal
from kiosk.extensions import db
from tests.support import make_app, postgres_url, ready_app


class Server:
    """A WSGI server in a thread that can be stopped and started again on the same port."""

    def __init__(self, app, port=0):
        self.app, self.port, self._server = app, port, None

    def start(self):
        self._server = make_server("127.0.0.1", self.port, self.app, threaded=True)
        self.port = self._server.server_port
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()
        self._server = None

    @property
    def running(self):
        return self._server is not None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"


class Forward(ProxyMiddleware):
    """Every request to one machine, as it came: body, headers (signature, Idempotency-Key, Cookie, and Host,
    so the links a machine makes name the balancer), and back its status and headers (Set-Cookie, Retry-After)."""

    def __init__(self, url):
        super().__init__(NotFound(), {"/": {"target": url, "host": None}}, timeout=60)
        [self.options] = self.targets.values()

    def __call__(self, environ, start_response):
        path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "replace")  # WSGI's str is latin-1
        return self.proxy_to(self.options, path, "/")(environ, start_response)


class Balancer:
    """Round robin over the machines, no sticky sessions; stopping it cuts the link (connections refused)
    and stops the machines, which start again on the same ports."""

    def __init__(self, *apps):
        self.machines = [Server(app).start() for app in apps]
        forwards = [Forward(machine.url) for machine in self.machines]
        turns = itertools.count()  # next() on it is atomic: the server's threads take turns without a lock
        self._front = Server(lambda environ, start: forwards[next(turns) % len(forwards)](environ, start))

    def start(self):
        for server in (*self.machines, self._front):
            if not server.running:
                server.start()
        return self

    def stop(self):
        for server in (self._front, *self.machines):
            server.stop()

    @property
    def running(self):
        return self._front.running

    @property
    def url(self):
        return self._front.url


@pytest.fixture
def central_app(tmp_path):
    """The first centre machine's app, on a fresh schema."""
    url = postgres_url()
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    app = make_app(tmp_path / "central", ROLE="central", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def second_central_app(tmp_path, central_app):
    """Another centre machine: nothing shared with the first but the database (and the settings)."""
    app = make_app(tmp_path / "central-2", ROLE="central",
                   SQLALCHEMY_DATABASE_URI=central_app.config["SQLALCHEMY_DATABASE_URI"])
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def central(central_app, second_central_app):
    """The centre as terminals and phones reach it: the balancer in front of both machines."""
    centre = Balancer(central_app, second_central_app).start()
    yield centre
    if centre.running:
        centre.stop()


@pytest.fixture
def terminal_key(central_app):
    with central_app.app_context():
        _terminal, key = register_terminal("09556", 1)
    return key


@pytest.fixture
def terminal_app(tmp_path, central, terminal_key):
    with ready_app(tmp_path / "terminal", ROLE="terminal", CENTRAL_URL=central.url,
                   TERMINAL_KEY=terminal_key) as app:
        yield app


@pytest.fixture
def guide_on_terminal(terminal_app):
    from kiosk.auth.services import create_user
    from tests.support import sign_in

    with terminal_app.app_context():
        create_user("lan", "correct horse battery", "Trần Thị Lan")
    client = terminal_app.test_client()
    sign_in(client)
    return client
