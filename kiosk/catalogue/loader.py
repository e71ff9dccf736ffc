"""Load and validate every procedure file of a folder."""
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from kiosk.core.text import fold

from .schema import Procedure
from .search import SearchIndex

DEFAULT_FOLDER = Path(__file__).parent / "procedures"


class CatalogueError(ValueError):
    """A procedure file that cannot be used; the message names the file and the field."""


def _describe(path: Path, error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "(top level)"
    return f"{path.name}: {where}: {first['msg']}"


def load_procedure(path: Path) -> Procedure:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{path.name}: not valid YAML: {exc}") from exc
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
    procedures = {}
    for path in sorted(Path(folder).glob("*.yaml")):
        procedure = load_procedure(path)
        procedures[procedure.code] = procedure
    if not procedures:
        raise CatalogueError(f"{folder}: no procedure files")
    return Catalogue(procedures)
