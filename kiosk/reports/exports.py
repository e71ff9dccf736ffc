"""Every figures table as rows, written to CSV or XLSX (openpyxl) as shown on screen: ward names, real dates,
numbers as the reader's spreadsheet expects them."""
import csv
import io
from datetime import date

from .figures import ONLINE


def tables(figures, labels) -> dict[str, tuple[list[str], list[list]]]:
    """name -> (header, rows); `labels` turns codes into what people read. Dates stay dates, numbers numbers:
    each writer (screen, CSV, XLSX) formats them for its reader."""
    return {
        "status": ([labels["status"], labels["count"]],
                   [[labels.status_name(k), v] for k, v in sorted(figures.by_status.items())]),
        "procedure": ([labels["procedure"], labels["count"]],
                      [[labels.procedure_name(k), v] for k, v in sorted(figures.by_procedure.items())]),
        "channel": ([labels["channel"], labels["count"]],
                    [[labels.channel_name(k), v] for k, v in sorted(figures.by_channel.items())]),
        "ward": ([labels["ward"], labels["count"]],
                 [[labels.ward_name(k), v] for k, v in sorted(figures.by_ward.items())]),
        "online": ([labels["ward"], labels["count"], labels["online"], labels["online_share"]],
                   [[labels.ward_name(ward), sum(channels.values()), sum(channels.get(c, 0) for c in ONLINE),
                     round(figures.online_share_by_ward()[ward], 1)]
                    for ward, channels in sorted(figures.channels_by_ward.items())]),
        "month": ([labels["month"], labels["count"]], [[first, n] for first, n in figures.by_month]),
        "overdue": ([labels["code"], labels["procedure"], labels["due_on"], labels["status"]],
                    [[d.code, labels.procedure_name(d.procedure_code), d.due_on,
                      labels.status_name(d.status)] for d in figures.overdue]),
    }


def _csv_cell(value, month: bool = False):
    if isinstance(value, date):
        return f"{value:%m/%Y}" if month else f"{value:%d/%m/%Y}"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")  # Vietnamese: a decimal comma
    return value


def to_csv(header, rows, month: bool = False) -> bytes:
    """As a spreadsheet set to Vietnamese reads it: semicolons between cells (the comma is the decimal mark
    there), a decimal comma, dates day first, and a BOM so that it reads the file as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(header)
    writer.writerows([_csv_cell(cell, month) for cell in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(header, rows, title: str, month: bool = False) -> bytes:
    """A title row (what, which ward, which period), a bold header, real date cells, columns as wide as their
    longest text."""
    from openpyxl import Workbook  # here, not at the top: with numpy it weighs ~19 MB, for a rare export
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, date):
                cell.number_format = "MM/YYYY" if month else "DD/MM/YYYY"
            elif isinstance(cell.value, float):
                cell.number_format = "0.0"
    sheet.freeze_panes = "A3"
    for index, name in enumerate(header, start=1):
        texts = [str(name)] + [("00/00/0000" if isinstance(r[index - 1], date) else str(r[index - 1])) for r in rows]
        sheet.column_dimensions[sheet.cell(row=2, column=index).column_letter].width = \
            min(60, max(len(t) for t in texts) + 2)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
