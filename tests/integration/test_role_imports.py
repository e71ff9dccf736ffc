"""A role imports what it serves (kiosk/roles.py names it as "module:attribute"): a terminal, on a small
machine, never loads the centre's API, back office, intake or message models. Each app is made in a fresh
interpreter, so what another test imported does not count."""
import json
import subprocess
import sys

import pytest

MADE = """
import json, sys
from kiosk.app import create_app
create_app({"CONFIG": "testing", "ROLE": sys.argv[1], "INSTANCE_PATH": sys.argv[2],
            "CENTRAL_URL": "http://127.0.0.1:9"})
print(json.dumps(sorted(name for name in sys.modules if name.startswith("kiosk.central"))))
"""


def central_modules(role, tmp_path) -> set[str]:
    done = subprocess.run([sys.executable, "-c", MADE, role, str(tmp_path)], capture_output=True, text=True,
                          check=True)
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_a_terminal_imports_none_of_the_centres_pages(tmp_path):
    assert central_modules("terminal", tmp_path) <= {"kiosk.central", "kiosk.central.models"}  # its tables only


@pytest.mark.parametrize("role", ["central", "standalone"])
def test_the_centre_imports_what_it_serves(role, tmp_path):
    """The check sees the imports: a role serving the API has them."""
    assert {"kiosk.central.api", "kiosk.central.office", "kiosk.central.intake",
            "kiosk.central.subscribers"} <= central_modules(role, tmp_path)
