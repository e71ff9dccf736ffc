"""`kiosk bench receipts`: render a receipt in a loop, and the same slip as HTML with WeasyPrint.

WeasyPrint is the obvious alternative (the slip as an HTML template); the figure shows what choosing
reportlab buys at the kiosk, where a resident waits at the printer.
"""
import base64
import html
import math
import statistics
import time

from kiosk.printing import qr
from kiosk.printing.fonts import FONT_FOLDER
from kiosk.printing.layout import Slip, render_slip

SAMPLE = Slip(
    heading="GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    issuer="Phường Ba Đình",
    issuer_address="Bộ phận một cửa, UBND phường Ba Đình, Hà Nội",
    code="09556-01-261122-0007-K",
    code_label="Mã hồ sơ",
    # a terminal's receipt: the centre's look-up and an Ed25519 signature (88 characters), the largest QR printed
    qr_payload="https://dichvucong.hanoi.gov.vn/l/09556-01-261122-0007-K?s=e." + "AbCdEf0123456789_-" * 4 + "AbCdEf01234567",
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
UNAVAILABLE = "unavailable"  # WeasyPrint comes only with the `bench` extra
WEASYPRINT_ROUNDS = 20  # each takes a few hundred milliseconds


def _timed(render, count: int) -> list[float]:
    """Milliseconds of each of `count` renders, sorted."""
    timings = []
    for _ in range(count):
        start = time.perf_counter()
        render()
        timings.append((time.perf_counter() - start) * 1000)
    return sorted(timings)


def _percentile(sorted_timings: list[float], share: float) -> float:
    """Nearest rank: the smallest timing that at least `share` of the renders did not exceed."""
    return sorted_timings[max(0, math.ceil(share * len(sorted_timings)) - 1)]


def _qr_data_uri(payload: str) -> str:
    """The same module matrix as the PDF, as an SVG of merged dark runs with its quiet zone."""
    modules = qr.matrix(payload)
    runs = "".join(f"M{start + qr.QUIET_ZONE} {row + qr.QUIET_ZONE}h{length}v1h-{length}z"
                   for row, cells in enumerate(modules) for start, length in qr.dark_runs(cells))
    side = qr.side(modules)
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}"><path d="{runs}"/></svg>'
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


STYLE = """
@page { size: A5; margin: 10mm }
@font-face { font-family: Kiosk; src: url(%(regular)s) }
@font-face { font-family: Kiosk; font-weight: bold; src: url(%(bold)s) }
body { font-family: Kiosk; font-size: 10pt; margin: 0 }
header { text-align: center; border-bottom: 0.6pt solid #595959; padding-bottom: 1mm }
header small { color: #595959; font-size: 8pt }
h1 { font-size: 12.5pt; text-align: center; margin: 4mm 0 } h2 { font-size: 10pt; margin: 3mm 0 1mm }
.qr { float: right; width: 30mm } .label { color: #595959; font-size: 9pt; margin: 0 }
.code { font-size: 19pt; font-weight: bold; margin: 0 } .copy { border: 1.6pt solid; text-align: center }
table { clear: both; width: 100%%; border-top: 0.6pt solid #595959; margin-top: 4mm }
th { text-align: left; width: 44mm; color: #595959; font-size: 9pt; vertical-align: top }
.note { color: #595959; font-size: 8.5pt } .printed { text-align: right; color: #595959; font-size: 7.5pt }
"""


def slip_html(slip: Slip) -> str:
    """The same slip as an HTML page, for WeasyPrint to render in the comparison."""
    e = html.escape
    style = STYLE % {"regular": (FONT_FOLDER / "DejaVuSans.ttf").as_uri(),
                     "bold": (FONT_FOLDER / "DejaVuSans-Bold.ttf").as_uri()}
    qr_image = f'<img class=qr src="{_qr_data_uri(slip.qr_payload)}">' if slip.qr_payload else ""
    copy = f"<p class=copy><b>{e(slip.copy_mark)}</b></p>" if slip.copy_mark else ""
    rows = "".join(f"<tr><th>{e(label)}</th><td>{e(value)}</td></tr>" for label, value in slip.rows)
    items = "".join(f"<li>{e(item)}</li>" for item in slip.list_items)
    notes = "".join(f"<p class=note>{e(note)}</p>" for note in slip.notes)
    return (f"<!doctype html><html><head><meta charset=utf-8><title>{e(slip.heading)} {e(slip.code)}</title>"
            f"<style>{style}</style></head><body>"
            f"<header><b>{e(slip.issuer.upper())}</b><br><small>{e(slip.issuer_address)}</small></header>"
            f"<h1>{e(slip.heading)}</h1>{qr_image}<p class=label>{e(slip.code_label)}</p>"
            f"<p class=code>{e(slip.code)}</p>{copy}<table>{rows}</table>"
            f"<h2>{e(slip.list_title)}</h2><ul>{items}</ul>{notes}"
            f"<p class=printed>{e(slip.printed_at)}</p></body></html>")


def _weasyprint_median(slip: Slip) -> float | str:
    try:
        from weasyprint import HTML
    except ImportError:
        return UNAVAILABLE

    def render():
        return HTML(string=slip_html(slip)).write_pdf()

    render()  # the first render loads fonts and fills WeasyPrint's caches
    return statistics.median(_timed(render, WEASYPRINT_ROUNDS))


def run(count: int = 200) -> dict:
    """Median and 95th percentile of `count` receipt renders in milliseconds, and WeasyPrint's median."""
    render_slip(SAMPLE)  # font registration happens once per process, not per slip
    receipts = _timed(lambda: render_slip(SAMPLE), count)
    return {"receipt_ms_median": statistics.median(receipts),
            "receipt_ms_p95": _percentile(receipts, 0.95),
            "weasyprint_ms_median": _weasyprint_median(SAMPLE)}


def _ms(figure: float | str) -> str:
    return figure if isinstance(figure, str) else f"{figure:.2f}"


def format_line(figures: dict) -> str:
    """The line the CLI prints last, e.g. `receipt_ms_median=4.90 receipt_ms_p95=6.10 weasyprint_ms_median=180.20`."""
    return " ".join(f"{name}={_ms(figures[name])}"
                    for name in ("receipt_ms_median", "receipt_ms_p95", "weasyprint_ms_median"))
