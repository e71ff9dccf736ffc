"""The shipped DejaVu fonts, registered with reportlab once per process.

Helvetica, reportlab's default, has no Vietnamese glyphs: every slip uses these instead.
"""
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_FOLDER = Path(__file__).resolve().parents[2] / "static" / "fonts"
REGULAR = "Kiosk"
BOLD = "Kiosk-Bold"


@cache
def register() -> tuple[str, str]:
    pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_FOLDER / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONT_FOLDER / "DejaVuSans-Bold.ttf")))
    return REGULAR, BOLD


def width(text: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, font, size)


def wrap(text: str, font: str, size: float, max_width: float) -> list[str]:
    """Lines of at most `max_width` points, broken at spaces; a word too long is broken anywhere."""
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if width(candidate, font, size) <= max_width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while width(word, font, size) > max_width:  # e.g. a long URL or code
            cut = next(i for i in range(len(word), 0, -1) if width(word[:i], font, size) <= max_width)
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines or [""]
