import pytest

from tests.support import ready_app


@pytest.fixture
def app(tmp_path):
    with ready_app(tmp_path) as app:
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def guide(app):
    from kiosk.auth.services import create_user

    with app.app_context():
        user = create_user("lan", "correct horse battery", "Trần Thị Lan")
        return user.username
