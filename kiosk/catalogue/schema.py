"""The shape of a procedure file. Unknown keys are refused so a typo cannot pass silently."""
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


class Document(Strict):
    name: Text
    originals: int = Field(ge=0, default=1)
    copies: int = Field(ge=0, default=0)
    when: Text | None = None  # only needed in this case, e.g. "if the parents are married"


class LateBand(Strict):
    """Registered more than `after_days` after the event (see late_registration): this fee instead."""

    after_days: int = Field(ge=0)
    amount: int = Field(ge=0)


class Exemption(Strict):
    """No fee when an answer says so (a poor household, a person with disabilities…)."""

    field: str
    equals: tuple[str, ...] = Field(min_length=1)
    label: Text


class Fee(Strict):
    kind: Literal["free", "flat", "per_copy"]
    amount: int = Field(ge=0, default=0)  # integer đồng; per copy for "per_copy"
    copies_field: str | None = None  # the form field that says how many copies, for "per_copy"
    late_bands: tuple[LateBand, ...] = ()
    exemptions: tuple[Exemption, ...] = ()
    note: Text | None = None


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
                   "trade", "tourism"]
    level: Literal["ward", "city"]
    stage: int = Field(ge=1, le=4)
    online_mode: Literal["partial", "full"] | None = None  # Decree 42/2022; None below stage 3
    processing_days: int = Field(ge=0)
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
        if self.fee.kind == "per_copy":
            references.append(("fee.copies_field", self.fee.copies_field or ""))
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
        return self

    @property
    def fields(self) -> dict[str, FormField]:
        return {f.name: f for step in self.steps for f in step.fields}

    def step_index(self, step_id: str) -> int | None:
        return next((i for i, s in enumerate(self.steps) if s.id == step_id), None)
