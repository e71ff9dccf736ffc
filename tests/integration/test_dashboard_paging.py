"""The guide's dashboard is paged: no page grows with the day's volume."""
import re

from kiosk.demo import SAMPLES
from kiosk.dossiers import services
from kiosk.dossiers.services import Terminal
from tests.support import sign_in


def file_many(app, count, batch="a"):
    with app.app_context():
        code, answers = SAMPLES[0]
        procedure = app.extensions["catalogue"].get(code)
        terminal = Terminal.from_config(app.config)
        return [services.submit(procedure, answers, submission_key=f"bulk-{batch}-{n}", terminal=terminal,
                                actor="resident").code for n in range(count)]


def listed(html):
    """Today's list only (the queues above it are capped on their own)."""
    today = html.split("Hồ sơ nộp hôm nay tại máy này")[-1]
    return re.findall(r'<td><a href="/staff/dossiers/([^"]+)">', today)


def test_the_days_dossiers_come_fifty_a_page_newest_first(client, app, guide):
    codes = file_many(app, 120)
    sign_in(client)
    first = client.get("/staff/").get_data(as_text=True)
    assert listed(first) == codes[::-1][:50]
    assert 'rel="next"' in first and 'rel="prev"' not in first and "?page=2" in first
    second = client.get("/staff/?page=2").get_data(as_text=True)
    assert listed(second) == codes[::-1][50:100] and 'rel="prev"' in second and 'rel="next"' in second
    last = client.get("/staff/?page=3").get_data(as_text=True)
    assert listed(last) == codes[::-1][100:] and 'rel="next"' not in last
    beyond = client.get("/staff/?page=9")
    assert beyond.status_code == 200 and listed(beyond.get_data(as_text=True)) == []
    assert client.get("/staff/?page=abc").status_code == 200  # read as the first page
    file_many(app, 120, batch="b")  # the day doubles: the first page does not grow
    again = client.get("/staff/").get_data(as_text=True)
    assert len(listed(again)) == 50 and abs(len(first) - len(again)) < 200
