import pytest

from kiosk.extensions import db
from tests.support import make_app


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path)
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def guide(app):
    from kiosk.auth.services import create_user

    with app.app_context():
        user = create_user("lan", "correct horse battery", "Trần Thị Lan")
        return user.username
