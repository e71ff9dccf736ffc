"""Every figures table as rows, written to CSV or XLSX (openpyxl) exactly as shown on screen."""
import csv
import io

from .figures import ONLINE


def tables(figures, labels) -> dict[str, tuple[list[str], list[list]]]:
    """name -> (header, rows); `labels` turns codes into what people read."""
    return {
        "status": ([labels["status"], labels["count"]],
                   [[labels.status_name(k), v] for k, v in sorted(figures.by_status.items())]),
        "procedure": ([labels["procedure"], labels["count"]],
                      [[labels.procedure_name(k), v] for k, v in sorted(figures.by_procedure.items())]),
        "channel": ([labels["channel"], labels["count"]],
                    [[labels.channel_name(k), v] for k, v in sorted(figures.by_channel.items())]),
        "ward": ([labels["ward"], labels["count"]], [[k, v] for k, v in sorted(figures.by_ward.items())]),
        "online": ([labels["ward"], labels["count"], labels["online"], labels["online_share"]],
                   [[ward, sum(channels.values()), sum(channels.get(c, 0) for c in ONLINE),
                     round(figures.online_share_by_ward()[ward], 1)]
                    for ward, channels in sorted(figures.channels_by_ward.items())]),
        "overdue": ([labels["code"], labels["procedure"], labels["due_on"], labels["status"]],
                    [[d.code, labels.procedure_name(d.procedure_code), d.due_on.strftime("%d/%m/%Y"),
                      labels.status_name(d.status)] for d in figures.overdue]),
    }


def to_csv(header, rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")  # the BOM lets spreadsheet programs read Vietnamese


def to_xlsx(header, rows) -> bytes:
    from openpyxl import Workbook  # here, not at the top: with numpy it weighs ~19 MB, for a rare export

    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
