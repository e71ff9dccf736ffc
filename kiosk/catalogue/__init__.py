"""The procedure catalogue: procedures are data files, validated when loaded."""
from .loader import Catalogue, CatalogueError, load_catalogue

__all__ = ["Catalogue", "CatalogueError", "load_catalogue"]
