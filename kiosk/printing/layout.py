"""One layout for every slip (receipt, resume slip, checklist, later supplement/apology/result slips).

A slip is laid out as a column of blocks, each knowing its height, so an 80 mm roll gets exactly the
length it needs and an A5/A4 sheet flows onto a second page instead of clipping.
"""
import io
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from . import fonts, qr


@dataclass(frozen=True)
class Slip:
    heading: str
    issuer: str
    issuer_address: str
    code: str
    code_label: str
    qr_payload: str | None
    rows: tuple[tuple[str, str], ...]
    list_title: str = ""
    list_items: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    copy_mark: str | None = None
    printed_at: str = ""
    # Blank forms: (section title, field labels); each label gets a line to write on by hand.
    sections: tuple[tuple[str, tuple[str, ...]], ...] = ()
    payment_qr: str | None = None  # a VietQR payload for the fee, printed with `payment_caption`
    payment_caption: str = ""


@dataclass(frozen=True)
class Paper:
    width: float
    height: float | None  # None: a roll, cut to the content's length
    margin: float
    qr_size: float
    label_width: float | None  # None: labels above values (narrow paper)
    scale: float


PAPERS = {
    "a5": Paper(A5[0], A5[1], 10 * mm, 30 * mm, 44 * mm, 1.0),
    "a4": Paper(A4[0], A4[1], 18 * mm, 40 * mm, 56 * mm, 1.15),
    "roll80": Paper(80 * mm, None, 4 * mm, 36 * mm, None, 0.92),
}
GREY = (0.35, 0.35, 0.35)


@dataclass
class Block:
    height: float
    draw: Callable[[Canvas, float, float], None]  # (canvas, left x, top y)


def _text_block(lines, font, size, width, align="left", leading=1.3, colour=(0, 0, 0), after=0.0):
    line_height = size * leading

    def draw(canvas, x, top):
        canvas.setFont(font, size)
        canvas.setFillColorRGB(*colour)
        for i, line in enumerate(lines):
            baseline = top - size - i * line_height
            if align == "center":
                canvas.drawCentredString(x + width / 2, baseline, line)
            elif align == "right":
                canvas.drawRightString(x + width, baseline, line)
            else:
                canvas.drawString(x, baseline, line)

    return Block(len(lines) * line_height + after, draw)


def _paragraph(text, font, size, width, **options):
    return _text_block(fonts.wrap(text, font, size, width), font, size, width, **options)


def _rule(width, after):
    def draw(canvas, x, top):
        canvas.setLineWidth(0.6)
        canvas.setStrokeColorRGB(*GREY)
        canvas.line(x, top - 1, x + width, top - 1)

    return Block(2 + after, draw)


def _code_size(code, bold, width, start):
    size = start
    while size > 9 and fonts.width(code, bold, size) > width:
        size -= 0.5
    return size


def _code_block(slip, paper, width, regular, bold):
    s = paper.scale
    beside = paper.label_width is not None and slip.qr_payload
    text_width = width - paper.qr_size - 6 * mm if beside else width
    size = _code_size(slip.code, bold, text_width, 19 * s)
    align = "left" if beside else "center"
    label = _paragraph(slip.code_label, regular, 9 * s, text_width, align=align, colour=GREY, after=3)
    code = _text_block([slip.code], bold, size, text_width, align=align, leading=1.2)
    text_height = label.height + code.height
    qr_height = paper.qr_size if slip.qr_payload else 0
    height = max(text_height, qr_height) if beside else text_height + (qr_height + 3 * mm if qr_height else 0)

    def draw(canvas, x, top):
        text_top = top - (height - text_height) / 2 if beside else top
        label.draw(canvas, x, text_top)
        code.draw(canvas, x, text_top - label.height)
        if slip.qr_payload:
            qr_x = x + width - paper.qr_size if beside else x + (width - paper.qr_size) / 2
            qr_top = top if beside else top - text_height - 3 * mm
            qr.draw(canvas, qr.matrix(slip.qr_payload), qr_x, qr_top - paper.qr_size, paper.qr_size)

    return Block(height + 4 * mm, draw)


def _payment_block(slip, paper, width, regular):
    size = paper.qr_size * 0.75  # smaller than the lookup QR: it is scanned from close by, at home
    caption = _paragraph(slip.payment_caption, regular, 8.5 * paper.scale, width - size - 4 * mm)

    def draw(canvas, x, top):
        qr.draw(canvas, slip.payment_qr, x, top - size, size)
        caption.draw(canvas, x + size + 4 * mm, top - (size - caption.height) / 2)

    return Block(size + 3 * mm, draw)


def _copy_mark_block(text, bold, width, size):
    lines = fonts.wrap(text, bold, size, width - 8)
    inner = _text_block(lines, bold, size, width - 8, align="center")
    height = inner.height + 8

    def draw(canvas, x, top):
        canvas.setLineWidth(1.4)
        canvas.setStrokeColorRGB(0, 0, 0)
        canvas.rect(x, top - height, width, height, stroke=1, fill=0)
        inner.draw(canvas, x + 4, top - 3)

    return Block(height + 3 * mm, draw)


def _row_block(label, value, paper, width, regular, bold):
    s = paper.scale
    if paper.label_width is None:
        head = _paragraph(label, bold, 8 * s, width, colour=GREY)
        body = _paragraph(value, regular, 10 * s, width, after=2.2 * mm)
        return Block(head.height + body.height,
                     lambda c, x, top: (head.draw(c, x, top), body.draw(c, x, top - head.height)))
    gap = 3 * mm
    head = _paragraph(label, bold, 9 * s, paper.label_width - gap, colour=GREY)
    body = _paragraph(value, regular, 10 * s, width - paper.label_width)
    height = max(head.height, body.height) + 2 * mm
    return Block(height, lambda c, x, top: (head.draw(c, x, top), body.draw(c, x + paper.label_width, top)))


def _writing_line_block(label, paper, width, regular):
    s = paper.scale
    head = _paragraph(label, regular, 9 * s, width)
    space = 8 * mm * s

    def draw(canvas, x, top):
        head.draw(canvas, x, top)
        canvas.setDash(1, 2)
        canvas.setLineWidth(0.5)
        canvas.setStrokeColorRGB(*GREY)
        y = top - head.height - space + 2 * mm
        canvas.line(x, y, x + width, y)
        canvas.setDash()

    return Block(head.height + space, draw)


def _section_blocks(slip, paper, width, regular, bold):
    blocks = []
    for title, labels in slip.sections:
        blocks.append(_paragraph(title, bold, 10.5 * paper.scale, width, after=2 * mm))
        blocks += [_writing_line_block(label, paper, width, regular) for label in labels]
        blocks[-1].height += 3 * mm
    return blocks


def _list_blocks(slip, paper, width, regular, bold):
    s = paper.scale
    blocks = [_paragraph(slip.list_title, bold, 10 * s, width, after=1.5 * mm)]
    indent = fonts.width("•  ", regular, 9.5 * s)
    for item in slip.list_items:
        body = _paragraph(item, regular, 9.5 * s, width - indent, after=1 * mm)
        bullet = _text_block(["•"], regular, 9.5 * s, indent)
        blocks.append(Block(body.height, lambda c, x, top, b=body, m=bullet: (m.draw(c, x, top),
                                                                          b.draw(c, x + indent, top))))
    blocks[-1].height += 2 * mm
    return blocks


def _blocks(slip: Slip, paper: Paper, width: float) -> list[Block]:
    regular, bold = fonts.register()
    s = paper.scale
    blocks = [
        _paragraph(slip.issuer.upper(), bold, 10 * s, width, align="center"),
        _paragraph(slip.issuer_address, regular, 8 * s, width, align="center", colour=GREY, after=2 * mm),
        _rule(width, 4 * mm),
        _paragraph(slip.heading, bold, 12.5 * s, width, align="center", after=4 * mm),
    ]
    if slip.copy_mark:
        blocks.append(_copy_mark_block(slip.copy_mark, bold, width, 11 * s))
    blocks.append(_code_block(slip, paper, width, regular, bold))
    blocks.append(_rule(width, 3 * mm))
    blocks += [_row_block(label, value, paper, width, regular, bold) for label, value in slip.rows]
    if slip.payment_qr:
        blocks.append(_payment_block(slip, paper, width, regular))
    if slip.sections:
        blocks += _section_blocks(slip, paper, width, regular, bold)
    if slip.list_items:
        blocks.append(_rule(width, 3 * mm))
        blocks += _list_blocks(slip, paper, width, regular, bold)
    if slip.notes:
        blocks.append(_rule(width, 3 * mm))
        blocks += [_paragraph(note, regular, 8.5 * s, width, colour=GREY, after=1.5 * mm) for note in slip.notes]
    if slip.printed_at:
        blocks.append(_paragraph(slip.printed_at, regular, 7.5 * s, width, align="right", colour=GREY))
    return blocks


def render_slip(slip: Slip, paper: str = "a5") -> bytes:
    if paper not in PAPERS:
        raise ValueError(f"unknown paper {paper!r}; expected one of {', '.join(PAPERS)}")
    sheet = PAPERS[paper]
    width = sheet.width - 2 * sheet.margin
    blocks = _blocks(slip, sheet, width)
    regular, _bold = fonts.register()
    height = sheet.height or sum(b.height for b in blocks) + 2 * sheet.margin
    out = io.BytesIO()
    # Our font from the start, so not even an unused Helvetica object lands in the file.
    canvas = Canvas(out, pagesize=(sheet.width, height), invariant=1, pageCompression=0,
                    initialFontName=regular, initialFontSize=10)
    canvas.setTitle(f"{slip.heading} {slip.code}")
    canvas.setAuthor(slip.issuer)
    top = height - sheet.margin
    for block in blocks:
        if top - block.height < sheet.margin and top < height - sheet.margin:  # flows to the next sheet
            canvas.showPage()
            top = height - sheet.margin
        block.draw(canvas, sheet.margin, top)
        top -= block.height
    canvas.showPage()
    canvas.save()
    return out.getvalue()
