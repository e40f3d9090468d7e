"""Generated hostile inputs (issue 17): each builder writes its case into a fresh directory.

Listed with their expected outcome in ``tests/crash/HOSTILE.tsv`` (the generated successor of
EXPECTED.tsv: nothing here is stored, a bomb is generated, never kept) and reused by
``scripts/attack.py``. A builder returns the CLI arguments (inputs and options) for
``pntd-extract extract``; the TSV says how many records and error lines must come out and
a word the error line must hold.
"""
from __future__ import annotations

import gzip
import io
import json
import os
import random
import zlib
from pathlib import Path
from typing import Callable

ART = [
    ("Hội LHPN phường Xuân Đỉnh trao quà", "(PNTĐ) - Ngày 9/1, bà Nguyễn Thị Hoa, Chủ tịch Hội LHPN phường Xuân Đỉnh, "
     "trao 5 suất quà, mỗi suất 500.000 đồng cho hội viên khó khăn."),
    ("Hội viên Cổ Nhuế vay vốn", "(PNTĐ) - Ngày 12/3, Hội LHPN phường Cổ Nhuế 1 giúp 4 hộ vay vốn phát triển kinh tế, "
     "đạt 60% kế hoạch năm."),
    ("Thượng Cát tổng kết năm", "(PNTĐ) - Ngày 20/12, bà Trần Thị Mai báo cáo tổng kinh phí 12,5 triệu đồng "
     "do các nhà hảo tâm đóng góp."),
]


def text(i: int) -> str:
    t, b = ART[i % len(ART)]
    return f"{t} {i}\n\n{b}"


def line(i: int) -> str:
    """Article ``i`` on one line, without commas (a CSV field that needs no quotes)."""
    return text(i).replace("\n\n", ". ").replace(",", "")


def html(i: int) -> bytes:
    t, b = ART[i % len(ART)]
    return (f"<html><head><title>{t} {i}</title></head><body><article><h1>{t} {i}</h1>"
            f"<p>{b}</p><p>{b}</p></article></body></html>").encode("utf-8")


def warc(n: int = 3, gz: bool = False) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gz)
    for i in range(n):
        hh = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        rec = w.create_warc_record(f"http://bao.example/{i}", "response", payload=io.BytesIO(html(i)),
                                   http_headers=hh)
        w.write_record(rec)
    return buf.getvalue()


def jsonl_lines(n: int) -> list[bytes]:
    return [json.dumps({"id": f"b{i}", "text": text(i)}, ensure_ascii=False).encode("utf-8") + b"\n"
            for i in range(n)]


def complete_lines_in_cut_gzip(data: bytes) -> int:
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    return d.decompress(data).count(b"\n")


# ----------------------------------------------------------------------------- builders

def csv_unclosed_quote(d: Path) -> list[str]:
    (d / "a.csv").write_text(f'text,id\n"{line(0)} unclosed,1\n{line(1)},2\n{line(2)},3\n',
                             encoding="utf-8")
    return [str(d)]


def csv_extra_columns(d: Path) -> list[str]:
    (d / "a.csv").write_text(f"text,id\n{line(0)},1,extra\n{line(1)},2\n", encoding="utf-8")
    return [str(d)]


def csv_nul_one_row(d: Path) -> list[str]:
    body = f"text,id\n{line(0)},1\n{line(1)[:15]}\x00\x00{line(1)[15:]},2\n{line(2)},3\n"
    (d / "a.csv").write_bytes(body.encode("utf-8"))
    return [str(d)]


def _cut_inside_last_record(data: bytes, gz_members: bool) -> bytes:
    return data[: len(data) - (60 if gz_members else 300)]


def warc_plain_cut(d: Path) -> list[str]:
    (d / "a.warc").write_bytes(_cut_inside_last_record(warc(3), False))
    return [str(d)]


def warc_gz_records_cut(d: Path) -> list[str]:
    (d / "a.warc.gz").write_bytes(_cut_inside_last_record(warc(3, gz=True), True))
    return [str(d)]


def warc_gz_whole_cut(d: Path) -> list[str]:
    data = gzip.compress(warc(3), compresslevel=1)
    (d / "a.warc.gz").write_bytes(data[: len(data) - 60])
    return [str(d)]


def warc_wrong_length(d: Path) -> list[str]:
    data = warc(3)
    # shorten the first record's Content-Length by 12: warcio prints its own WARNING
    first = data.index(b"Content-Length: ")
    end = data.index(b"\r\n", first)
    n = int(data[first + 16:end])
    data = data[:first + 16] + str(n - 12).encode() + data[end:]
    (d / "a.warc").write_bytes(data)
    return [str(d)]


def jsonl_gz_truncated(d: Path) -> list[str]:
    data = gzip.compress(b"".join(jsonl_lines(100)))
    (d / "a.jsonl.gz").write_bytes(data[: len(data) * 9 // 10])
    return [str(d)]


def jsonl_blank_lead(d: Path) -> list[str]:
    (d / "a.jsonl").write_bytes(b"\n" * (70 * 1024) + b"".join(jsonl_lines(2)))
    return [str(d)]


def jsonl_gz_line_bomb(d: Path) -> list[str]:
    # 2 MB of gzip expanding to 200 MB of one line: refused by the per-record limit
    with gzip.open(d / "a.jsonl.gz", "wb", compresslevel=9) as fh:
        fh.write(b'{"text": "')
        block = b"a" * (1 << 20)
        for _ in range(200):
            fh.write(block)
    return [str(d)]


def jsonl_gz_bomb_limit(d: Path) -> list[str]:
    # blank lines expanding past the decompression limit given on the command line
    with gzip.open(d / "a.jsonl.gz", "wb", compresslevel=9) as fh:
        fh.write(b"".join(jsonl_lines(1)))
        block = b"\n" * (1 << 20)
        for _ in range(40):
            fh.write(block)
    return [str(d), "--max-decompressed", "16M"]


def warc_gz_bomb_limit(d: Path) -> list[str]:
    n = 40 << 20
    head = (b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
            b"Content-Type: application/octet-stream\r\nContent-Length: " + str(n).encode() + b"\r\n\r\n")
    with gzip.open(d / "a.warc.gz", "wb", compresslevel=9) as fh:
        fh.write(head)
        block = b"\0" * (1 << 20)
        for _ in range(40):
            fh.write(block)
        fh.write(b"\r\n\r\n")
    return [str(d), "--max-decompressed", "16M"]


def jsonl_100mb_line(d: Path) -> list[str]:
    with open(d / "a.jsonl", "wb") as fh:
        fh.write(b'{"text": "')
        block = b"x" * (1 << 20)
        for _ in range(100):
            fh.write(block)
        fh.write(b'"}\n')
        fh.write(jsonl_lines(1)[0])
    return [str(d)]


def bad_utf8_name(d: Path) -> list[str]:
    (d / "good.txt").write_text(text(0), encoding="utf-8")
    with open(os.path.join(os.fsencode(d), b"tin-\xff\xfe.txt"), "w", encoding="utf-8") as fh:
        fh.write(text(1))
    return [str(d)]


def hostile_names(d: Path) -> list[str]:
    (d / "tin\nmoi.txt").write_text(text(0), encoding="utf-8")        # newline: read, name escaped
    (d / "hong\n\x1b[31mdo\x1b]0;pwn\x07.txt").write_bytes(b"")        # escapes: one escaped line
    (d / "x\u202etxt.txt").write_text(text(1), encoding="utf-8")        # bidi override: read
    return [str(d)]


def special_files(d: Path) -> list[str]:
    (d / "good.txt").write_text(text(0), encoding="utf-8")
    os.mkfifo(d / "pipe.txt")
    os.symlink("/dev/zero", d / "zero.txt")
    return [str(d)]


def random_high_bytes(d: Path) -> list[str]:
    rnd = random.Random(17)
    (d / "a.txt").write_bytes(bytes(rnd.randrange(0x80, 0x100) for _ in range(20 * 1024)))
    return [str(d)]


BUILDERS: dict[str, Callable[[Path], list[str]]] = {
    f.__name__: f for f in (
        csv_unclosed_quote, csv_extra_columns, csv_nul_one_row, warc_plain_cut, warc_gz_records_cut,
        warc_gz_whole_cut, warc_wrong_length, jsonl_gz_truncated, jsonl_blank_lead, jsonl_gz_line_bomb,
        jsonl_gz_bomb_limit, warc_gz_bomb_limit, jsonl_100mb_line, bad_utf8_name, hostile_names,
        special_files, random_high_bytes,
    )
}


def expected_records(name: str, declared: str) -> int:
    """Records a case must give: a number, or ``lines`` (complete lines of the cut gzip)."""
    if declared != "lines":
        return int(declared)
    data = gzip.compress(b"".join(jsonl_lines(100)))
    return complete_lines_in_cut_gzip(data[: len(data) * 9 // 10])


def load_table(path: Path) -> list[tuple[str, str, int, int, str]]:
    """Rows of HOSTILE.tsv: (case, records, error lines, notices, word in the error line)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, recs, errs, notes, word, _ = (line.split("\t") + [""] * 6)[:6]
        rows.append((name, recs, int(errs), int(notes), word))
    return rows
