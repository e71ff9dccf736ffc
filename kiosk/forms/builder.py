"""One FlaskForm class per procedure step, built from the step's field definitions."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import StopValidation, ValidationError

from kiosk.core.clock import local_today
from kiosk.core.text import nfc

from . import rules

# What the resident reads when an answer breaks a rule. A message that is not about one obvious thing names
# its field (`label`), so the error summary at the top says which date is in the future, which name is wrong.
MESSAGES = {
    "cccd_digits": _l("The ID number must be exactly 12 digits."),
    "cccd_digits_or_cmnd": _l("Enter the 12-digit CCCD number, or the 9-digit number of an old ID card."),
    "cccd_province": _l("The first 3 digits are not a province code. Check the number on the card."),
    "cccd_sex": _l("The 4th digit of this ID number does not match the sex given. Check the number."),
    "cccd_year": _l("The 4th to 6th digits of this ID number do not match the year of birth. Check the number."),
    "too_young": _l("“%(label)s”: at this date of birth the person is under the legal age of %(age)d."),
    "phone": _l("Enter a Vietnamese mobile number, for example 0912 345 678."),
    "name": _l("“%(label)s” can hold only letters, spaces and hyphens, with Vietnamese accents where they belong."),
    "date_format": _l("“%(label)s”: enter the date as day/month/year, for example 05/09/2024."),
    "date_year": _l("“%(label)s”: enter the year with all 4 digits, for example 1995 rather than 95."),
    "date_invalid": _l("“%(label)s” is not a real date. Check the day and the month."),
    "date_future": _l("“%(label)s” cannot be later than today."),
    "choice": _l("“%(label)s”: choose one of the options shown."),
    "count": _l("“%(label)s”: enter a whole number from 1 to 100."),
}


def _required_message(definition, locale):
    """A whole sentence that quotes the field's label, whatever its grammar (a noun, "From", a question):
    labels are not spliced into a sentence. A field may say it better itself (`missing` in the catalogue)."""
    if definition.missing:
        return definition.missing.get(locale)
    label = definition.label.get(locale)
    if definition.type == "choice":
        return _l("Choose an answer for “%(label)s”.", label=label)
    if definition.type == "date":
        return _l("Enter the date for “%(label)s”.", label=label)
    return _l("Fill in “%(label)s”.", label=label)


class _Rule:
    """Runs one pure rule and stores its cleaned value for the wizard to keep."""

    def __init__(self, definition, locale):
        self.definition, self.locale = definition, locale

    def __call__(self, form, field):
        raw = nfc(field.data or "")
        if not raw:
            return
        try:
            field.clean = self.clean(raw, _values(form))
        except rules.RuleError as error:
            message = MESSAGES[error.code]
            raise ValidationError(str(message % {"age": self.definition.min_age or 0,
                                                 "label": self.definition.label.get(self.locale)})) from error

    def clean(self, raw, values):
        kind = self.definition.type
        if kind == "cccd":
            return rules.cccd(raw, *self._holder(values), allow_cmnd=self.definition.allow_cmnd)
        if kind == "phone":
            return rules.phone(raw)
        if kind == "name":
            return rules.person_name(raw)
        if kind == "date":
            return rules.parse_date(raw, local_today(), self.definition.not_future,
                                    self.definition.min_age).isoformat()
        if kind == "choice":
            return rules.one_of(raw, [c.value for c in self.definition.choices])
        if kind == "number":
            return str(rules.count(raw))
        return raw

    def _holder(self, values):
        """(sex, birth year) of the ID's holder, where the form already says them validly."""
        holder = self.definition.holder
        if holder is None:
            return None, None
        sex = values.get(holder.sex, holder.sex) if holder.sex else None
        sex = sex if sex in ("male", "female") else None
        born = rules.read_date(values.get(holder.birth_date) or "") if holder.birth_date else None
        return sex, born.year if born else None


def is_shown(definition, values) -> bool:
    """Whether a conditional field applies, given the answers so far (`values`: name -> value)."""
    condition = definition.show_if
    return condition is None or values.get(condition.field) in condition.equals


class _ShownOnly:
    """First in every chain: a field that does not apply is neither required nor checked."""

    def __init__(self, definition):
        self.definition = definition

    def __call__(self, form, field):
        if not is_shown(self.definition, _values(form)):
            field.errors[:] = []
            raise StopValidation()


def _values(form):
    """This page's raw answers over the earlier pages' stored ones."""
    return {**form.stored_answers, **{f.name: f.data for f in form}}


class _Required:
    def __init__(self, message):
        self.message = message
        self.field_flags = {"required": True}

    def __call__(self, form, field):
        if not nfc(field.data or ""):
            raise ValidationError(str(self.message))


class DateBoxesField(StringField):
    """A date typed in three boxes (day, month, year), each opening the numeric keypad. Its value is
    "d/m/y" as the date rule reads it; a single "dd/mm/yyyy" value (a stored answer, a script) is taken too."""

    def process_formdata(self, valuelist):
        if valuelist:
            self.data = valuelist[0]
            return
        formdata = getattr(self, "_boxes", None)
        parts = [formdata.get(f"{self.name}-{part}", "").strip() for part in ("day", "month", "year")] \
            if formdata is not None else []
        self.data = "/".join(parts) if any(parts) else ""

    def process(self, formdata, data=None, extra_filters=None):
        self._boxes = formdata
        super().process(formdata, data, extra_filters)

    def boxes(self):
        """(day, month, year) as typed, for the three inputs."""
        parts = (self.data or "").split("/")
        return tuple(parts) if len(parts) == 3 else ("", "", "")


NUMERIC = {"cccd", "phone", "number"}  # fields that open the numeric keypad on a touch screen


def _make_field(definition, locale):
    validators = [_ShownOnly(definition)]
    if definition.required:
        validators.append(_Required(_required_message(definition, locale)))
    validators.append(_Rule(definition, locale))
    label = definition.label.get(locale)
    description = definition.help.get(locale) if definition.help else ""
    if definition.type == "choice":
        choices = [SelectChoice(c.value, c.label.get(locale)) for c in definition.choices]
        # The choice is checked by _Rule, so the resident reads our message, not WTForms' own.
        return RadioField(label, choices=choices, validators=validators, description=description,
                          validate_choice=False)
    if definition.type == "date":
        return DateBoxesField(label, validators=validators, description=description)
    field_class = TextAreaField if definition.type == "textarea" else StringField
    render_kw = {"inputmode": "numeric"} if definition.type in NUMERIC else None
    return field_class(label, validators=validators, description=description, render_kw=render_kw)


def step_form_class(step, locale):
    attrs = {d.name: _make_field(d, locale) for d in step.fields}
    attrs["stored_answers"] = {}  # answers of earlier steps, for conditions that look back
    if step.repeat is None:
        return type(f"StepForm_{step.id}", (FlaskForm,), attrs)
    item = type(f"Item_{step.id}", (Form,), attrs)
    items = FieldList(FormField(item), min_entries=step.repeat.min, max_entries=step.repeat.max)
    return type(f"StepForm_{step.id}", (FlaskForm,), {"items": items, "stored_answers": {}})


def display_value(definition, stored, locale):
    """How a stored answer reads back on the check-answers page and on slips."""
    if not stored:
        return ""
    if definition.type == "choice":
        return next((c.label.get(locale) for c in definition.choices if c.value == stored), stored)
    if definition.type == "date":
        year, month, day = stored.split("-")
        return f"{day}/{month}/{year}"
    return stored


def form_value(definition, stored):
    """A stored answer as it is typed back into its field (dates as dd/mm/yyyy)."""
    if definition.type == "date" and stored:
        return display_value(definition, stored, "vi")
    return stored


def error_pairs(form):
    """(element id, first message) per invalid field, in form order, for the error summary."""
    pairs = []
    for field in form:
        if field.type == "FieldList":
            for entry in field:
                pairs += error_pairs(entry.form)
        elif field.errors:
            target = {"RadioField": f"{field.id}-0", "DateBoxesField": f"{field.id}-day"}.get(field.type, field.id)
            pairs.append((target, field.errors[0]))
    return pairs
