"""Every message the code and templates use has a Vietnamese translation, compiled and current."""
import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "kiosk" / "translations" / "vi" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")


def extracted_ids(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F", "babel.cfg",
                    "-k", "_l", "-o", str(pot), "."], cwd=ROOT, check=True)
    with pot.open("rb") as handle:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}


def test_every_message_has_a_vietnamese_translation(tmp_path):
    with PO.open("rb") as handle:
        catalog = read_po(handle)
    translated = {
        (m.id if isinstance(m.id, str) else m.id[0])
        for m in catalog if m.id and all(m.string if isinstance(m.string, tuple) else [m.string])
        and not m.fuzzy
    }
    missing = extracted_ids(tmp_path) - translated
    assert not missing, f"untranslated: {sorted(missing)}"


def test_compiled_catalogue_matches_the_po_file():
    with PO.open("rb") as po_handle, MO.open("rb") as mo_handle:
        po, mo = read_po(po_handle), read_mo(mo_handle)
    assert _table(po) == _table(mo)


def _table(catalog):
    def key(value):
        return tuple(value) if isinstance(value, list | tuple) else value

    return {key(m.id): key(m.string) for m in catalog if m.id and not m.fuzzy}
