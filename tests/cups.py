"""A real CUPS queue for the printing tests: cupsd (started here if needed, no systemd), a cups-pdf
printer added with lpadmin, and the PDFs it writes read back from a known folder."""
import os
import re
import subprocess
import time
from pathlib import Path

import pytest

from tests.support import IN_CI, require_tool

QUEUE = "kiosk-test"
CUPS_PDF_CONF = Path("/etc/cups/cups-pdf.conf")
OUT = Path("/var/spool/cups-pdf/kiosk-test")  # cups-pdf's `Out` while the tests run (its AppArmor profile allows it)


def _unavailable(reason):
    if IN_CI:
        pytest.fail(f"CUPS: {reason} (.ci/run installs cups, printer-driver-cups-pdf and cups-client)")
    pytest.skip(f"CUPS: {reason}")


def _running() -> bool:
    return subprocess.run(["lpstat", "-r"], capture_output=True, text=True).stdout.strip() == "scheduler is running"


def start_queue() -> str:
    """cupsd up, the cups-pdf queue QUEUE enabled and writing into OUT; returns the queue's name."""
    for tool in ("lp", "lpstat", "lpadmin", "lpinfo", "cupsd", "cupsenable", "pdftotext", "pdftoppm"):
        require_tool(tool)
    if not CUPS_PDF_CONF.exists():
        _unavailable(f"{CUPS_PDF_CONF} is missing (printer-driver-cups-pdf)")
    if not _running():
        subprocess.run(["cupsd"], check=True)  # daemonizes
        for _ in range(50):
            if _running():
                break
            time.sleep(0.1)
        else:
            _unavailable("cupsd did not start")
    conf = CUPS_PDF_CONF.read_text()
    wanted = f"Out {OUT}"
    if not re.search(rf"^{re.escape(wanted)}$", conf, re.M):
        if not os.access(CUPS_PDF_CONF, os.W_OK):
            _unavailable(f"cannot set the output folder in {CUPS_PDF_CONF} (run as root)")
        conf = re.sub(r"^#?\s*Out\s.*$", wanted, conf, count=1, flags=re.M)
        CUPS_PDF_CONF.write_text(conf if wanted in conf else conf + f"\n{wanted}\n")
    OUT.mkdir(parents=True, exist_ok=True)
    models = subprocess.run(["lpinfo", "-m"], capture_output=True, text=True, check=True).stdout
    ppd = next((line.split()[0] for line in models.splitlines() if "CUPS-PDF_opt" in line), None)
    if ppd is None:
        _unavailable("no CUPS-PDF driver in `lpinfo -m`")
    subprocess.run(["lpadmin", "-p", QUEUE, "-E", "-v", "cups-pdf:/", "-m", ppd], check=True, capture_output=True)
    enable()
    return QUEUE


def enable():
    subprocess.run(["cupsenable", QUEUE], check=True)
    subprocess.run(["cancel", "-a", QUEUE], capture_output=True)


def disable():
    """The queue stopped, as CUPS does when the printer is out of paper or unplugged."""
    subprocess.run(["cupsdisable", QUEUE], check=True)


def printed_pdf(job_number: int, timeout: float = 60) -> Path:
    """The PDF cups-pdf wrote for the job (it names files `<title>-job_<n>.pdf`)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = list(OUT.rglob(f"*-job_{job_number}.pdf"))
        if found and found[0].stat().st_size > 0:
            time.sleep(0.2)  # let cups-pdf finish writing
            return found[0]
        time.sleep(0.2)
    raise AssertionError(f"cups-pdf wrote no PDF for job {job_number} in {OUT}")
