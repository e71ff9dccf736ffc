"""Anonymous ratings after filing and after hand-over; one per dossier per occasion."""
from sqlalchemy import inspect, select

from kiosk.extensions import db
from kiosk.ratings.models import Rating
from tests.support import BIRTH, answer, csrf_token, start, submit


def file_birth(client):
    start(client)
    for step_id, values in BIRTH.items():
        answer(client, step_id, values)
    response, _ = submit(client)
    return response.headers["Location"]


def rate(client, **data):
    return client.post("/rate", data={"csrf_token": csrf_token(client, "/rate"), **data})


def test_rating_after_filing_is_anonymous_and_once(client, app):
    file_birth(client)
    assert rate(client).status_code == 400  # no score: a clear message, nothing stored
    assert "Cảm ơn" in rate(client, score="4", reasons=["quick", "not-a-reason"]).get_data(as_text=True)
    assert "đã được đánh giá" in client.get("/rate").get_data(as_text=True)
    with app.app_context():
        [rating] = db.session.scalars(select(Rating)).all()
        assert (rating.score, rating.reasons, rating.channel, rating.occasion) == (4, ["quick"], "self_service",
                                                                                   "submission")
        columns = {c["name"] for c in inspect(db.session.connection()).get_columns("ratings")}
        assert not columns & {"dossier_id", "code", "applicant_name", "phone", "created_at"}


def test_nobody_rates_without_a_dossier(client):
    assert client.get("/rate").status_code == 404
