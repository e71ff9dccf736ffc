"""What makes a slip an administrative paper: the national header, the issuing authority and the paper's
number, the place-and-date line, and signature blocks with room to sign (Thông tư 01/2018/TT-VPCP).

The wording lives in templates.yaml, so a ward can follow a new circular without a code change; this
module reads it and draws it, side by side on a sheet and stacked on the 80 mm roll.
"""
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import yaml
from reportlab.lib.units import mm

from . import fonts
from .layout import BLACK, Block, _one_line_size, _paragraph, _stack, _text_block, _title

TEMPLATES = Path(__file__).with_name("templates.yaml")


@cache
def templates() -> dict:
    return yaml.safe_load(TEMPLATES.read_text(encoding="utf-8"))


def text(entry: dict, locale: str) -> str:
    """An entry's text in `locale`, else in Vietnamese (the language of record)."""
    return entry.get(locale) or entry.get("vi", "")


def slip_template(kind: str) -> dict:
    return templates()["slips"][kind]


def date_line(place: str, day: date, locale: str) -> str:
    return text(templates()["common"]["date_line"], locale).format(
        place=place, day=day.day, month=day.month, year=day.year)


@dataclass(frozen=True)
class Signature:
    label: str  # e.g. NGƯỜI NỘP HỒ SƠ
    hint: str  # (Ký, ghi rõ họ tên)
    name: str = ""  # printed under the space, when known


@dataclass(frozen=True)
class Official:
    national_name: str
    motto: str
    authority: tuple[str, ...]  # the governing body, then the issuing unit (bold, underlined)
    number: str  # "Số: …"
    date_line: str
    template_ref: str = ""
    sentences: tuple[str, ...] = ()
    signatures: tuple[Signature, ...] = ()


def official(kind: str, *, locale: str, authority: tuple[str, ...], number: str, place: str, day: date,
             names: tuple[str, ...] = ()) -> Official:
    """The official parts of slip `kind` (a key of templates.yaml) in `locale`; `names`: printed under
    the signature blocks, in order, where known."""
    common, template = templates()["common"], slip_template(kind)
    hint = text(common["sign_hint"], locale)
    signers = [text(s, locale) for s in template.get("signatures", ())]
    padded = (*names, *[""] * len(signers))
    return Official(
        national_name=text(common["national_name"], locale),
        motto=text(common["motto"], locale),
        authority=tuple(line.upper() for line in authority if line),
        number=text(template.get("number") or common["number"], locale).format(number=number),
        date_line=date_line(place, day, locale),
        template_ref=text(template.get("template") or {}, locale),
        sentences=tuple(text(s, locale) for s in template.get("sentences", ())),
        signatures=tuple(Signature(label, hint, padded[i]) for i, label in enumerate(signers)),
    )


# Drawing. `paper` is a layout.Paper; `label_width is None` marks the narrow roll.

def _underlined(line: str, font: str, size: float, width: float, after: float = 0.0) -> Block:
    """A centred line with a rule under its text, as the motto and the issuing unit are written."""
    inner = _text_block([line], font, size, width, align="center")
    rule_width = min(width, fonts.width(line, font, size))

    def draw(canvas, x, top):
        inner.draw(canvas, x, top)
        y = top - inner.height + 0.05 * size
        canvas.setLineWidth(0.6)
        canvas.setStrokeColorRGB(*BLACK)
        canvas.line(x + (width - rule_width) / 2, y, x + (width + rule_width) / 2, y)

    return Block(inner.height + 1.2 + after, draw)


def _fitted(line: str, font: str, size: float, width: float, smallest: float, after: float = 0.0) -> Block:
    """One centred line shrunk to fit; wrapped (balanced) only if even `smallest` does not fit."""
    fitted = _one_line_size(line, font, size, smallest, width)
    if fonts.width(line, font, fitted) <= width:
        return _text_block([line], font, fitted, width, align="center", after=after)
    return _text_block(fonts.balanced_wrap(line, font, smallest, width), font, smallest, width,
                       align="center", after=after)


def _authority_column(o: Official, s: float, width: float, regular: str, bold: str) -> Block:
    parts = []
    *above, unit = o.authority or ("",)
    parts += [_fitted(line, regular, 9.5 * s, width, 7 * s) for line in above]
    unit_size = _one_line_size(unit, bold, 9.5 * s, 7 * s, width)
    if fonts.width(unit, bold, unit_size) <= width:
        parts.append(_underlined(unit, bold, unit_size, width, after=1.5 * mm))
    else:
        parts.append(_text_block(fonts.balanced_wrap(unit, bold, 7 * s, width), bold, 7 * s, width,
                                 align="center", after=1.5 * mm))
    parts.append(_fitted(o.number, regular, 9 * s, width, 7 * s))
    return _stack(parts)


def _nation_column(o: Official, s: float, width: float, bold: str) -> Block:
    return _stack([_fitted(o.national_name, bold, 9.5 * s, width, 6.5 * s),
                   _underlined(o.motto, bold, 10 * s, width)])


def header_blocks(o: Official, paper, width: float, regular: str, bold: str, italic: str) -> list[Block]:
    """The national header: on a sheet, authority and number on the left, Quốc hiệu and Tiêu ngữ on the
    right, the date line under them; on the roll, all of it centred, one part under the other."""
    s = paper.scale
    blocks = []
    if o.template_ref:
        blocks.append(_text_block([o.template_ref], italic, 7.5 * s, width, align="right", colour=paper.muted,
                                  after=1 * mm))
    if paper.label_width is None:
        blocks += [_nation_column(o, s, width, bold), Block(2.5 * mm, lambda c, x, top: None),
                   _authority_column(o, s, width, regular, bold), Block(2 * mm, lambda c, x, top: None),
                   _paragraph(o.date_line, italic, 9 * s, width, align="center", after=3 * mm)]
        return blocks
    # As on any Vietnamese official paper, "Số: …" on the left and the date line on the right share a row.
    left_width, gap = 0.4 * width, 3 * mm
    right_width = width - left_width - gap
    left = _authority_column(o, s, left_width, regular, bold)
    right = _stack([_nation_column(o, s, right_width, bold), Block(1.5 * mm, lambda c, x, top: None),
                    _paragraph(o.date_line, italic, 9 * s, right_width, align="center")])
    height = max(left.height, right.height)

    def draw(canvas, x, top):
        left.draw(canvas, x, top)
        right.draw(canvas, x + left_width + gap, top)

    blocks.append(Block(height + 5 * mm, draw))
    return blocks


def title_blocks(o: Official, heading: str, paper, width: float, regular: str, bold: str) -> list[Block]:
    s = paper.scale
    blocks = [_title(heading, bold, 12.5 * s, width, after=2.5 * mm)]
    blocks += [_paragraph(sentence, regular, 9.5 * s, width, after=1.5 * mm) for sentence in o.sentences]
    if o.sentences:
        blocks[-1].height += 2 * mm
    return blocks


def _signature_column(sig: Signature, s: float, width: float, regular: str, bold: str, italic: str,
                      room: float) -> Block:
    label = _text_block(fonts.balanced_wrap(sig.label, bold, 9.5 * s, width), bold, 9.5 * s, width,
                        align="center")
    hint = _text_block([sig.hint], italic, 8.5 * s, width, align="center")
    space = Block(room, lambda c, x, top: None)
    name = _paragraph(sig.name, bold, 9.5 * s, width, align="center") if sig.name else Block(0, lambda c, x, t: None)
    return _stack([label, hint, space, name])


def signature_blocks(o: Official, paper, width: float, regular: str, bold: str, italic: str) -> list[Block]:
    """Signature blocks with room to sign: side by side on a sheet, one under another on the roll."""
    if not o.signatures:
        return []
    s = paper.scale
    before = Block(4 * mm, lambda c, x, top: None)
    if paper.label_width is None:
        columns = [_signature_column(sig, s, width, regular, bold, italic, 16 * mm) for sig in o.signatures]
        for column in columns:
            column.height += 5 * mm  # the next label must not read as the name above it
        return [before, *columns]
    # Side by side in equal columns; a single signer signs in the right half, as official papers place
    # the signer.
    count = len(o.signatures)
    column_width = width / max(count, 2)
    offset = width / 2 if count == 1 else 0.0
    columns = [_signature_column(sig, s, column_width - 4 * mm, regular, bold, italic, 16 * mm)
               for sig in o.signatures]

    def draw(canvas, x, top):
        for i, column in enumerate(columns):
            column.draw(canvas, x + offset + i * column_width + 2 * mm, top)

    return [before, Block(max(c.height for c in columns) + 3 * mm, draw)]
