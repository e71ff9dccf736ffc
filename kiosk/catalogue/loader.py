"""Load and validate every procedure file of a folder."""
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from kiosk.core.text import fold

from .schema import Procedure
from .search import SearchIndex

DEFAULT_FOLDER = Path(__file__).parent / "procedures"
EXEMPTION_SETS = Path(__file__).parent / "exemption_sets.yaml"


class CatalogueError(ValueError):
    """A procedure file that cannot be used; the message names the file and the field."""


def _describe(path: Path, error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "(top level)"
    return f"{path.name}: {where}: {first['msg']}"


def _exemption_sets() -> dict:
    return yaml.safe_load(EXEMPTION_SETS.read_text(encoding="utf-8"))


def _with_shared_exemptions(path: Path, data, sets: dict):
    """Write a shared exemption set into the procedure that names it: its choices into the field that
    asks, its rule into the fee. The law grants these to a group of procedures; files must not copy them."""
    if not isinstance(data, dict) or not isinstance(data.get("fee"), dict):
        return data
    name = data["fee"].pop("exemption_set", None)
    if name is not None and name not in sets:
        raise CatalogueError(f"{path.name}: fee.exemption_set: no set {name!r} in {EXEMPTION_SETS.name}")
    fields = [f for step in data.get("steps") or () for f in step.get("fields") or () if isinstance(f, dict)]
    asking = [f for f in fields if "choices_from" in f]
    for field in asking:
        if field["choices_from"] != name:
            raise CatalogueError(f"{path.name}: {field.get('name')}.choices_from: must name fee.exemption_set")
        shared = sets[field.pop("choices_from")]
        field["choices"] = shared["choices"]
        field.setdefault("default", "none")  # most residents are not exempt; the few who are say so
    if name is None:
        return data
    shared = sets[name]
    if not any(f.get("name") == shared["field"] for f in asking):
        raise CatalogueError(f"{path.name}: fee.exemption_set: needs a choice field {shared['field']!r} "
                             f"with choices_from: {name}")
    exempt = [c["value"] for c in shared["choices"] if c["value"] != "none"]
    data["fee"]["exemptions"] = [*data["fee"].get("exemptions", ()),
                                 {"field": shared["field"], "equals": exempt, "label": shared["label"]}]
    return data


def load_procedure(path: Path, sets: dict | None = None) -> Procedure:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{path.name}: not valid YAML: {exc}") from exc
    data = _with_shared_exemptions(path, data, _exemption_sets() if sets is None else sets)
    try:
        procedure = Procedure.model_validate(data)
    except ValidationError as exc:
        raise CatalogueError(_describe(path, exc)) from exc
    if procedure.code != path.stem:
        raise CatalogueError(f"{path.name}: code: {procedure.code!r} must match the file name")
    return procedure


@dataclass
class Catalogue:
    procedures: dict[str, Procedure]

    def __post_init__(self):
        self.index = SearchIndex(self.procedures.values())

    def get(self, code: str) -> Procedure | None:
        return self.procedures.get(code)

    def search(self, query: str, field: str | None = None) -> list[Procedure]:
        return self.index.search(query, field)

    def closest(self, query: str, limit: int = 3) -> list[Procedure]:
        """When a search finds nothing: the procedures whose names look most like the query."""
        return self.index.closest(query, limit)

    def fields(self) -> list[str]:
        """The fields (civil status, construction…) that have procedures, for browsing."""
        return sorted({p.field for p in self.procedures.values()})

    def all(self) -> list[Procedure]:
        return sorted(self.procedures.values(), key=lambda p: fold(p.name.vi))


def load_catalogue(folder: Path = DEFAULT_FOLDER) -> Catalogue:
    procedures, sets = {}, _exemption_sets()
    for path in sorted(Path(folder).glob("*.yaml")):
        procedure = load_procedure(path, sets)
        procedures[procedure.code] = procedure
    if not procedures:
        raise CatalogueError(f"{folder}: no procedure files")
    return Catalogue(procedures)
