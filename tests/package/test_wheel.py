"""The kiosk as a ward installs it: the wheel built from the sdist, installed in a new virtual environment,
run from a folder outside the checkout. A resident files a dossier over real HTTP and gets its receipt.

The new environment gets the wheel alone; its dependencies come from the environment running the tests
(where `pip install -r requirements.lock` put them), linked by a `.pth` file. Installing them afresh from
the package index takes a minute or more; a linked folder's own `.pth` files are not read, so the
checkout's editable install stays invisible there and `kiosk` can only be the wheel's. The wheel's declared
requirements are checked against what that environment holds.
"""
import os
import re
import signal
import site
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import requests

from kiosk import __version__
from tests.support import BIRTH, IN_CI, require_tool

pytestmark = pytest.mark.package
CHECKOUT = Path(__file__).resolve().parents[2]
SECRET = "Wq8-tN3vB6yH1kP9mZ4cR7xL2dF5sJ0gE-aU"  # strong, as `kiosk keys new` makes them


def _build(out: Path) -> Path:
    try:
        import build  # noqa: F401
    except ImportError:
        if IN_CI:
            pytest.fail("the `build` package is missing: it is in the test extra and requirements.lock")
        pytest.skip("the `build` package is not installed")
    # sdist first, then the wheel from the sdist: so the sdist must carry templates/static/migrations too.
    result = subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(CHECKOUT)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (wheel,) = out.glob("ward_kiosk-*.whl")
    return wheel


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    return _build(tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory):
    """A new virtual environment holding the wheel; returns its bin folder."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", "--clear", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                                  check=True, capture_output=True, text=True).stdout.strip())
    # Appended after the environment's own folder: the wheel's `kiosk` comes first, the checkout never.
    linked = [p for p in [*site.getsitepackages(), site.getusersitepackages()] if Path(p).is_dir()]
    (purelib / "zz_test_dependencies.pth").write_text("\n".join(linked) + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
                    "--quiet", str(wheel)], check=True, cwd=venv)
    return venv / "bin"


def test_the_wheel_carries_the_kiosk_and_not_its_benchmarks(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    for needed in ["kiosk/_shipped/templates/base.html", "kiosk/_shipped/templates/resident/done.html",
                   "kiosk/_shipped/static/css/kiosk.css", "kiosk/_shipped/static/js/kiosk.js",
                   "kiosk/_shipped/static/fonts/DejaVuSans.ttf", "kiosk/_shipped/static/fonts/LICENSE-DejaVu.txt",
                   "kiosk/_shipped/migrations/env.py", "kiosk/_shipped/migrations/alembic.ini",
                   "kiosk/_shipped/migrations/versions/0001_initial_schema.py",
                   "kiosk/catalogue/synonyms.yaml", "kiosk/catalogue/procedures/khai-sinh.yaml",
                   "kiosk/translations/vi/LC_MESSAGES/messages.mo"]:
        assert needed in names, needed
    shipped_templates = {n for n in names if n.startswith("kiosk/_shipped/templates/")}
    assert len(shipped_templates) == len([p for p in (CHECKOUT / "templates").rglob("*") if p.is_file()])
    versions = {Path(n).name for n in names if n.startswith("kiosk/_shipped/migrations/versions/")}
    assert versions == {p.name for p in (CHECKOUT / "migrations" / "versions").glob("*.py")}
    assert not [n for n in names if "bench" in n or n.startswith(("benchmarks/", "tests/")) or "loopback" in n]
    assert Path(wheel).name == f"ward_kiosk-{__version__}-py3-none-any.whl"


def test_the_sdist_carries_what_the_wheel_is_built_from(wheel):
    import tarfile

    (sdist,) = Path(wheel).parent.glob("ward_kiosk-*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {"setup.py", "setup.cfg", "MANIFEST.in", "requirements.lock", "CHANGELOG.md", "templates/base.html",
            "static/fonts/LICENSE-DejaVu.txt", "migrations/env.py", "kiosk/catalogue/synonyms.yaml"} <= names
    assert not [n for n in names if n.startswith(("benchmarks/", "kiosk/_shipped/")) or "bench" in n]


def _env(home: Path, **settings) -> dict:
    """No KIOSK_* of the shell running the tests, no PYTHONPATH: only what a technician would set."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KIOSK_", "PYTHON", "XDG_", "FLASK_"))}
    env.update(HOME=str(home), **{f"KIOSK_{k}": str(v) for k, v in settings.items()})
    return env


def _run(bin_dir, args, cwd, env, check=True):
    result = subprocess.run([str(bin_dir / "kiosk"), *args], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=120)
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`kiosk …` serving on a port, stopped (SIGTERM) when the block ends."""

    def __init__(self, bin_dir, args, cwd, env):
        self.port = _free_port()
        self.log = cwd / f"server-{self.port}.log"
        self.process = subprocess.Popen([str(bin_dir / "kiosk"), *args, "--port", str(self.port)], cwd=cwd,
                                        env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT)
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()
            try:
                requests.get(f"{self.url}/healthz", timeout=2)
                return self
            except requests.ConnectionError:
                time.sleep(0.2)
        raise AssertionError(f"no answer on {self.url}: {self.log.read_text()}")

    def __exit__(self, *_exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|name="csrf-token" content="([^"]+)"')


def _token(http, url):
    response = http.get(url, timeout=10)
    assert response.status_code == 200, (url, response.status_code)
    match = TOKEN.search(response.text)
    return match.group(1) or match.group(2)


def _file_birth_registration(http, base) -> str:
    """A resident files a birth registration through the pages; returns the dossier code."""
    started = http.post(f"{base}/procedures/khai-sinh/start", allow_redirects=False, timeout=10,
                        data={"csrf_token": _token(http, f"{base}/procedures/khai-sinh")})
    assert started.status_code == 302
    for step_id, values in BIRTH.items():
        page = f"{base}/apply/{step_id}"
        answered = http.post(page, data={"csrf_token": _token(http, page), **values}, allow_redirects=False,
                             timeout=10)
        assert answered.status_code == 302, answered.text[:2000]
    check = http.get(f"{base}/apply/check", timeout=10).text
    key = re.search(r'name="submission_key" value="([^"]+)"', check).group(1)
    filed = http.post(f"{base}/apply/submit", allow_redirects=False, timeout=30,
                      data={"csrf_token": TOKEN.search(check).group(1) or TOKEN.search(check).group(2),
                            "submission_key": key, "declaration": "yes"})
    assert filed.status_code == 302, filed.text[:2000]
    return re.search(r"/dossiers/([^/]+)/done", filed.headers["Location"]).group(1)


def test_a_ward_runs_the_installed_demo_and_files_a_dossier(installed, tmp_path):
    require_tool("pdftotext")
    home, work = tmp_path / "home", tmp_path / "somewhere"
    home.mkdir()
    work.mkdir()
    env = _env(home)
    if Path("/var/lib/kiosk").exists():  # a service's data on this machine: the demo must not touch it
        env["KIOSK_INSTANCE_PATH"] = str(home / "data")
    where = subprocess.run([str(installed / "python"), "-c", "import kiosk; print(kiosk.__file__)"], cwd=work,
                           env=env, check=True, capture_output=True, text=True).stdout
    assert Path(where).resolve().is_relative_to(installed.parent), where  # the wheel's kiosk, not the checkout's
    assert _run(installed, ["--version"], work, env).stdout.strip() == f"kiosk {__version__}"
    bench = _run(installed, ["bench", "search"], work, env, check=False)
    assert bench.returncode != 0 and "source checkout" in bench.stderr

    with Server(installed, ["demo"], work, env) as demo:
        http = requests.Session()
        home_page = http.get(f"{demo.url}/", timeout=10)
        assert home_page.status_code == 200 and "Phường Ba Đình" in home_page.text
        assert http.get(f"{demo.url}/static/css/kiosk.css", timeout=10).status_code == 200
        assert http.get(f"{demo.url}/static/fonts/DejaVuSans.ttf", timeout=10).status_code == 200
        assert http.get(f"{demo.url}/readyz", timeout=10).json()["status"] == "ready"
        assert "Chọn thủ tục" in http.get(f"{demo.url}/procedures?q=khai+sinh", timeout=10).text
        code = _file_birth_registration(http, demo.url)
        done = http.get(f"{demo.url}/dossiers/{code}/done", timeout=10)
        assert done.status_code == 200 and code in done.text
        receipt = http.get(f"{demo.url}/dossiers/{code}/receipt.pdf", timeout=30)
        assert receipt.status_code == 200 and receipt.content.startswith(b"%PDF")
    pdf = tmp_path / "receipt.pdf"
    pdf.write_bytes(receipt.content)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    for expected in (code, "Trần Thị Mai", "Đăng ký khai sinh", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"):
        assert expected in text

    # The data folder: the user's (or the one set), never inside the installed package.
    data = Path(env.get("KIOSK_INSTANCE_PATH") or home / ".local" / "share" / "kiosk")
    assert (data / "kiosk.db").is_file() and (data / "secret_key").is_file()
    assert f"Data folder:    {data}" in (work / f"server-{demo.port}.log").read_text()
    package = Path(where).parent
    assert not [p for p in package.rglob("*") if p.suffix in (".db", ".log") or p.name in ("instance", "secret_key")]
    assert not (work / "instance").exists()


def test_a_terminal_and_a_centre_set_up_from_the_wheel(installed, tmp_path):
    work = tmp_path / "somewhere"
    work.mkdir()
    centre = _env(tmp_path, ROLE="central", SECRET_KEY=SECRET, INSTANCE_PATH=tmp_path / "centre",
                  PUBLIC_URL="https://centre.example.test")
    terminal = _env(tmp_path, ROLE="terminal", SECRET_KEY=SECRET, INSTANCE_PATH=tmp_path / "terminal",
                    PUBLIC_URL="https://centre.example.test",
                    CENTRAL_URL="http://127.0.0.1:9/", TERMINAL_KEY=SECRET)

    # Never migrated: serve refuses and names the command that fixes it.
    refused = _run(installed, ["serve"], work, terminal, check=False)
    assert refused.returncode != 0 and "kiosk upgrade" in refused.stderr, refused.stderr

    for env in (centre, terminal):
        assert "database is up to date" in _run(installed, ["init"], work, env).stdout
    with Server(installed, ["serve"], work, centre) as served:
        assert requests.get(f"{served.url}/readyz", timeout=10).json()["status"] == "ready"
        assert requests.get(f"{served.url}/api/v1/openapi.json", timeout=10).status_code == 200
    with Server(installed, ["serve"], work, terminal) as served:
        assert requests.get(f"{served.url}/readyz", timeout=10).status_code == 200
        assert requests.get(f"{served.url}/procedures", timeout=10).status_code == 200
    assert (tmp_path / "terminal" / "kiosk.db").is_file() and (tmp_path / "centre" / "kiosk.db").is_file()


def test_what_the_wheel_requires_is_there_at_an_accepted_version(installed, tmp_path):
    """Every requirement the wheel declares is present in the environment it runs in, at a version it accepts."""
    script = ("import importlib.metadata as m, sys\n"
              "from packaging.requirements import Requirement\n"
              "bad = []\n"
              "for text in m.requires('ward-kiosk') or []:\n"
              "    r = Requirement(text)\n"
              "    if r.marker is not None: continue\n"
              "    try: v = m.version(r.name)\n"
              "    except m.PackageNotFoundError: bad.append(f'{r.name} missing'); continue\n"
              "    if v not in r.specifier: bad.append(f'{r.name} {v} not {r.specifier}')\n"
              "print('; '.join(bad)); sys.exit(1 if bad else 0)\n")
    result = subprocess.run([str(installed / "python"), "-c", script], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
