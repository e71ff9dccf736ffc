"""The shape of a procedure file. Unknown keys are refused so a typo cannot pass silently."""
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A string in both languages residents can choose."""

    vi: str
    en: str

    def get(self, locale: str) -> str:
        return self.en if locale == "en" else self.vi


class Choice(Strict):
    value: str
    label: Text


FieldType = Literal["text", "name", "date", "choice", "cccd", "phone", "textarea", "number"]


class Condition(Strict):
    """Show a field only when another field of the same procedure has one of these values."""

    field: str
    equals: tuple[str, ...] = Field(min_length=1)


class Holder(Strict):
    """Whose ID number a cccd field is, so its sex-and-century digit and year can be checked."""

    sex: str | None = None  # "male", "female", or the name of the field that holds the sex
    birth_date: str | None = None  # the field that holds the holder's date of birth


class FormField(Strict):
    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    type: FieldType
    label: Text
    help: Text | None = None
    required: bool = True
    missing: Text | None = None  # what a required field left empty says, where the generic sentence reads badly
    not_future: bool = False
    choices: tuple[Choice, ...] = ()
    default: str | None = None
    personal: bool = True  # personal fields get autocomplete off and are never shown publicly
    show_if: Condition | None = None
    holder: Holder | None = None  # cccd only
    allow_cmnd: bool = False  # cccd only: accept an old 9-digit CMND too
    min_age: int | None = Field(default=None, ge=0)  # date only: e.g. 20 for a groom

    @model_validator(mode="after")
    def choices_only_for_choice(self):
        if (self.type == "choice") != bool(self.choices):
            raise ValueError("choices are required for type 'choice' and only allowed there")
        return self


class Repeat(Strict):
    """A step filled in once per item (several previous marriages, several copies…)."""

    min: int = Field(ge=1, default=1)
    max: int = Field(ge=1, le=20, default=5)
    item: Text  # what one item is called: "Previous marriage"


class Step(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    title: Text
    fields: tuple[FormField, ...] = Field(min_length=1)
    show_if: Condition | None = None  # the whole step applies only for some earlier answer
    repeat: Repeat | None = None

    @model_validator(mode="after")
    def repeated_fields_stand_alone(self):
        if self.repeat and any(f.show_if or f.holder for f in self.fields):
            raise ValueError("fields of a repeating step cannot have show_if or holder")
        return self


class Source(Strict):
    """Where a fact comes from: the legal text and its article, and when someone last checked it there.
    No `checked_on` means nobody could verify it yet; `kiosk catalogue check --facts` lists those."""

    ref: str
    checked_on: date | None = None
    note: str | None = None


FACTS = ("fee", "time_limit", "documents", "result", "legal_basis")


class Document(Strict):
    name: Text
    originals: int = Field(ge=0, default=1)
    copies: int = Field(ge=0, default=0)
    when: Text | None = None  # only needed in this case, e.g. "if the parents are married"
    shown: bool = False  # xuất trình: shown to the officer and handed back, never handed in
    alternatives: tuple[Text, ...] = ()  # or any one of these instead
    declaration: bool = False  # the declaration the kiosk's form fills in: not to bring when filed here


class LateBand(Strict):
    """Registered more than `after_days` after the event (see late_registration): this fee instead."""

    after_days: int = Field(ge=0)
    amount: int = Field(ge=0)


class Exemption(Strict):
    """No fee when an answer says so (a poor household, a person with disabilities…)."""

    field: str
    equals: tuple[str, ...] = Field(min_length=1)
    label: Text


class PageBand(Strict):
    """From this page of the original on, each page costs `amount` (e.g. 2.000 đ, then 1.000 đ from page 3)."""

    from_page: int = Field(ge=1)
    amount: int = Field(ge=0)


class ExtraCopies(Strict):
    """Copies of the result asked for with the dossier, a fee of their own beside the procedure's: the first
    `free` copies cost nothing, each further one `amount` (e.g. copies of a birth extract, 8.000 đ each under
    Circular 281/2016/TT-BTC). Exemptions and late bands apply to the registration, never to these copies."""

    field: str  # the form's number field that says how many copies are wanted
    amount: int = Field(gt=0)
    free: int = Field(ge=0, default=0)
    label: Text  # what the copies are, e.g. "Copies of the birth extract"

    def charged(self, answers: dict) -> int:
        """How many copies are paid for: the number asked for (none if left empty), less the free ones."""
        try:
            wanted = int(answers.get(self.field) or 0)
        except (TypeError, ValueError):
            wanted = 0  # the form's own rules refuse nonsense; nothing is charged for it
        return max(0, wanted - self.free)


class Fee(Strict):
    """What the resident pays. `per_page`: each copy costs its pages priced by `page_bands`, at most
    `cap_per_copy`, times the copies asked for (Circular 226/2016/TT-BTC for certified copies).
    `extra_copies`: copies of the result paid beside the procedure's fee (see ExtraCopies)."""

    kind: Literal["free", "flat", "per_copy", "per_page", "rate"]  # rate: set by an authority, worked out by staff
    amount: int = Field(ge=0, default=0)  # integer đồng; per copy for "per_copy"
    copies_field: str | None = None  # the form field that says how many copies ("per_copy", "per_page")
    pages_field: str | None = None  # "per_page": the form field that says how many pages the original has
    page_bands: tuple[PageBand, ...] = ()
    cap_per_copy: int | None = Field(default=None, ge=0)
    late_bands: tuple[LateBand, ...] = ()
    exemptions: tuple[Exemption, ...] = ()
    extra_copies: ExtraCopies | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def bands_only_per_page(self):
        per_page = self.kind == "per_page"
        if (per_page and not (self.page_bands and self.pages_field)) or (
                not per_page and (self.page_bands or self.pages_field or self.cap_per_copy is not None)):
            raise ValueError("page_bands and pages_field are required for kind 'per_page' and only allowed there")
        starts = [b.from_page for b in self.page_bands]
        if starts and (starts[0] != 1 or starts != sorted(set(starts))):
            raise ValueError("page_bands must start at page 1 and rise")
        if self.extra_copies and self.extra_copies.field == self.copies_field:
            raise ValueError("extra_copies.field already prices the copies of a 'per_copy' or 'per_page' fee")
        if self.kind == "rate" and self.note is None:
            raise ValueError("a fee of kind 'rate' needs a note saying how it is charged")
        return self

    def amount_for(self, answers: dict) -> int:
        """The fee before exemptions and late bands, from the form's answers (never from the browser)."""
        copies = _count(answers.get(self.copies_field)) if self.copies_field else 1
        if self.kind == "flat":
            return self.amount
        if self.kind == "per_copy":
            return self.amount * copies
        if self.kind == "per_page":
            return self.per_copy(_count(answers.get(self.pages_field))) * copies
        return 0

    def per_copy(self, pages: int) -> int:
        total = sum(next(b.amount for b in reversed(self.page_bands) if b.from_page <= page)
                    for page in range(1, pages + 1))
        return total if self.cap_per_copy is None else min(total, self.cap_per_copy)


def _count(value) -> int:
    """A count typed in a form: at least 1, whatever was typed (the form's own rules refuse nonsense)."""
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


class Result(Strict):
    document: Text
    returned_at: Text


class LateRegistration(Strict):
    """Registration later than `days` after the date in `from_field` is late (e.g. births after 60 days)."""

    from_field: str
    days: int = Field(gt=0)


class Applicant(Strict):
    """Which form fields name the person the receipt is made out to."""

    name: str
    phone: str


class Procedure(Strict):
    code: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    national_code: str | None = None
    name: Text
    summary: Text
    keywords: tuple[str, ...] = ()
    # What residents call the procedure at the counter ("làm giấy khai sinh cho con", "photo công chứng"):
    # search weighs these just below the official name. Kept at the end of each procedure file.
    spoken: tuple[str, ...] = ()
    field: Literal["civil_status", "certification", "construction", "transport", "culture", "health",
                   "trade", "tourism", "residence"]
    level: Literal["ward", "city"]
    stage: int = Field(ge=1, le=4)
    online_mode: Literal["partial", "full"] | None = None  # Decree 42/2022; None below stage 3
    processing_days: int = Field(ge=0)  # 0: in the day
    time_unit: Literal["working_days", "days"] = "working_days"  # how the law counts processing_days
    days_when_checked: int | None = Field(default=None, gt=0)  # civil status: longer when checks are needed
    sources: dict[Literal[FACTS], Source] = {}
    file_at: Text | None = None  # stages 1-2: the office that takes the dossier, its address and hours
    how_to: tuple[Text, ...] = ()  # filed elsewhere with a guide's help: the steps, in order, to read and print
    not_needed: Text | None = None  # the cases the law exempts from this procedure (e.g. from a building permit)
    fee: Fee
    documents: tuple[Document, ...]
    result: Result
    legal_basis: tuple[str, ...]
    applicant: Applicant
    late_registration: LateRegistration | None = None
    steps: tuple[Step, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def applicant_fields_exist(self):
        names = [f.name for step in self.steps for f in step.fields]
        duplicates = {n for n in names if names.count(n) > 1}
        if duplicates:
            raise ValueError(f"field names used twice: {', '.join(sorted(duplicates))}")
        repeated = {f.name for step in self.steps if step.repeat for f in step.fields}
        for role, name in (("applicant.name", self.applicant.name), ("applicant.phone", self.applicant.phone)):
            if name in repeated:
                raise ValueError(f"{role} cannot name a field of a repeating step: {name!r}")
        references = [("applicant.name", self.applicant.name), ("applicant.phone", self.applicant.phone)]
        references += [("fee.exemptions.field", e.field) for e in self.fee.exemptions]
        if self.fee.late_bands and not self.late_registration:
            raise ValueError("fee.late_bands needs late_registration to know the event's date")
        if self.fee.kind == "per_copy" or self.fee.copies_field:
            references.append(("fee.copies_field", self.fee.copies_field or ""))
        if self.fee.pages_field:
            references.append(("fee.pages_field", self.fee.pages_field))
        if self.fee.extra_copies:
            references.append(("fee.extra_copies.field", self.fee.extra_copies.field))
        if self.late_registration:
            references.append(("late_registration.from_field", self.late_registration.from_field))
        for step in self.steps:
            if step.show_if:
                references.append((f"{step.id}.show_if.field", step.show_if.field))
            for f in step.fields:
                if f.show_if:
                    references.append((f"{f.name}.show_if.field", f.show_if.field))
                if f.holder and f.holder.birth_date:
                    references.append((f"{f.name}.holder.birth_date", f.holder.birth_date))
                if f.holder and f.holder.sex not in (None, "male", "female"):
                    references.append((f"{f.name}.holder.sex", f.holder.sex))
        for where, name in references:
            if name not in names:
                raise ValueError(f"{where} names no field: {name!r}")
        copies = self.fee.extra_copies
        if copies and (copies.field in repeated or self.fields[copies.field].type != "number"):
            raise ValueError("fee.extra_copies.field must name a number field outside a repeating step")
        return self

    @property
    def promised_days(self) -> int:
        """The receipt promises the longest time the law allows: in the day unless checks are needed."""
        return self.days_when_checked or self.processing_days

    @property
    def fields(self) -> dict[str, FormField]:
        return {f.name: f for step in self.steps for f in step.fields}

    def step_index(self, step_id: str) -> int | None:
        return next((i for i, s in enumerate(self.steps) if s.id == step_id), None)
