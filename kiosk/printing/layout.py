"""One layout for every slip (receipt, resume slip, checklist, later supplement/apology/result slips).

A slip is laid out as a column of blocks, each knowing its height, so an 80 mm roll gets exactly the
length it needs and an A5/A4 sheet flows onto a second page instead of clipping; an official paper is
first drawn a little smaller so its signature blocks stay on the sheet they sign.
"""
import io
from collections.abc import Callable
from dataclasses import dataclass, replace

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
    payment_title: str = ""  # bold, above `payment_caption`
    lookup_caption: str = ""  # under the lookup QR when a payment QR is printed too, so the two are told apart
    official: object = None  # an official.Official: national header, date line and signatures


GREY = (0.35, 0.35, 0.35)
BLACK = (0, 0, 0)


@dataclass(frozen=True)
class Paper:
    width: float
    height: float | None  # None: a roll, cut to the content's length
    margin: float
    qr_size: float
    label_width: float | None  # None: labels above values (narrow paper)
    scale: float
    # Secondary text (labels, address, notes). A thermal head prints only black dots, so grey
    # becomes a dither pattern that frays small letters: the roll keeps everything black.
    muted: tuple[float, float, float]


PAPERS = {
    "a5": Paper(A5[0], A5[1], 10 * mm, 30 * mm, 44 * mm, 1.0, GREY),
    "a4": Paper(A4[0], A4[1], 18 * mm, 40 * mm, 56 * mm, 1.15, GREY),
    "roll80": Paper(80 * mm, None, 4 * mm, 36 * mm, None, 0.92, BLACK),  # 72 mm printable
}


@dataclass
class Block:
    height: float
    draw: Callable[[Canvas, float, float], None]  # (canvas, left x, top y)


def _text_block(lines, font, size, width, align="left", leading=1.3, colour=BLACK, after=0.0):
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


def _one_line_size(text, font, size, smallest, width):
    """The largest size from `size` down to `smallest` that fits the text on one line (text width
    grows linearly with size); `smallest` if none does."""
    return max(smallest, min(size, 0.999 * width * size / max(fonts.width(text, font, size), 1e-6)))


def _title(text, font, size, width, **options):
    """A centred title: one that nearly fits is shrunk a little to stay on one line, as headings of
    official papers are; a longer one (on the roll) wraps at full size into lines of even length."""
    fitted = _one_line_size(text, font, size, 0.9 * size, width)
    if fonts.width(text, font, fitted) <= width:
        return _text_block([text], font, fitted, width, align="center", **options)
    return _text_block(fonts.balanced_wrap(text, font, size, width), font, size, width, align="center", **options)


def _rule(paper, width, after, before=1 * mm):
    def draw(canvas, x, top):
        canvas.setLineWidth(0.6)
        canvas.setStrokeColorRGB(*paper.muted)
        canvas.line(x, top - before, x + width, top - before)

    return Block(before + after, draw)


def _code_lines(code, bold, width, paper):
    """The code on one line, shrunk to fit; a text too long even when small (a procedure's name on a
    checklist) wraps instead of running off the paper."""
    size = _one_line_size(code, bold, 19 * paper.scale, 12 * paper.scale, width)
    return fonts.balanced_wrap(code, bold, size, width), size


def _stack(blocks: list[Block]) -> Block:
    def draw(canvas, x, top):
        for block in blocks:
            block.draw(canvas, x, top)
            top -= block.height

    return Block(sum(b.height for b in blocks), draw)


def _side_by_side(left: Block, right: Block, right_x: float, after: float) -> Block:
    """Two blocks on one band, each centred on its height."""
    height = max(left.height, right.height)

    def draw(canvas, x, top):
        left.draw(canvas, x, top - (height - left.height) / 2)
        right.draw(canvas, x + right_x, top - (height - right.height) / 2)

    return Block(height + after, draw)


def _qr_square(payload, size, indent=0.0, after=0.0):
    modules = qr.matrix(payload)
    return Block(size + after, lambda canvas, x, top: qr.draw(canvas, modules, x + indent, top - size, size))


def _copy_mark_block(text, bold, width, size):
    """A reprint says so in a box under the code, so it is not taken for the original."""
    padding, before = 0.4 * size, 2.5 * mm
    inner = _paragraph(text, bold, size, width - 2 * padding, align="center", leading=1.25)
    height = inner.height + 2 * padding

    def draw(canvas, x, top):
        canvas.setLineWidth(1.6)
        canvas.setStrokeColorRGB(*BLACK)
        canvas.rect(x, top - before - height, width, height, stroke=1, fill=0)
        inner.draw(canvas, x + padding, top - before - padding)

    return Block(before + height, draw)


def _code_column(slip, paper, width, regular, bold, align):
    """The code's label, the code, and the copy mark of a reprint."""
    lines, size = _code_lines(slip.code, bold, width, paper)
    parts = [_paragraph(slip.code_label, regular, 9 * paper.scale, width, align=align, colour=paper.muted, after=3),
             _text_block(lines, bold, size, width, align=align, leading=1.2)]
    if slip.copy_mark:
        parts.append(_copy_mark_block(slip.copy_mark, bold, width, 12 * paper.scale))
    return _stack(parts)


def _code_block(slip, paper, width, regular, bold):
    """On a sheet the QR stands beside the code (and the payment QR beside it, its caption under the code:
    the band is as tall as the lookup QR anyway, so a fee costs the sheet no height); on the narrow roll,
    centred under it."""
    after = 4 * mm
    if slip.qr_payload and paper.label_width is not None:
        square = _qr_square(slip.qr_payload, paper.qr_size)
        if slip.lookup_caption:
            square = _stack([square, _paragraph(slip.lookup_caption, bold, 8 * paper.scale, paper.qr_size,
                                                align="center")])
        squares_width = paper.qr_size
        if slip.payment_qr:
            pay_size, gap = _payment_qr_size(paper), 4 * mm
            pay = _stack([_qr_square(slip.payment_qr, pay_size),
                          _paragraph(slip.payment_title, bold, 8 * paper.scale, pay_size, align="center")])
            square = _side_by_side(pay, square, pay_size + gap, 0)
            squares_width += pay_size + gap
        column_width = width - squares_width - 6 * mm
        column = _code_column(slip, paper, column_width, regular, bold, "left")
        if slip.payment_qr:
            column = _stack([column, Block(2 * mm, lambda canvas, x, top: None),
                             _paragraph(slip.payment_caption, regular, 8.5 * paper.scale, column_width)])
        return _side_by_side(column, square, width - squares_width, after)
    column = _code_column(slip, paper, width, regular, bold, "center")
    if not slip.qr_payload:
        return Block(column.height + after, column.draw)
    gap = Block(3 * mm, lambda canvas, x, top: None)
    if slip.lookup_caption:
        square = _qr_square(slip.qr_payload, paper.qr_size, (width - paper.qr_size) / 2)
        caption = _paragraph(slip.lookup_caption, bold, 8.5 * paper.scale, width, align="center", after=after)
        return _stack([column, gap, square, caption])
    return _stack([column, gap, _qr_square(slip.qr_payload, paper.qr_size, (width - paper.qr_size) / 2, after)])


def _payment_qr_size(paper):
    return paper.qr_size * 0.75  # smaller than the lookup QR: it is scanned from close by, at home


def _payment_block(slip, paper, width, regular):
    """The roll's payment band, under the rows (a sheet has it in the code band)."""
    size = _payment_qr_size(paper)
    caption = _paragraph(slip.payment_caption, regular, 8.5 * paper.scale, width - size - 4 * mm)
    if slip.payment_title:
        bold = fonts.SERIF_BOLD if regular == fonts.SERIF else fonts.BOLD
        caption = _stack([_paragraph(slip.payment_title, bold, 9 * paper.scale, width - size - 4 * mm, after=1 * mm),
                          caption])
    return _side_by_side(_qr_square(slip.payment_qr, size), caption, size + 4 * mm, 3 * mm)


def _row_block(label, value, paper, width, regular, bold):
    s = paper.scale
    if paper.label_width is None:
        head = _paragraph(label, bold, 8 * s, width, colour=paper.muted, leading=1.35)
        body = _paragraph(value, regular, 10 * s, width, after=2.2 * mm)
        return Block(head.height + body.height,
                     lambda c, x, top: (head.draw(c, x, top), body.draw(c, x, top - head.height)))
    gap = 3 * mm
    head = _paragraph(label, bold, 9 * s, paper.label_width - gap, colour=paper.muted)
    body = _paragraph(value, regular, 10 * s, width - paper.label_width)
    drop = (10 - 9) * s  # the label's smaller letters sit on the value's first baseline, not above it

    def draw(canvas, x, top):
        head.draw(canvas, x, top - drop)
        body.draw(canvas, x + paper.label_width, top)

    return Block(max(head.height + drop, body.height) + 1.6 * mm, draw)


def _writing_line_block(label, paper, width, regular):
    head = _paragraph(label, regular, 9 * paper.scale, width)
    space = 8 * mm * paper.scale

    def draw(canvas, x, top):
        head.draw(canvas, x, top)
        canvas.setDash(1, 2)
        canvas.setLineWidth(0.5)
        canvas.setStrokeColorRGB(*paper.muted)
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


def _list_item_block(item, size, width, regular):
    indent = fonts.width("•  ", regular, size)
    bullet = _text_block(["•"], regular, size, indent)
    body = _paragraph(item, regular, size, width - indent, after=1 * mm)
    return Block(body.height, lambda c, x, top: (bullet.draw(c, x, top), body.draw(c, x + indent, top)))


def _list_blocks(slip, paper, width, regular, bold):
    s = paper.scale
    blocks = [_paragraph(slip.list_title, bold, 10 * s, width, after=1.5 * mm)]
    blocks += [_list_item_block(item, 9.5 * s, width, regular) for item in slip.list_items]
    blocks[-1].height += 2 * mm
    return blocks


def _head_blocks(slip, paper, width, regular, bold):
    """Who issues the slip, then what it is."""
    s = paper.scale
    return [
        _title(slip.issuer.upper(), bold, 10 * s, width),
        _paragraph(slip.issuer_address, regular, 8 * s, width, align="center", colour=paper.muted, after=1 * mm),
        _rule(paper, width, 4 * mm),
        _title(slip.heading, bold, 12.5 * s, width, after=4 * mm),
    ]


def _foot_blocks(slip, paper, width, regular):
    s = paper.scale
    blocks = [_rule(paper, width, 3 * mm)] if slip.notes else []
    blocks += [_paragraph(note, regular, 8.5 * s, width, colour=paper.muted, after=1.5 * mm) for note in slip.notes]
    if slip.printed_at:
        blocks.append(_paragraph(slip.printed_at, regular, 7.5 * s, width, align="right", colour=paper.muted))
    return blocks


def _blocks(slip: Slip, paper: Paper, width: float) -> list[Block]:
    if slip.official is not None:
        from . import official  # it draws with this module's blocks
        fonts.register()  # the canvas starts in it
        regular, bold, italic = fonts.register_serif()
        blocks = official.header_blocks(slip.official, paper, width, regular, bold, italic)
        blocks += official.title_blocks(slip.official, slip.heading, paper, width, regular, bold)
    else:
        regular, bold = fonts.register()
        blocks = _head_blocks(slip, paper, width, regular, bold)
    blocks.append(_code_block(slip, paper, width, regular, bold))
    blocks.append(_rule(paper, width, 3 * mm, before=0))
    blocks += [_row_block(label, value, paper, width, regular, bold) for label, value in slip.rows]
    if slip.payment_qr and paper.label_width is None:
        blocks.append(_payment_block(slip, paper, width, regular))
    if slip.sections:
        blocks += _section_blocks(slip, paper, width, regular, bold)
    if slip.list_items:
        blocks.append(_rule(paper, width, 3 * mm))
        blocks += _list_blocks(slip, paper, width, regular, bold)
    if slip.official is not None:
        blocks += official.signature_blocks(slip.official, paper, width, regular, bold, italic)
    return blocks + _foot_blocks(slip, paper, width, regular)


def _draw(canvas: Canvas, blocks: list[Block], paper: Paper, height: float) -> None:
    first_line = height - paper.margin
    top = first_line
    for block in blocks:
        # Only a sheet flows on: a roll was measured to hold every block.
        if paper.height is not None and top < first_line and top - block.height < paper.margin:
            canvas.showPage()
            top = first_line
        block.draw(canvas, paper.margin, top)
        top -= block.height
    canvas.showPage()


# An official paper whose signatures fell on a second sheet would be signed apart from what it certifies:
# on a sheet it is drawn a little smaller, down to this factor (A5's 10 pt values at 8.2 pt, its 8.5 pt
# notes at 7 pt), before it may flow on.
SMALLEST_FIT = 0.82


def _one_sheet(slip: Slip, sheet: Paper) -> tuple[float, list[Block]]:
    """(factor, blocks): the blocks laid out `1/factor` wider and drawn `factor` smaller, so an official
    slip fills one sheet's width and fits its height; (1, the plain layout) when it fits as it is, is
    not official, or would need to shrink under SMALLEST_FIT."""
    width, room = sheet.width - 2 * sheet.margin, sheet.height - 2 * sheet.margin
    plain = _blocks(slip, sheet, width)
    factor, blocks = 1.0, plain
    if slip.official is None:
        return factor, blocks
    for _attempt in range(6):  # a wider layout wraps less, so the needed factor only grows: a few rounds
        need = sum(b.height for b in blocks)
        if need * factor <= room:
            return factor, blocks
        factor = min(factor, room / need) * 0.998
        if factor < SMALLEST_FIT:
            break
        blocks = _blocks(slip, sheet, width / factor)
    return 1.0, plain


def render_slip(slip: Slip, paper: str = "a5") -> bytes:
    """The slip as a PDF: on an A5 or A4 sheet, or on an 80 mm thermal roll ("roll80") cut to length."""
    if paper not in PAPERS:
        raise ValueError(f"unknown paper {paper!r}; expected one of {', '.join(PAPERS)}")
    sheet = PAPERS[paper]
    if sheet.height is None:
        factor, blocks = 1.0, _blocks(slip, sheet, sheet.width - 2 * sheet.margin)
    else:
        factor, blocks = _one_sheet(slip, sheet)
    height = sheet.height or sum(b.height for b in blocks) + 2 * sheet.margin
    out = io.BytesIO()
    # Our font from the start, so not even an unused Helvetica object lands in the file. No compression:
    # zlib over the two font subsets adds about half the render time to save some 45 KB, which only
    # travel to the browser and printer beside the kiosk.
    canvas = Canvas(out, pagesize=(sheet.width, height), invariant=1, pageCompression=0,
                    initialFontName=fonts.REGULAR, initialFontSize=10)
    canvas.setTitle(f"{slip.heading} {slip.code}")
    canvas.setAuthor(slip.issuer)
    if factor != 1.0:  # drawn smaller: every length of the layout (and the page it fills) in its units
        canvas.scale(factor, factor)
        sheet, height = replace(sheet, width=sheet.width / factor, margin=sheet.margin / factor), height / factor
    _draw(canvas, blocks, sheet, height)
    canvas.save()
    return out.getvalue()
