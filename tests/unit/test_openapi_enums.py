"""The centre's OpenAPI document takes its enums from the Python types the API validates with, so a new status,
event kind, rating occasion or language cannot be accepted by the code and missing from the document."""
import ast
from pathlib import Path
from typing import get_args

from kiosk.central import messages, openapi
from kiosk.config import LANGUAGES
from kiosk.dossiers.calendar import KINDS
from kiosk.dossiers.lookup import REFUSALS
from kiosk.dossiers.models import Channel
from kiosk.dossiers.states import Status
from kiosk.ratings.services import REASONS

SCHEMAS = openapi.document()["components"]["schemas"]


def test_the_enums_are_the_python_ones():
    assert SCHEMAS["DossierState"]["properties"]["status"]["enum"] == [status.value for status in Status]
    assert SCHEMAS["EventIn"]["properties"]["to_status"]["enum"] == [status.value for status in Status]
    assert SCHEMAS["EventIn"]["properties"]["kind"]["enum"] == list(get_args(messages.EventKind))
    assert SCHEMAS["RatingIn"]["properties"]["occasion"]["enum"] == list(get_args(messages.RatingIn.model_fields[
        "occasion"].annotation))
    assert SCHEMAS["DossierIn"]["properties"]["locale"]["enum"] == list(LANGUAGES)
    assert SCHEMAS["DossierIn"]["properties"]["channel"]["enum"] == list(get_args(Channel))
    assert SCHEMAS["RatingIn"]["properties"]["reasons"]["maxItems"] == len(REASONS)
    assert SCHEMAS["LookupOut"]["properties"]["reason"]["enum"] == list(REFUSALS)
    assert SCHEMAS["Feed"]["properties"]["entries"]["items"]["properties"]["data"]["properties"]["override"][
        "enum"] == list(KINDS)


def test_no_enum_value_is_typed_in_the_document():
    typed = {node.value for node in ast.walk(ast.parse(Path(openapi.__file__).read_text()))
             if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    values = {*Status, *get_args(messages.EventKind), *get_args(Channel), *LANGUAGES, "submission", "handover",
              *REFUSALS, *KINDS}
    # "status" and "signature" are also properties' names
    assert not typed & ({str(value) for value in values} - {"status", "signature"})
