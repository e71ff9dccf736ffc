"""The terminal's own printer, through CUPS: `lp` sends a slip, IPP tells how the job went.

`lp` is the ordinary client (cups-client). The job's fate is read with one IPP request
(Get-Job-Attributes, and the queue's state), which `lpstat` cannot give: it lists an aborted job
among the completed ones.
"""
import http.client
import math
import os
import re
import struct
import subprocess
from dataclasses import dataclass

from reportlab.lib.units import mm

# The media each paper needs; the roll's length is the slip's own (render_slip cuts it to the content).
MEDIA = {"a5": "A5", "a4": "A4"}
SUBMIT_TIMEOUT_S = 20
IPP_TIMEOUT_S = 5

# Job states (RFC 8011 §5.3.7) and printer states (§5.4.11).
PENDING, HELD, PROCESSING, PROCESSING_STOPPED, CANCELED, ABORTED, COMPLETED = range(3, 10)
PRINTER_STOPPED = 5


class PrintFailed(RuntimeError):
    """CUPS refused the job (no such queue, a queue not accepting jobs, cupsd down)."""


@dataclass(frozen=True)
class Job:
    queue: str
    number: int

    @property
    def name(self) -> str:
        return f"{self.queue}-{self.number}"


def media_for(pdf: bytes, paper: str) -> str:
    if paper in MEDIA:
        return MEDIA[paper]
    return f"Custom.80x{math.ceil(page_height(pdf) / mm)}mm"


def page_height(pdf: bytes) -> float:
    """The first page's height in points, from its MediaBox (our PDFs are written uncompressed)."""
    match = re.search(rb"/MediaBox\s*\[\s*[\d.]+\s+[\d.]+\s+[\d.]+\s+([\d.]+)\s*\]", pdf)
    if match is None:
        raise ValueError("no MediaBox in the PDF")
    return float(match.group(1))


def lp_command(queue: str, title: str, media: str) -> list[str]:
    # fit-to-page: a sheet printer whose margins are wider than the slip's shrinks it instead of clipping.
    return ["lp", "-d", queue, "-t", title, "-n", "1", "-o", f"media={media}", "-o", "fit-to-page", "-"]


def submit(pdf: bytes, queue: str, paper: str, title: str) -> Job:
    try:
        done = subprocess.run(lp_command(queue, title, media_for(pdf, paper)), input=pdf, capture_output=True,
                              timeout=SUBMIT_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PrintFailed(str(exc)) from exc
    match = re.search(rb"request id is (\S+)-(\d+)", done.stdout)
    if done.returncode != 0 or match is None:
        raise PrintFailed((done.stderr or done.stdout).decode(errors="replace").strip())
    return Job(match.group(1).decode(), int(match.group(2)))


def state(job: Job) -> str:
    """'printing', 'printed' or 'problem' (a failed or cancelled job, a stopped queue, CUPS unreachable)."""
    try:
        job_state = _attributes(0x0009, _printer_uri(job.queue), job_id=job.number).get("job-state")
        if job_state == COMPLETED:
            return "printed"
        if job_state in (CANCELED, ABORTED, PROCESSING_STOPPED, None):
            return "problem"
        printer_state = _attributes(0x000B, _printer_uri(job.queue)).get("printer-state")
    except (OSError, ValueError, http.client.HTTPException):
        return "problem"
    return "problem" if printer_state == PRINTER_STOPPED else "printing"


def _server() -> tuple[str, int]:
    host, _sep, port = os.environ.get("CUPS_SERVER", "localhost").partition(":")
    if host.startswith("/"):  # a socket path: CUPS also listens on localhost
        host = "localhost"
    return host, int(port or 631)


def _printer_uri(queue: str) -> str:
    return f"ipp://localhost/printers/{queue}"


def _attribute(tag: int, name: str, value: bytes) -> bytes:
    encoded = name.encode()
    return struct.pack(">BH", tag, len(encoded)) + encoded + struct.pack(">H", len(value)) + value


def _attributes(operation: int, printer_uri: str, job_id: int | None = None) -> dict:
    """One IPP/1.1 request to the local CUPS; the answer's integer and enum attributes by name."""
    body = struct.pack(">BBHI", 1, 1, operation, 1) + b"\x01"
    body += _attribute(0x47, "attributes-charset", b"utf-8")
    body += _attribute(0x48, "attributes-natural-language", b"en")
    body += _attribute(0x45, "printer-uri", printer_uri.encode())
    if job_id is not None:
        body += _attribute(0x21, "job-id", struct.pack(">i", job_id))
    body += b"\x03"
    host, port = _server()
    connection = http.client.HTTPConnection(host, port, timeout=IPP_TIMEOUT_S)
    try:
        connection.request("POST", "/", body, {"Content-Type": "application/ipp"})
        response = connection.getresponse()
        data = response.read()
    finally:
        connection.close()
    if response.status != 200 or len(data) < 9:
        raise ValueError(f"IPP answered HTTP {response.status}")
    status = struct.unpack(">H", data[2:4])[0]
    if status >= 0x0400:  # client-error-not-found and the like: no such job or queue
        return {}
    return _parse(data[8:])


def _parse(data: bytes) -> dict:
    found, position, name = {}, 0, ""
    while position < len(data):
        tag = data[position]
        position += 1
        if tag == 0x03:
            break
        if tag < 0x10:  # the start of an attribute group
            continue
        name_length = struct.unpack(">H", data[position:position + 2])[0]
        position += 2
        name = data[position:position + name_length].decode() or name  # an empty name: another value
        position += name_length
        value_length = struct.unpack(">H", data[position:position + 2])[0]
        position += 2
        value = data[position:position + value_length]
        position += value_length
        if tag in (0x21, 0x23) and value_length == 4 and name not in found:  # integer, enum
            found[name] = struct.unpack(">i", value)[0]
    return found
