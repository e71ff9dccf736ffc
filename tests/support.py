"""Shared test helpers: app building, CSRF tokens, a resident's journey, a moved clock."""
import os
import re
import shutil
import subprocess
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest

from kiosk import create_app
from kiosk.forms.builder import is_shown

IN_CI = os.environ.get("CI") == "true"
POSTGRES_URL = os.environ.get("KIOSK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


# A key production accepts (what `kiosk keys new` makes looks alike), for tests that start the production config.
STRONG_KEY = "Xq7-vP2mK9zR4tW8yB3nJ6hF1dL5sG0cA-eU"


def production_env(monkeypatch, tmp_path, **more):
    """The environment a production command needs: a strong key, a public URL, a data folder of its own."""
    monkeypatch.setenv("KIOSK_SECRET_KEY", STRONG_KEY)
    monkeypatch.setenv("KIOSK_PUBLIC_URL", "https://kiosk.example.test")
    monkeypatch.setenv("KIOSK_INSTANCE_PATH", str(tmp_path / "instance"))
    for name, value in more.items():
        monkeypatch.setenv(f"KIOSK_{name}", str(value))


def require_tool(name):
    """A tool the tests need: skipped on a bare laptop, a failure in CI where .ci/run installs it."""
    path = shutil.which(name)
    if path is None:
        if IN_CI:
            pytest.fail(f"{name} is missing: .ci/run must install it")
        pytest.skip(f"{name} is not installed")
    return path


def make_app(tmp_path, **overrides):
    config = {"CONFIG": "testing", "INSTANCE_PATH": str(tmp_path / "instance"),
              "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'kiosk.db'}", **overrides}
    return create_app(config)



@contextmanager
def ready_app(tmp_path, **overrides):
    """`make_app` with its tables made, and its database connections closed after the block."""
    from kiosk.extensions import db

    app = make_app(tmp_path, **overrides)
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()

CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|name="csrf-token" content="([^"]+)"')


def csrf_token(client, path="/lookup"):
    html = client.get(path).get_data(as_text=True)
    match = CSRF_RE.search(html)
    assert match, f"no CSRF token on {path}"
    return match.group(1) or match.group(2)


def sign_in(client, username="lan", password="correct horse battery"):
    token = csrf_token(client, "/staff/sign-in")
    return client.post("/staff/sign-in", data={"csrf_token": token, "username": username, "password": password})


def postgres_url():
    """The PostgreSQL test database; tests needing it skip locally without it and fail in CI."""
    import sqlalchemy

    engine = sqlalchemy.create_engine(POSTGRES_URL)
    try:
        with engine.connect():
            pass
    except sqlalchemy.exc.OperationalError as exc:
        if IN_CI:
            pytest.fail(f"PostgreSQL is not reachable in CI: {exc}")
        pytest.skip("PostgreSQL is not running")
    finally:
        engine.dispose()
    return POSTGRES_URL


def pdf_text(pdf_bytes, tmp_path):
    require_tool("pdftotext")
    source = tmp_path / "slip.pdf"
    source.write_bytes(pdf_bytes)
    return subprocess.run(["pdftotext", "-layout", str(source), "-"], check=True,
                          capture_output=True, text=True).stdout


BIRTH = {
    "child": {"child_full_name": "Nguyễn Thị Hồng Nhung", "child_sex": "female",
              "child_birth_date": "01/11/2026", "child_birth_place": "Bệnh viện Phụ sản Hà Nội",
              "child_hometown": "Nam Định", "child_ethnicity": "Kinh", "child_nationality": "Việt Nam"},
    "mother": {"mother_declared": "vietnamese", "mother_full_name": "Trần Thị Mai", "mother_birth_date": "12/03/1995",
               "mother_id_number": "001195012345", "mother_residence": "12 Phố Đội Cấn, Ba Đình, Hà Nội"},
    "father": {"father_declared": "yes", "father_full_name": "Nguyễn Văn Hùng", "father_birth_date": "20/07/1992",
               "father_id_number": "001092054321", "father_residence": "12 Phố Đội Cấn, Ba Đình, Hà Nội"},
    "requester": {"requester_full_name": "Trần Thị Mai", "requester_id_number": "001195012345",
                  "requester_relation": "mother", "fee_exemption": "none", "requester_phone": "0912 345 678"},
}


def start(client, code="khai-sinh"):
    token = csrf_token(client, f"/procedures/{code}")
    response = client.post(f"/procedures/{code}/start", data={"csrf_token": token})
    assert response.status_code == 302
    return response.headers["Location"]


def answer(client, step_id, values):
    token = csrf_token(client, f"/apply/{step_id}")
    return client.post(f"/apply/{step_id}", data={"csrf_token": token, **values})


def fill_birth(client, answers=BIRTH):
    start(client)
    for step_id, values in answers.items():
        response = answer(client, step_id, values)
        assert response.status_code == 302, response.get_data(as_text=True)
    return client.get("/apply/check")


# Valid answers for any procedure's fields, by type: a walk through every procedure files a dossier with them.
FIELD_SAMPLES = {"name": "Nguyễn Văn An", "date": "15/05/1990", "phone": "0912345678", "text": "Số 1 Phố Huế, Hà Nội",
          "textarea": "Để làm thủ tục theo quy định", "number": "2"}


def valid_value(definition, values):
    if definition.type == "choice":
        return definition.choices[0].value
    if definition.type == "cccd":
        holder = definition.holder
        sex = (values.get(holder.sex, holder.sex) if holder and holder.sex else None) or "male"
        born = values.get(holder.birth_date, "") if holder and holder.birth_date else ""
        year = int(born[-4:]) if born else 1990
        marker = 2 * ((year - 1900) // 100) + (sex == "female")
        return f"001{marker}{year % 100:02d}012345"
    return FIELD_SAMPLES[definition.type]


def step_data(step, answers, chosen=None):
    """The step's form data and the answers so far; `chosen`: answers to give instead of the samples."""
    values, data, chosen = dict(answers), {}, chosen or {}
    for definition in step.fields:
        if not step.repeat and not is_shown(definition, values):
            continue
        value = chosen.get(definition.name) or valid_value(definition, values)
        values[definition.name] = value
        data[f"items-0-{definition.name}" if step.repeat else definition.name] = value
    return data, values


def fill_procedure(client, procedure, **answers):
    """Walk every step of `procedure` with valid answers (`answers` instead where given) to the check page."""
    location, values = start(client, procedure.code), {}
    for _ in range(len(procedure.steps)):
        if location == "/apply/check":
            break
        step = procedure.steps[procedure.step_index(location.rsplit("/", 1)[1])]
        data, values = step_data(step, values, answers)
        response = client.post(location, data={"csrf_token": csrf_token(client, location), **data})
        assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
        location = response.headers["Location"]
    assert location == "/apply/check"
    return client.get(location)


def submit(client, declaration=True):
    html = client.get("/apply/check").get_data(as_text=True)
    key = re.search(r'name="submission_key" value="([^"]+)"', html).group(1)
    data = {"csrf_token": csrf_token(client, "/apply/check"), "submission_key": key}
    if declaration:
        data["declaration"] = "yes"
    return client.post("/apply/submit", data=data), data


def move_clock(time_machine, seconds):
    """Move 'now' forward for every way the code reads it (`from kiosk.core.clock import utcnow`, datetime.now,
    time.time), through the time-machine fixture; time keeps ticking from there and is restored after the test."""
    time_machine.move_to(datetime.now(UTC) + timedelta(seconds=seconds), tick=True)


def set_clock(time_machine, moment, tick=False):
    """Stand at a naive UTC `moment` (as stored) for every import style of the clock; with `tick`, time
    runs on from there (a web journey needs distinct instants)."""
    time_machine.move_to(moment.replace(tzinfo=UTC), tick=tick)


MARITAL_PERSON = {"full_name": "Lê Thị Hoa", "birth_date": "12/04/1988", "sex": "female",
                  "id_number": "001188004512", "residence": "Hà Nội"}


def file_marital_status(client):
    """File a certificate of marital status (a 15.000 ₫ fee); returns its confirmation page's path."""
    start(client, "xac-nhan-tinh-trang-hon-nhan")
    answer(client, "person", MARITAL_PERSON)
    answer(client, "status", {"marital_status": "single", "purpose": "Để kết hôn"})
    answer(client, "contact", {"phone": "0987654321", "fee_exemption": "none"})
    response, _ = submit(client)
    return response.headers["Location"]


def office_act(client, code, action, confirm=True, **data):
    """An officer's action on a dossier, as its own form posts it (fields prefixed by the action's name); a
    supplement request is due in two weeks unless told, and a refusal is confirmed unless `confirm=False`."""
    from kiosk.core.clock import local_today

    if action == "supplement" and "deadline" not in data:
        data["deadline"] = (local_today() + timedelta(days=14)).isoformat()
    if action == "reject" and confirm:
        data["confirmed"] = "yes"
    token = csrf_token(client, f"/office/dossiers/{code}")
    return client.post(f"/office/dossiers/{code}/{action}",
                       data={"csrf_token": token, **{f"{action}-{k}": v for k, v in data.items()}})
