"""Benchmarks for the performance budgets (DESIGN.md §11), run as `kiosk bench …` from a source checkout.
They are not in the package: a ward's installation has no use for them, and some empty the database
they are given."""
from pathlib import Path

# Servers the benchmarks start in a subprocess import from here, wherever that subprocess runs.
CHECKOUT = str(Path(__file__).resolve().parent.parent)
