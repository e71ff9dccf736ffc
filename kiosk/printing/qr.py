"""QR codes: the payload becomes a module matrix, and the matrix becomes vector rectangles.

Kept apart so the matrix can be tested (and decoded) without a PDF, and drawing needs no image.
"""
import qrcode
from qrcode.constants import ERROR_CORRECT_M

QUIET_ZONE = 4  # modules of white the standard asks for around the code


def matrix(payload: str) -> list[list[bool]]:
    """Rows of modules, True for dark, without the quiet zone."""
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


def side(modules: list[list[bool]]) -> int:
    """Modules across the printed square, quiet zone included."""
    return len(modules) + 2 * QUIET_ZONE


def path_operators(modules: list[list[bool]]) -> str:
    """The dark runs as one PDF path in module units, row 0 at the top, filled in one go.

    Written as integers straight into the content stream: going through reportlab's path object
    formats every coordinate as a float, several hundred a code, which was a third of a slip's time.
    """
    rects = [f"{start} {-row - 1} {length} 1 re"
             for row, cells in enumerate(modules) for start, length in dark_runs(cells)]
    return "\n".join(rects) + "\nf"


def draw(canvas, modules: list[list[bool]], x: float, y: float, size: float) -> None:
    """Draw the code with its quiet zone inside the square whose lower-left corner is (x, y)."""
    unit = size / side(modules)
    canvas.saveState()
    # Module units from here on: origin at the code's top-left corner, inside the quiet zone.
    canvas.transform(unit, 0, 0, unit, x + QUIET_ZONE * unit, y + size - QUIET_ZONE * unit)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.addLiteral(path_operators(modules))
    canvas.restoreState()
