"""A filing's answers as every audience reads them: the resident's check page, the guide's and the officer's."""
from .builder import display_value, is_shown


def applicable_steps(procedure, answers):
    """The steps that apply given the answers so far (a step may depend on an earlier answer)."""
    return [step for step in procedure.steps if is_shown(step, answers)]


def summary(procedure, answers, locale):
    """[(step, [(label, shown value, field name)])] for the check-answers page and staff."""
    sections = []
    for step in applicable_steps(procedure, answers):
        if step.repeat:
            rows = [(f"{step.repeat.item.get(locale)} {n} — {d.label.get(locale)}",
                     display_value(d, item.get(d.name), locale), f"items-{n - 1}-{d.name}")
                    for n, item in enumerate(answers.get(step.id) or [], start=1) for d in step.fields]
        else:
            rows = [(d.label.get(locale), display_value(d, answers.get(d.name), locale), d.name)
                    for d in step.fields if is_shown(d, answers)]
        sections.append((step, rows))
    return sections
