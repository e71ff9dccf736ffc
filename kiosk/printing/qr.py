"""QR codes: the payload becomes a module matrix, and the matrix becomes vector rectangles.

Kept apart so the matrix can be tested (and decoded) without a PDF, and drawing needs no image.
"""
import qrcode
from qrcode.constants import ERROR_CORRECT_M

QUIET_ZONE = 4  # modules of white the standard asks for around the code


def matrix(payload: str) -> list[list[bool]]:
    # A fixed mask: choosing the "best" of eight costs most of a slip's render time, and any mask
    # decodes; the penalty rules only tune how evenly dark and light modules spread.
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0, mask_pattern=2)
    code.add_data(payload)
    code.make(fit=True)
    return code.get_matrix()


def dark_runs(row: list[bool]):
    """(start, length) of each run of dark modules: one rectangle a run, not one a module."""
    start = None
    for i, dark in enumerate([*row, False]):
        if dark and start is None:
            start = i
        elif not dark and start is not None:
            yield start, i - start
            start = None


def draw(canvas, payload: str, x: float, y: float, size: float) -> None:
    """Draw the code with its quiet zone inside the square whose lower-left corner is (x, y)."""
    modules = matrix(payload)
    count = len(modules) + 2 * QUIET_ZONE
    unit = size / count
    path = canvas.beginPath()
    for r, row in enumerate(modules):
        top = y + size - (r + QUIET_ZONE) * unit
        for start, length in dark_runs(row):
            # A hair of overlap so no white seams appear between rows when rasterised.
            path.rect(x + (start + QUIET_ZONE) * unit, top - unit, length * unit, unit * 1.02)
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
