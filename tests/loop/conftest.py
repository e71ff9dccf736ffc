"""A central server (PostgreSQL) and a terminal (SQLite), each its own app, talking real HTTP on loopback.

The centre runs as stateless machines behind a load balancer: a test parametrized with `centre_count` 2
gets a second centre machine (its own app and instance folder, the same PostgreSQL database), and its
terminal talks to that one while the test's officers and checks use the first."""
import threading

import pytest
import sqlalchemy as sa
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

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"


@pytest.fixture
def central_app(tmp_path):
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
def central(central_app):
    server = Server(central_app).start()
    yield server
    server.stop()


@pytest.fixture
def centre_count():
    """Centre machines: 1, or 2 with `@pytest.mark.parametrize("centre_count", [1, 2])`."""
    return 1


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
def second_central(second_central_app):
    server = Server(second_central_app).start()
    yield server
    server.stop()


@pytest.fixture
def terminal_centre(request, centre_count, central):
    """The centre machine the terminal reaches: the first, or with two machines the second."""
    return central if centre_count == 1 else request.getfixturevalue("second_central")


@pytest.fixture
def terminal_key(central_app):
    with central_app.app_context():
        _terminal, key = register_terminal("09556", 1)
    return key


@pytest.fixture
def terminal_app(tmp_path, terminal_centre, terminal_key):
    with ready_app(tmp_path / "terminal", ROLE="terminal", CENTRAL_URL=terminal_centre.url,
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
