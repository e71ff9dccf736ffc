"""Vietnamese text: NFC normalisation and accent folding for search."""
import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfc(value: str) -> str:
    """Unicode NFC with collapsed whitespace: what we store."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value or "")).strip()


def fold(value: str) -> str:
    """Lower case without tone marks or diacritics: 'Đăng ký' -> 'dang ky'."""
    decomposed = unicodedata.normalize("NFD", nfc(value).lower().replace("đ", "d"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
