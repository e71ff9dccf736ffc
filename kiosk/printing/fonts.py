"""The shipped DejaVu fonts, registered with reportlab once per process, and line breaking in them.

Helvetica, reportlab's default, has no Vietnamese glyphs: every slip uses these instead.
"""
from collections.abc import Iterator
from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from kiosk.paths import shipped

FONT_FOLDER = shipped("static") / "fonts"
REGULAR = "Kiosk"
BOLD = "Kiosk-Bold"
SERIF = "KioskSerif"
SERIF_BOLD = "KioskSerif-Bold"
SERIF_ITALIC = "KioskSerif-Italic"


@cache
def register() -> tuple[str, str]:
    """(regular, bold) font names; parsing a TTF takes tens of milliseconds, so only the first slip pays."""
    pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_FOLDER / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONT_FOLDER / "DejaVuSans-Bold.ttf")))
    return REGULAR, BOLD


@cache
def register_serif() -> tuple[str, str, str]:
    """(regular, bold, italic) of Noto Serif: official papers are set in a serif face, and Noto Serif
    has every Vietnamese letter and the đồng sign, which DejaVu Serif lacks (OFL, LICENSE-NotoSerif.txt)."""
    pdfmetrics.registerFont(TTFont(SERIF, str(FONT_FOLDER / "NotoSerif-Regular.ttf")))
    pdfmetrics.registerFont(TTFont(SERIF_BOLD, str(FONT_FOLDER / "NotoSerif-Bold.ttf")))
    pdfmetrics.registerFont(TTFont(SERIF_ITALIC, str(FONT_FOLDER / "NotoSerif-Italic.ttf")))
    return SERIF, SERIF_BOLD, SERIF_ITALIC


def width(text: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, font, size)


def _pieces(word: str, font: str, size: float, max_width: float) -> Iterator[tuple[str, float]]:
    """(piece, width): the word itself, or, when wider than a line (a long URL or code), cut anywhere."""
    word_width = width(word, font, size)
    while word_width > max_width and len(word) > 1:
        cut = next((i for i in range(len(word) - 1, 1, -1) if width(word[:i], font, size) <= max_width), 1)
        yield word[:cut], width(word[:cut], font, size)
        word = word[cut:]
        word_width = width(word, font, size)
    yield word, word_width


def wrap(text: str, font: str, size: float, max_width: float) -> list[str]:
    """Lines of at most `max_width` points, broken at spaces.

    Each word is measured once and line widths are added up, rather than re-measuring the growing
    line: wrapping is most of a slip's text work.
    """
    space = width(" ", font, size)
    lines, current, current_width = [], [], 0.0
    for word in text.split():
        for piece, piece_width in _pieces(word, font, size, max_width):
            if current and current_width + space + piece_width > max_width:
                lines.append(" ".join(current))
                current, current_width = [], 0.0
            current_width += piece_width + (space if current else 0.0)
            current.append(piece)
    if current:
        lines.append(" ".join(current))
    return lines or [""]


def balanced_wrap(text: str, font: str, size: float, max_width: float) -> list[str]:
    """As `wrap`, in as many lines but as even as they can be: a centred heading broken in two reads
    better as two halves than as a full line over a stub."""
    lines = wrap(text, font, size, max_width)
    if len(lines) < 2:
        return lines
    narrow, wide = 0.0, max_width
    for _ in range(6):  # to within a 64th of the width: a few points, finer than any word
        middle = (narrow + wide) / 2
        if len(wrap(text, font, size, middle)) > len(lines):
            narrow = middle
        else:
            wide = middle
    return wrap(text, font, size, wide)
