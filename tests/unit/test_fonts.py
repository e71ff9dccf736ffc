"""The shipped fonts are cut down to the characters the kiosk writes (Latin and Vietnamese, its punctuation
and the đồng sign), which keeps a terminal's memory within budget: every character a slip or page may need
must still be there."""
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFont

ROOT = Path(__file__).resolve().parents[2]
FONTS = ["DejaVuSans", "DejaVuSans-Bold", "NotoSerif-Regular", "NotoSerif-Bold", "NotoSerif-Italic"]
VIETNAMESE = ("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư"
              + "".join(chr(code) for code in range(0x1EA0, 0x1EFA)))
ALSO = "₫–—“”‘’•…№×0123456789"


def _written_characters() -> set[str]:
    """Every character of the catalogue, the translations and the slips' wording."""
    sources = [*(ROOT / "kiosk" / "catalogue").rglob("*.yaml"), ROOT / "kiosk" / "printing" / "templates.yaml",
               ROOT / "kiosk" / "translations" / "vi" / "LC_MESSAGES" / "messages.po"]
    return {ch for path in sources for ch in path.read_text(encoding="utf-8") if ch.isprintable() and ch != " "}


@pytest.mark.parametrize("name", FONTS)
def test_every_character_the_kiosk_writes_is_in_the_font(name):
    face = TTFont(name, str(ROOT / "static" / "fonts" / f"{name}.ttf")).face
    needed = _written_characters() | set(VIETNAMESE) | set(ALSO) | {chr(code) for code in range(0x20, 0x7F)}
    missing = sorted(ch for ch in needed if ord(ch) not in face.charToGlyph)
    assert not missing, f"{name} lacks {missing}: widen the subset (static/fonts/README.md)"
