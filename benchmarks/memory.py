"""`kiosk bench memory`: the resident memory of a terminal's server process after residents have used it.

The terminal runs as `kiosk init && kiosk serve` runs it on a ward's machine, with its centre unreachable
(its sync worker backs off and keeps the filed dossiers queued). A resident's browser then walks every
procedure (its page, its printed list of documents, the form's first step or the blank form), searches the
catalogue, and files the demo's sample dossiers through the real forms, receipt included.
"""
import re
import secrets
import subprocess
import tempfile
from pathlib import Path

import requests

from kiosk.catalogue import load_catalogue
from kiosk.demo import SAMPLES
from kiosk.forms.builder import form_value
from kiosk.resident.wizard import applicable_steps

from .loopback import HOST
from .search import QUERIES
from .server import KIOSK, kiosk_env, serving

UNREACHABLE_CENTRE = f"http://{HOST}:9"  # the discard port: nothing answers there
CSRF_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
SUBMISSION_KEY = re.compile(r'name="submission_key" value="([^"]+)"')
RECEIPT_LINK = re.compile(r'action="(/dossiers/[^"]+/receipt/print)"')
DONE_PAGE = re.compile(r"/dossiers/([^/?#]+)/done")


class Resident:
    """A browser at the terminal: keeps its cookies, follows redirects, sends the page's CSRF token with
    every form, and counts the requests the server answered."""

    def __init__(self, port: int):
        self.http = requests.Session()
        self.base = f"http://{HOST}:{port}"
        self.requests = 0
        # the session's, for all its forms: from the look-up's form (a page without a form carries none)
        self.csrf_token = CSRF_TOKEN.search(self.get("/lookup").text).group(1)

    def get(self, path: str, **params) -> requests.Response:
        return self._answered(self.http.get(self.base + path, params=params, timeout=30))

    def post(self, path: str, data: dict | None = None) -> requests.Response:
        form = {"csrf_token": self.csrf_token, **(data or {})}
        return self._answered(self.http.post(self.base + path, data=form, timeout=30))

    def _answered(self, response: requests.Response) -> requests.Response:
        self.requests += 1 + len(response.history)
        response.raise_for_status()
        return response


def _browse(resident: Resident, catalogue) -> None:
    """The catalogue, searched and read procedure by procedure; a form started and left, or a blank one
    printed."""
    resident.get("/procedures")
    for query in QUERIES:
        resident.get("/procedures", q=query)
    for procedure in catalogue.procedures.values():
        resident.get(f"/procedures/{procedure.code}")
        resident.get(f"/procedures/{procedure.code}/checklist.pdf")
        if procedure.stage >= 3:
            resident.post(f"/procedures/{procedure.code}/start")  # shows its first step
            resident.post("/finish")
        else:
            resident.get(f"/procedures/{procedure.code}/form.pdf")
    resident.get("/lookup")


def _file(resident: Resident, procedure, answers: dict, open_receipt: bool = False) -> str:
    """File `answers` step by step through the forms, as a resident types them; print the receipt (and open
    its PDF, as the slip page shows it, with `open_receipt`). Returns the dossier's code."""
    resident.post(f"/procedures/{procedure.code}/start")
    for step in applicable_steps(procedure, answers):
        page = resident.post(f"/apply/{step.id}", {field.name: form_value(field, answers[field.name])
                                                   for field in step.fields if field.name in answers})
    key = SUBMISSION_KEY.search(page.text)
    if key is None:
        raise RuntimeError(f"the form of {procedure.code} refused the sample answers at {page.url}")
    done = resident.post("/apply/submit", {"submission_key": key.group(1), "declaration": "yes"})
    code = DONE_PAGE.search(done.url).group(1)
    resident.post(RECEIPT_LINK.search(done.text).group(1))
    if open_receipt:
        resident.get(f"/dossiers/{code}/receipt.pdf")
    resident.post("/finish", {"confirmed": "1"})
    return code


def _walk(port: int, rounds: int) -> int:
    """`rounds` walks through the catalogue, each filing the samples; returns the requests answered."""
    catalogue, resident = load_catalogue(), Resident(port)
    for _ in range(rounds):
        _browse(resident, catalogue)
        for code, answers in SAMPLES:
            _file(resident, catalogue.get(code), answers)
    return resident.requests


def _memory_mb(pid: int) -> dict:
    """Resident memory now (VmRSS) and at its highest (VmHWM), from the kernel's own account."""
    with open(f"/proc/{pid}/status") as status:
        fields = dict(line.split(":", 1) for line in status)  # e.g. "VmRSS:\t  119876 kB"
    return {"rss_mb": int(fields["VmRSS"].split()[0]) / 1024, "peak_rss_mb": int(fields["VmHWM"].split()[0]) / 1024}


def run(rounds: int = 20) -> dict:
    """A terminal served, walked `rounds` times, then its server process's resident memory."""
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-memory-") as folder:
        env = kiosk_env(Path(folder), ROLE="terminal", SECRET_KEY=secrets.token_urlsafe(48),
                        CENTRAL_URL=UNREACHABLE_CENTRE, TERMINAL_KEY=secrets.token_urlsafe(32),
                        PUBLIC_URL=f"http://{HOST}")
        subprocess.run([*KIOSK, "init"], env=env, check=True, stdout=subprocess.DEVNULL)
        command = [*KIOSK, "serve", "--host", HOST, "--port"]
        with serving(lambda port: [*command, str(port)], env) as (terminal, port):
            requests_answered = _walk(port, rounds)
            return {**_memory_mb(terminal.pid), "requests": requests_answered}


def format_line(figures: dict) -> str:
    """The line the CLI prints last, e.g. `rss_mb=81.3 peak_rss_mb=84.0 requests=3020`."""
    return (f"rss_mb={figures['rss_mb']:.1f} peak_rss_mb={figures['peak_rss_mb']:.1f} "
            f"requests={figures['requests']}")
