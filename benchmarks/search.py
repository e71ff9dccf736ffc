"""`kiosk bench search`: typical queries over the catalogue scaled to thousands of procedures."""
import statistics
import time

from kiosk.catalogue.loader import load_catalogue
from kiosk.catalogue.search import SearchIndex

QUERIES = ["khai sinh", "dang ky ket hon", "xac nhan doc than", "giay phep xay dung", "ban sao trich luc",
           "KHAI TU", "đổi bằng lái", "via he", "chung thuc ban sao", "huong dan vien du lich", "lay vo",
           "khuyen mai", "zzz nothing"]


def scaled_procedures(size: int):
    """Copies of the real procedures with distinct codes and names, `size` in all."""
    real = list(load_catalogue().procedures.values())
    made = []
    for i in range(size):
        source = real[i % len(real)]
        if i < len(real):
            made.append(source)
            continue
        name = source.name.model_copy(update={"vi": f"{source.name.vi} (mẫu {i})", "en": f"{source.name.en} ({i})"})
        made.append(source.model_copy(update={"code": f"{source.code}-{i}", "name": name}))
    return made


def run(size: int = 2000, rounds: int = 50) -> dict:
    index = SearchIndex(scaled_procedures(size))
    timings = []
    for _ in range(rounds):
        for query in QUERIES:
            start = time.perf_counter()
            index.search(query)
            timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return {"procedures": size, "queries": len(timings), "search_ms_median": statistics.median(timings),
            "search_ms_p95": timings[int(len(timings) * 0.95) - 1]}


def format_line(figures: dict) -> str:
    return (f"procedures={figures['procedures']} queries={figures['queries']} "
            f"search_ms_median={figures['search_ms_median']:.2f} search_ms_p95={figures['search_ms_p95']:.2f}")
