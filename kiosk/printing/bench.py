"""`kiosk bench receipts`: render a receipt in a loop, and the same slip as HTML with WeasyPrint."""
import base64
import html
import io
import statistics
import time

from .fonts import FONT_FOLDER
from .layout import Slip, render_slip
from .qr import matrix

SAMPLE = Slip(
    heading="GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    issuer="Phường Ba Đình",
    issuer_address="Bộ phận một cửa, UBND phường Ba Đình, Hà Nội",
    code="09556-01-261122-0007-K",
    code_label="Mã hồ sơ",
    qr_payload="http://127.0.0.1:5000/l/09556-01-261122-0007-K?s=k1.AbCdEf0123456789abcd",
    rows=(("Thủ tục", "Đăng ký khai sinh"), ("Người nộp", "Nguyễn Thị Hồng Nhung"),
          ("Thời điểm tiếp nhận", "22/11/2026 14:05"), ("Ngày hẹn trả kết quả", "23/11/2026"),
          ("Nơi nhận kết quả", "Bộ phận một cửa UBND phường"), ("Lệ phí", "Miễn phí")),
    list_title="Giấy tờ cần nộp",
    list_items=("Tờ khai đăng ký khai sinh (theo mẫu) — 1 bản chính",
                "Giấy chứng sinh do cơ sở y tế cấp — 1 bản chính",
                "CCCD hoặc hộ chiếu của người đi đăng ký (xuất trình) — 1 bản chính",
                "Giấy chứng nhận kết hôn của cha mẹ (nếu có) — 1 bản sao"),
    notes=("Quét mã QR bằng điện thoại để theo dõi hồ sơ, hoặc tra cứu tại điểm truy cập của phường "
           "bằng mã hồ sơ và 4 số cuối điện thoại.",
           "Mang theo giấy này và thẻ căn cước khi đến nhận kết quả."),
    printed_at="In lúc 22/11/2026 14:06",
)


def _timed(render, count: int) -> list[float]:
    timings = []
    for _ in range(count):
        start = time.perf_counter()
        render()
        timings.append((time.perf_counter() - start) * 1000)
    return sorted(timings)


def _qr_svg(payload: str) -> str:
    modules = matrix(payload)
    cells = "".join(f'<rect x="{x + 4}" y="{y + 4}" width="1" height="1"/>'
                    for y, row in enumerate(modules) for x, dark in enumerate(row) if dark)
    size = len(modules) + 8
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}">{cells}</svg>'
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def slip_html(slip: Slip) -> str:
    """The same slip as an HTML page, for WeasyPrint to render in the comparison."""
    e = html.escape
    rows = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in slip.rows)
    items = "".join(f"<li>{e(i)}</li>" for i in slip.list_items)
    notes = "".join(f"<p class=note>{e(n)}</p>" for n in slip.notes)
    font = (FONT_FOLDER / "DejaVuSans.ttf").as_uri()
    bold = (FONT_FOLDER / "DejaVuSans-Bold.ttf").as_uri()
    return f"""<!doctype html><html><head><meta charset=utf-8><style>
@page {{ size: A5; margin: 12mm }}
@font-face {{ font-family: K; src: url({font}) }} @font-face {{ font-family: K; font-weight: bold; src: url({bold}) }}
body {{ font-family: K; font-size: 10pt }} h1 {{ font-size: 12.5pt; text-align: center }}
.code {{ font-size: 19pt; font-weight: bold }} img {{ width: 32mm; float: right }}
th {{ text-align: left; width: 44mm; color: #555 }} .note {{ color: #555; font-size: 8.5pt }}
</style></head><body><p style="text-align:center"><b>{e(slip.issuer.upper())}</b><br>{e(slip.issuer_address)}</p>
<h1>{e(slip.heading)}</h1><img src="{_qr_svg(slip.qr_payload)}"><p>{e(slip.code_label)}</p>
<p class=code>{e(slip.code)}</p><table>{rows}</table><h2>{e(slip.list_title)}</h2><ul>{items}</ul>{notes}
<p style="text-align:right">{e(slip.printed_at)}</p></body></html>"""


def run(count: int = 200) -> dict:
    render_slip(SAMPLE)  # font registration happens once per process, not per slip
    receipts = _timed(lambda: render_slip(SAMPLE), count)
    figures = {"receipt_ms_median": statistics.median(receipts),
               "receipt_ms_p95": receipts[max(0, int(count * 0.95) - 1)], "weasyprint_ms_median": None}
    try:
        from weasyprint import HTML
    except ImportError:  # only installed with the `bench` extra
        return figures
    page = slip_html(SAMPLE)
    HTML(string=page).write_pdf(io.BytesIO())
    figures["weasyprint_ms_median"] = statistics.median(_timed(lambda: HTML(string=page).write_pdf(), 20))
    return figures


def format_line(figures: dict) -> str:
    weasy = figures["weasyprint_ms_median"]
    return (f"receipt_ms_median={figures['receipt_ms_median']:.2f} receipt_ms_p95={figures['receipt_ms_p95']:.2f} "
            f"weasyprint_ms_median={'unavailable' if weasy is None else f'{weasy:.2f}'}")
