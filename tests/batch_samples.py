"""Small Vietnamese articles written for the batch tests (runner, CLI extract, Dask).

They follow the style of local press reports (title line, "(PNTĐ) -" dateline, figures) but
are our own text; every article differs (names, wards, figures) so ids are distinct.
"""
from __future__ import annotations

import json
from pathlib import Path

NAMES = ["Nguyễn Thị Hoa", "Trần Thị Mai", "Lê Thị Thu Hằng", "Phạm Thị Lan", "Đỗ Thị Kim Chi",
         "Vũ Thị Ngọc", "Hoàng Thị Yến", "Bùi Thị Thanh"]
WARDS = ["Xuân Đỉnh", "Cổ Nhuế 1", "Thượng Cát", "Đông Ngạc", "Phú Diễn", "Minh Khai", "Tây Tựu"]


def article(i: int) -> tuple[str, str]:
    """(title, body) of sample article ``i`` (any i >= 0 gives a distinct article)."""
    name = NAMES[i % len(NAMES)]
    ward = WARDS[i % len(WARDS)]
    title = f"Hội LHPN phường {ward} trao {i + 3} suất quà cho hội viên khó khăn"
    body = (
        f"(PNTĐ) - Ngày {1 + i % 28}/{1 + i % 12}, bà {name}, Chủ tịch Hội LHPN phường {ward}, "
        f"đã trao {i + 3} suất quà, mỗi suất trị giá {500 + 10 * i}.000 đồng cho hội viên có hoàn "
        f"cảnh khó khăn. Tổng kinh phí hơn {i + 2},5 triệu đồng do các nhà hảo tâm đóng góp.\n\n"
        f"Dịp này, Hội còn giúp {i % 9 + 2} hộ vay vốn phát triển kinh tế, đạt {40 + i % 50}% kế hoạch năm."
    )
    return title, body


def write_txt_dir(d: Path, n: int) -> list[Path]:
    """``n`` seed-layout .txt articles in ``d`` (title line, blank line, body)."""
    d.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        title, body = article(i)
        p = d / f"bai-{i:03d}.txt"
        p.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
        paths.append(p)
    return paths


def write_jsonl(p: Path, n: int, bad_lines: tuple[int, ...] = ()) -> Path:
    """JSON Lines of ``n`` articles (``id``, ``title``, ``text``, ``published``); the 1-based
    line numbers in ``bad_lines`` are not JSON."""
    lines = []
    for i in range(n):
        if len(lines) + 1 in bad_lines:
            lines.append("{hỏng: không phải JSON")
        title, body = article(i)
        lines.append(json.dumps({"id": f"bai-{i:04d}", "title": title, "text": body,
                                 "published": "2024-01-15"}, ensure_ascii=False))
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


CRASH_MARK = "SẬP NGUỒN"


def crashing_chunk(items, published=None):
    """A worker function that kills its process on an article containing :data:`CRASH_MARK`
    (stands for a segfault or the out-of-memory killer); otherwise the real extraction."""
    import os

    from pntd_extract.runner import process_chunk

    if any(CRASH_MARK in getattr(it, "text", "") for it in items):
        os._exit(7)
    return process_chunk(items, published)
