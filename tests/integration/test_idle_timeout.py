"""The resident's visit is wiped after the idle limit, checked on the server with a moved clock."""
from sqlalchemy import func, select

from kiosk.extensions import db
from kiosk.visits.models import Visit
from tests.support import BIRTH, answer, make_app, move_clock, start


def test_visit_survives_within_the_limit(client, time_machine):
    start(client)
    answer(client, "child", BIRTH["child"])
    move_clock(time_machine, 200)
    assert client.get("/apply/mother").status_code == 200


def test_visit_is_wiped_after_the_limit(client, app, time_machine):
    start(client)
    answer(client, "child", BIRTH["child"])
    move_clock(time_machine, 241)
    response = client.get("/apply/mother")
    assert response.headers["Location"] == "/ended"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Visit)) == 0
    assert "Nguyễn Thị Hồng Nhung" not in client.get("/apply/child").get_data(as_text=True)


def test_pages_carry_the_configured_warning_and_wipe_times(tmp_path, time_machine):
    app = make_app(tmp_path, RESIDENT_IDLE_WARNING_S=95, RESIDENT_IDLE_WIPE_S=130)  # not the defaults
    with app.app_context():
        db.create_all()
    client = app.test_client()
    start(client)
    html = client.get("/apply/child").get_data(as_text=True)
    assert 'data-idle-warning="95"' in html and 'data-idle-wipe="130"' in html
    move_clock(time_machine, 120)
    assert client.get("/apply/child").status_code == 200  # the server counts the configured limit too
    move_clock(time_machine, 131)
    assert client.get("/apply/child").headers["Location"] == "/ended"
    with app.app_context():
        db.engine.dispose()
