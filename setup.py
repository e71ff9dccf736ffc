"""Builds carry the repository's top-level `templates/`, `static/` and `migrations/` inside the package.

They stay at the top of the repository (the project's layout), so the build copies them into
`kiosk/_shipped/` of the wheel, where `kiosk.paths.shipped()` finds them once installed. A build step
rather than setuptools' alternatives: `data_files` install outside the package (under the environment's
`share/`), where code finds them only by guessing the prefix; mapping the folders as packages through
`package_dir` would make `templates` an importable "package" and trip up editable installs. An editable
install copies nothing: `shipped()` then reads the checkout's folders, the ones being edited.
The sdist carries the folders through MANIFEST.in, so a wheel built from it is the same.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SHIPPED = ("templates", "static", "migrations")  # as kiosk/paths.py names them


class BuildPyWithShipped(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "kiosk" / "_shipped"
        for name in SHIPPED:
            shutil.rmtree(target / name, ignore_errors=True)
            shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))

    def get_outputs(self, include_bytecode=True):
        # Listed, so that the wheel's RECORD and `pip uninstall` know the copied files.
        target = Path(self.build_lib) / "kiosk" / "_shipped"
        shipped = [str(path) for name in SHIPPED for path in (target / name).rglob("*") if path.is_file()]
        return [*super().get_outputs(include_bytecode), *shipped]


setup(cmdclass={"build_py": BuildPyWithShipped})
