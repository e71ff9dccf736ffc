"""What terminals send the centre, as checked models: anything else in a body is refused."""
from datetime import UTC, date, datetime, timedelta
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from kiosk.config import LANGUAGES
from kiosk.core import clock
from kiosk.documents.scans import MAX_BYTES
from kiosk.dossiers.models import Channel
from kiosk.dossiers.states import Status
from kiosk.ratings.services import REASONS, Occasion

# Dates a terminal may send: none before the service began, none from tomorrow on (a terminal's clock may
# be off by minutes, not days), and a due date within a few years of filing. Outside that, a date is an
# error or an attack, and years like 1 or 9999 break local-time and calendar arithmetic.
Locale = Literal[LANGUAGES]
EARLIEST = date(2020, 1, 1)
LONGEST_PROCESSING = timedelta(days=3 * 366)


def _latest() -> date:
    return (clock.utcnow() + timedelta(days=1)).date()


def _plausible_day(value: date) -> date:
    if not EARLIEST <= value <= _latest():
        raise ValueError(f"must be between {EARLIEST} and tomorrow")
    return value


class DossierIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(max_length=32)
    procedure_code: str = Field(max_length=64)
    channel: Channel
    applicant_name: str = Field(min_length=1, max_length=200)
    phone_last4: str = Field(pattern=r"^\d{4}$")
    answers: dict
    fee: int = Field(ge=0, le=2**31 - 1)  # đồng, in the database's integer
    locale: Locale
    submitted_at: datetime
    due_on: date

    @field_validator("submitted_at")
    @classmethod
    def submitted_in_utc_and_plausible(cls, value: datetime) -> datetime:
        """Stored as naive UTC, like every time in the database; an offset is converted, not dropped."""
        _plausible_day(value.date())
        return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value

    @field_validator("due_on")
    @classmethod
    def due_after_filing(cls, value: date, info: ValidationInfo) -> date:
        filed = info.data["submitted_at"].date() if "submitted_at" in info.data else _latest()
        if not filed - timedelta(days=1) <= value <= filed + LONGEST_PROCESSING:
            raise ValueError("must fall between the filing day and three years later")
        return value


class _Data(BaseModel):
    """An event's data is kept as sent: its values must already be of their type (no "2" for 2)."""

    model_config = ConfigDict(extra="forbid")


class FeePaidData(_Data):
    receipt_no: StrictStr = Field(max_length=40)
    amount: StrictInt = Field(ge=0, le=2**31 - 1)
    method: Literal["cash", "transfer"]


class FeeVoidedData(_Data):
    receipt_no: StrictStr = Field(max_length=40)
    amount: StrictInt = Field(ge=0, le=2**31 - 1)
    reason: StrictStr = Field(min_length=1, max_length=400)


class ApologyData(_Data):
    new_date: date
    reason: StrictStr = Field(min_length=1, max_length=300)

    @field_validator("new_date")
    @classmethod
    def new_date_plausible(cls, value: date) -> date:
        if not EARLIEST <= value <= _latest() + LONGEST_PROCESSING:
            raise ValueError("must fall between 2020 and three years from now")
        return value


class CopyData(_Data):
    copy_no: StrictInt = Field(alias="copy", ge=1, le=10_000)


class FeeReceiptData(_Data):
    receipt_no: StrictStr = Field(max_length=40)


class SupplementData(_Data):
    """What an officer asks the resident to bring, and by when: the feed carries it to the terminal that filed
    the dossier, whose look-up page and text message say it as the centre's do."""

    items: StrictStr = Field(min_length=1, max_length=500)
    deadline: date


# An officer's decisions that carry typed data in the feed, by the status they set; the others carry none.
DECISION_DATA: dict[str, type[_Data]] = {Status.SUPPLEMENT_REQUESTED: SupplementData}


# The events a ward records that change no status, each with the shape of its data (None: it has none).
# A kind missing here is refused, so a new operation's events cannot reach the centre unnoticed.
RECORDED_KINDS: dict[str, type[_Data] | None] = {
    "fee_paid": FeePaidData,
    "fee_receipt_voided": FeeVoidedData,
    "apology_issued": ApologyData,
    "supplement_slip_printed": None,
    "receipt_printed": None,
    "receipt_reprinted": CopyData,
    "fee_receipt_printed": FeeReceiptData,
    "result_slip_printed": None,
}
EVENT_KINDS = ("status", *RECORDED_KINDS)
EventKind = Literal[EVENT_KINDS]  # a status change made at the ward, or an event that changes no status
DATA_OPTIONAL = {"fee_paid"}  # sent without data by terminals of before its data was typed

class EventIn(BaseModel):
    """A status change made at the ward (the hand-over), or an event that changes no status (kind: a fee paid
    or voided, an apology with its new date, a print), with its typed data."""

    model_config = ConfigDict(extra="forbid")

    kind: EventKind = "status"
    to_status: Status | None = None
    actor: str = Field(max_length=100)
    reason: str | None = Field(default=None, max_length=500)
    data: dict | None = Field(default=None, max_length=20)  # the event's typed data, kept as sent

    @model_validator(mode="after")
    def status_changes_name_their_status(self):
        if (self.kind == "status") != (self.to_status is not None):
            raise ValueError("to_status is required for a status change and only allowed there")
        return self

    @model_validator(mode="after")
    def data_has_its_kind_shape(self):
        shape = RECORDED_KINDS.get(self.kind)
        if shape is None:
            if self.kind in RECORDED_KINDS and self.data:
                raise ValueError(f"a {self.kind} event carries no data")
        elif self.data is not None or self.kind not in DATA_OPTIONAL:
            try:
                shape.model_validate(self.data or {})
            except ValidationError as error:
                first = error.errors()[0]
                raise ValueError(f"data.{'.'.join(map(str, first['loc']))}: {first['msg']}") from error
        return self


class DocumentIn(BaseModel):
    """A scan attached at the ward: the cleaned JPEG, base64; the centre checks and cleans it again."""

    model_config = ConfigDict(extra="forbid")

    document_index: int = Field(ge=0, le=100)
    actor: str = Field(max_length=100)
    jpeg: str = Field(min_length=1, max_length=4 * MAX_BYTES // 3 + 4)


class RatingIn(BaseModel):
    """An anonymous rating: `id` is the terminal's keyed hash of dossier and occasion, nothing more."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern="^[0-9a-f]{64}$")
    occasion: Occasion
    procedure_code: str = Field(max_length=64)
    channel: Channel
    score: int = Field(ge=1, le=5)
    reasons: list[str] = Field(max_length=len(REASONS))
    rated_on: date

    @field_validator("rated_on")
    @classmethod
    def rated_on_plausible(cls, value: date) -> date:
        return _plausible_day(value)


class BatchItem(BaseModel):
    """One message of a batch, exactly as it would have been sent alone."""

    model_config = ConfigDict(extra="forbid")

    path: str = Field(max_length=200)
    key: str = Field(max_length=100)
    body: str


class BatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    items: list[BatchItem] = Field(min_length=1, max_length=100)
