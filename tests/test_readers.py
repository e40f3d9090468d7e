"""Input readers (io/readers.py): every format a press archive holds, one line per bad input."""
from __future__ import annotations

import gzip
import io
import json
import sys

import pytest

from pntd_extract.io.base import Document, ReadError
from pntd_extract.io.decode import encode_legacy
from pntd_extract.io.readers import iter_documents

ART = "Hội LHPN xã tổng kết năm 2023\n\n(PNTĐ) - Ngày 9/1, Hội LHPN xã tổ chức hội nghị tổng kết, trao 15 triệu đồng cho 3 hội viên.\n"
BODY_P = "Ngày 9/1, Hội LHPN xã Tiên Dương tổ chức hội nghị tổng kết công tác Hội năm 2023 với 120 đại biểu tham dự."


def docs(*inputs, **kw):
    return list(iter_documents([str(i) for i in inputs], **kw))


def page(title="Hội nghị tổng kết", body=f"<p>{BODY_P}</p><p>Bà Trần Thị Mai trao 15 triệu đồng cho 3 hội viên khó khăn.</p>",
         head=""):
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>{head}</head><body>"
            f"<nav><a href='/'>Trang chủ</a></nav><article><h1>{title}</h1>{body}</article></body></html>")


# ---------------------------------------------------------------- text

def test_txt_document(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(ART, encoding="utf-8")
    (d,) = docs(f)
    assert isinstance(d, Document)
    assert d.key == str(f) and d.text == ART
    assert d.meta == {"path": str(f), "encoding": "utf-8", "warnings": []}


def test_legacy_txt_records_encoding_and_warning(tmp_path):
    f = tmp_path / "old.txt"
    f.write_bytes(encode_legacy(ART, "tcvn3"))
    (d,) = docs(f)
    assert d.text == ART and d.meta["encoding"] == "tcvn3" and d.meta["warnings"] == ["decoded as TCVN3 (detected)"]


def test_forced_encoding_is_recorded(tmp_path):
    f = tmp_path / "old.txt"
    f.write_bytes(encode_legacy(ART, "vni"))
    (d,) = docs(f, encoding="vni")
    assert d.text == ART and d.meta["encoding"] == "vni" and d.meta["warnings"] == []


def test_unknown_forced_encoding_is_a_read_error_per_file(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(ART, encoding="utf-8")
    (e,) = docs(f, encoding="klingon-8")
    assert isinstance(e, ReadError) and "klingon-8" in str(e) and str(e).startswith(str(f))


@pytest.mark.parametrize("data,reason", [
    (b"", "empty file"),
    (b" \n\t\r\n ", "only whitespace"),
    (b"%PDF-1.4\n", "binary file (PDF)"),
])
def test_unreadable_txt_is_one_line(tmp_path, data, reason):
    f = tmp_path / "bad.txt"
    f.write_bytes(data)
    (e,) = docs(f)
    assert isinstance(e, ReadError) and reason in e.reason
    assert str(e) == f"{f}: {e.reason} [{e.code}]" and e.code.startswith("E2") and "\n" not in str(e)


def test_missing_file(tmp_path):
    (e,) = docs(tmp_path / "nope.txt")
    assert isinstance(e, ReadError) and e.reason == "no such file"


def test_article_over_max_chars_is_rejected(tmp_path):
    f = tmp_path / "long.txt"
    f.write_text("Tiêu đề\n\n" + "Hội nghị. " * 200, encoding="utf-8")
    (e,) = docs(f, max_chars=1000)
    assert isinstance(e, ReadError) and "article too long" in e.reason


# ---------------------------------------------------------------- JSON Lines

def test_jsonl_keys_meta_and_line_errors(tmp_path):
    f = tmp_path / "a.jsonl"
    lines = [
        json.dumps({"id": 7, "title": "Tiêu đề", "url": "https://example.vn/a", "published": "2024-01-10",
                    "source": "PNTĐ", "author": "Thu Hà", "text": "Nội dung bài.", "extra": {"x": 1}}, ensure_ascii=False),
        "",
        '{"text": "cắt giữa chừng',
        json.dumps({"text": ["không", "phải", "chuỗi"]}, ensure_ascii=False),
        json.dumps({"text": "Bài hai.", "author": {"name": "x"}}, ensure_ascii=False),
        "42",
    ]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = docs(f)
    assert [i.key for i in items] == [f"{f}:1", f"{f}:3", f"{f}:4", f"{f}:5", f"{f}:6"]
    d = items[0]
    assert d.text == "Nội dung bài."
    assert {k: d.meta[k] for k in ("id", "title", "url", "published", "source", "author")} == {
        "id": "7", "title": "Tiêu đề", "url": "https://example.vn/a", "published": "2024-01-10",
        "source": "PNTĐ", "author": "Thu Hà"}
    errs = items[1:]
    assert all(isinstance(e, ReadError) for e in errs)
    assert [e.line for e in errs] == [3, 4, 5, 6]
    assert "truncated JSON" in errs[0].reason
    assert "field 'text' must be a string, got an array" in errs[1].reason
    assert "field 'author' must be a string" in errs[2].reason
    assert "expected a JSON object, got a number" in errs[3].reason
    assert str(errs[0]).startswith(f"{f}:3: ")


def test_jsonl_gz_and_non_utf8_line(tmp_path):
    f = tmp_path / "a.jsonl.gz"
    raw = (json.dumps({"text": "Bài một."}, ensure_ascii=False) + "\n").encode() + b'{"text": "\xff\xfe"}\n'
    f.write_bytes(gzip.compress(raw))
    items = docs(f)
    assert isinstance(items[0], Document) and items[0].key == f"{f}:1"
    assert isinstance(items[1], Document) and items[1].key == f"{f}:2"  # not UTF-8: decoded, with a warning
    assert items[1].meta["warnings"] and items[1].meta["warnings"][0].startswith("line 2: ")


def test_jsonl_line_in_legacy_encoding(tmp_path):
    f = tmp_path / "mixed.jsonl"
    f.write_bytes(json.dumps({"text": "Bài một."}, ensure_ascii=False).encode() + b"\n"
                  + encode_legacy(json.dumps({"text": ART}, ensure_ascii=False), "tcvn3") + b"\n")
    one, two = docs(f)
    assert one.meta["encoding"] == "utf-8" and two.text == ART and two.meta["encoding"] == "tcvn3"
    assert two.meta["warnings"] == ["line 2: decoded as TCVN3 (detected)"]


# ---------------------------------------------------------------- CSV

def test_csv_default_column_multiline_field_and_meta(tmp_path):
    f = tmp_path / "a.csv"
    f.write_text('id,title,text,ghi_chu\n1,Tiêu đề,"Dòng một.\nDòng hai.",x\n2,Hai,,y\n3,Ba,Bài ba.,z\n', encoding="utf-8")
    items = docs(f)
    assert isinstance(items[0], Document) and items[0].key == f"{f}:2"
    assert items[0].text == "Dòng một.\nDòng hai." and items[0].meta["id"] == "1" and items[0].meta["title"] == "Tiêu đề"
    assert "ghi_chu" not in items[0].meta
    assert isinstance(items[1], ReadError) and items[1].line == 4 and "empty" in items[1].reason
    assert items[2].key == f"{f}:5" and items[2].text == "Bài ba."


def test_csv_chosen_text_column(tmp_path):
    f = tmp_path / "a.csv"
    f.write_text("ma,noi_dung\nA1,Nội dung bài một.\n", encoding="utf-8")
    (e,) = docs(f)
    assert isinstance(e, ReadError) and "no column 'text'" in e.reason and "noi_dung" in e.reason
    (d,) = docs(f, text_column="noi_dung")
    assert d.text == "Nội dung bài một."


def test_directory_skips_manifest_without_text_column(tmp_path):
    (tmp_path / "manifest.csv").write_text("file,title\na.txt,Tiêu đề\n", encoding="utf-8")
    (tmp_path / "rows.csv").write_text("text\nBài trong CSV.\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(ART, encoding="utf-8")
    keys = [d.key for d in docs(tmp_path)]
    assert keys == [str(tmp_path / "a.txt"), f"{tmp_path / 'rows.csv'}:2"]


# ---------------------------------------------------------------- HTML

def test_html_main_text_and_metadata(tmp_path):
    head = ("<meta name='author' content='Thu Hà'><meta property='article:published_time' content='2024-01-10T08:00:00+07:00'>"
            "<link rel='canonical' href='https://example.vn/hoi-nghi.html'>")
    body = f"<p>{BODY_P}</p><script>document.write('Tin giả 99 tỷ')</script><p>Bà Trần Thị Mai trao 15 triệu đồng cho 3 hội viên.</p>"
    f = tmp_path / "a.html"
    f.write_text(page(body=body, head=head), encoding="utf-8")
    (d,) = docs(f)
    assert isinstance(d, Document), d
    assert d.text.split("\n", 1)[0] == "Hội nghị tổng kết"
    assert BODY_P in d.text and "Tin giả" not in d.text and "Trang chủ" not in d.text
    assert d.meta["author"] == "Thu Hà" and d.meta["published"] == "2024-01-10"
    assert d.meta["url"] == "https://example.vn/hoi-nghi.html"


def test_html_external_entities_are_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("MẬT-KHẨU-BÍ-MẬT", encoding="utf-8")
    f = tmp_path / "xxe.html"
    f.write_text(
        f"<?xml version='1.0'?><!DOCTYPE html [<!ENTITY xxe SYSTEM 'file://{secret}'>]>"
        f"<html><head><title>Tin</title></head><body><article><p>{BODY_P}</p><p>&xxe;</p></article></body></html>",
        encoding="utf-8")
    items = docs(f)
    assert all("MẬT-KHẨU" not in getattr(i, "text", "") for i in items)
    assert BODY_P in items[0].text


def test_html_in_legacy_encoding(tmp_path):
    f = tmp_path / "old.htm"
    f.write_bytes(encode_legacy(page().replace("<meta charset='utf-8'>", ""), "vni"))
    (d,) = docs(f)
    assert BODY_P in d.text and d.meta["encoding"] == "vni"


def test_deeply_nested_html_keeps_its_text(tmp_path):
    f = tmp_path / "deep.html"
    f.write_text(page(body="<div>" * 3000 + f"<p>{BODY_P}</p>" + "</div>" * 3000), encoding="utf-8")
    (d,) = docs(f)
    assert BODY_P in d.text and any("nested too deeply" in w for w in d.meta["warnings"])


def test_oversized_html_is_rejected(tmp_path):
    f = tmp_path / "big.html"
    f.write_text(page(body="<p>Nội dung.</p>" * 1000), encoding="utf-8")
    (e,) = docs(f, max_html_bytes=5000)
    assert isinstance(e, ReadError) and "HTML page too large" in e.reason


# ---------------------------------------------------------------- WARC

def _warc(path, pages, gz=True):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=gz)
        for uri, ctype, status, payload in pages:
            hh = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(uri, "response", payload=io.BytesIO(payload), length=len(payload),
                                                http_headers=hh))


@pytest.mark.parametrize("name,gz", [("a.warc.gz", True), ("a.warc", False)])
def test_warc_html_responses_become_documents(tmp_path, name, gz):
    f = tmp_path / name
    _warc(f, [
        ("https://example.vn/1.html", "text/html; charset=utf-8", "200 OK", page().encode()),
        ("https://example.vn/logo.png", "image/png", "200 OK", b"\x89PNG\r\n"),
        ("https://example.vn/404.html", "text/html", "404 Not Found", b"<html>not found</html>"),
        ("https://example.vn/2.html", "text/html", "200 OK", page(title="Bài thứ hai").encode()),
    ], gz=gz)
    items = docs(f)
    assert [type(i) for i in items] == [Document, Document]
    assert items[0].meta["url"] == "https://example.vn/1.html" and items[1].text.startswith("Bài thứ hai")
    assert len({i.key for i in items}) == 2 and all(i.key.startswith(f"{f}#") for i in items)
    assert [i.key for i in docs(f)] == [i.key for i in items]  # stable


def test_warc_without_html_and_corrupt_warc(tmp_path):
    f = tmp_path / "img.warc.gz"
    _warc(f, [("https://example.vn/logo.png", "image/png", "200 OK", b"\x89PNG")])
    (e,) = docs(f)
    assert isinstance(e, ReadError) and "no HTML responses" in e.reason
    g = tmp_path / "bad.warc"
    g.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5000\r\n\r\nHTTP/1.1 200")
    (e,) = docs(g)
    assert isinstance(e, ReadError) and str(e).startswith(str(g))


# ---------------------------------------------------------------- gzip, stdin, directories

def test_txt_gz_and_gzip_bomb(tmp_path):
    f = tmp_path / "a.txt.gz"
    f.write_bytes(gzip.compress(ART.encode()))
    (d,) = docs(f)
    assert d.text == ART
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b"a" * 200_000))
    (e,) = docs(bomb, max_bytes=100_000)
    assert isinstance(e, ReadError) and "decompressed data too large" in e.reason


@pytest.mark.parametrize("payload,first_key", [
    (ART.encode(), "<stdin>"),
    ((json.dumps({"text": "Bài một."}, ensure_ascii=False) + "\n").encode(), "<stdin>:1"),
    (gzip.compress(page().encode()), "<stdin>"),
])
def test_stdin(monkeypatch, payload, first_key):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(payload)))
    items = docs("-")
    assert isinstance(items[0], Document) and items[0].key == first_key


def test_directory_walk_is_sorted_recursive_and_unique(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "z.txt").write_text(ART, encoding="utf-8")
    (tmp_path / "a.txt").write_text(ART, encoding="utf-8")
    (tmp_path / ".hidden" / "x.txt").write_text(ART, encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "c.jsonl").write_text('{"text": "Một."}\n{"text": "Hai."}\n', encoding="utf-8")
    keys = [d.key for d in docs(tmp_path, tmp_path / "a.txt")]  # a.txt named twice: read once
    assert keys == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "z.txt"), f"{tmp_path / 'c.jsonl'}:1", f"{tmp_path / 'c.jsonl'}:2"]
    assert len(set(keys)) == len(keys)


def test_readers_write_nothing(tmp_path):
    (tmp_path / "a.txt").write_text(ART, encoding="utf-8")
    (tmp_path / "b.html").write_text(page(), encoding="utf-8")
    (tmp_path / "c.csv").write_text("text\nMột.\n", encoding="utf-8")
    before = sorted((p, p.stat().st_mtime_ns) for p in tmp_path.rglob("*"))
    assert len(docs(tmp_path)) == 3
    assert sorted((p, p.stat().st_mtime_ns) for p in tmp_path.rglob("*")) == before


# ---------------------------------------------------------------- nothing lost silently

def test_unlistable_directory_is_one_read_error_naming_it(tmp_path, monkeypatch):
    import os

    import pntd_extract.io.readers as readers

    (tmp_path / "a.txt").write_text(ART, encoding="utf-8")
    locked = tmp_path / "khoa"
    locked.mkdir()
    (locked / "b.txt").write_text(ART, encoding="utf-8")
    real = os.scandir

    def scandir(path="."):  # permission bits do not stop root: refuse the way the OS would
        if str(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(readers.os, "scandir", scandir)
    items = docs(tmp_path)
    assert [type(i).__name__ for i in items] == ["Document", "ReadError"]
    assert str(items[1]) == f"{locked}: cannot read directory: Permission denied [E107]"


def test_csv_skipped_in_a_walk_is_announced_once(tmp_path):
    (tmp_path / "a.csv").write_text("id,body,published\n1,Một.\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("text\nHai.\n", encoding="utf-8")
    notes: list[str] = []
    items = docs(tmp_path, on_notice=notes.append)
    assert [d.text for d in items] == ["Hai."]
    assert notes == [f"{tmp_path / 'a.csv'}: skipped: no 'text' column (columns: id, body, published); use --text-column"]
    # with the right column the same file is read, and the other one is announced instead
    notes.clear()
    items = docs(tmp_path, on_notice=notes.append, text_column="body")
    assert [d.text for d in items] == ["Một."] and notes[0].startswith(f"{tmp_path / 'b.csv'}: skipped: no 'body' column")


# ---------------------------------------------------------------- stdin sniffing

def _stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_stdin_csv_with_text_column(monkeypatch):
    rows = "id,body,published\n1,\"Bài một, có dấu phẩy.\",2024-01-10\n2,Bài hai.,2024-01-11\n"
    _stdin(monkeypatch, rows.encode())
    items = docs("-", text_column="body")
    assert [(d.key, d.text, d.meta["id"], d.meta["published"]) for d in items] == [
        ("<stdin>:2", "Bài một, có dấu phẩy.", "1", "2024-01-10"), ("<stdin>:3", "Bài hai.", "2", "2024-01-11")]


@pytest.mark.parametrize("data,texts", [
    ("\ufeffid,text\n1,Bài một.\n2,Bài hai.\n", ["Bài một.", "Bài hai."]),     # header names `text`
    ("id\ttext\n1\tBài một.\n", ["Bài một."]),                                  # TSV
    ('{"text": "Bài một."}\n{"text": "Bài hai."}\n', ["Bài một.", "Bài hai."]),  # JSON Lines
    ('[{"text": "Bài một."}, {"text": "Bài hai."}]', ["Bài một.", "Bài hai."]),     # JSON array
    ("[Video] Hội LHPN xã trao quà\n\nBài một.\n", ["[Video] Hội LHPN xã trao quà\n\nBài một.\n"]),  # text
    (ART, [ART]),                                                               # plain article
])
def test_stdin_is_sniffed(monkeypatch, data, texts):
    _stdin(monkeypatch, data.encode("utf-8"))
    assert [d.text for d in docs("-")] == texts


def test_stdin_with_text_column_missing_names_the_columns(monkeypatch):
    _stdin(monkeypatch, b"id,noi_dung\n1,Bai\n")
    (e,) = docs("-", text_column="body")
    assert isinstance(e, ReadError) and "no column 'body' (columns: id, noi_dung)" in e.reason


# ---------------------------------------------------------------- .json files

def test_json_file_object_array_and_garbage(tmp_path):
    one = tmp_path / "mot.json"
    one.write_text(json.dumps({"id": "b1", "text": ART, "published": "2024-01-10"}, ensure_ascii=False), encoding="utf-8")
    (d,) = docs(one)
    assert isinstance(d, Document) and d.key == str(one) and d.text == ART and d.meta["id"] == "b1"
    many = tmp_path / "nhieu.json"
    many.write_text(json.dumps([{"text": "Bài một."}, {"title": "thiếu"}, {"text": "Bài ba."}], ensure_ascii=False),
                    encoding="utf-8")
    items = docs(many)
    assert [i.key for i in items] == [f"{many}[0]", f"{many}[1]", f"{many}[2]"]
    assert isinstance(items[1], ReadError) and str(items[1]) == f"{many}: item 1: field 'text' missing [E216]"
    for content, reason in (('{"a":', "truncated JSON"), ('"Bài viết"', "got a string"),
                            ("[]", "empty JSON array"), ('{"title": "x"}', "field 'text' missing")):
        bad = tmp_path / "hong.json"
        bad.write_text(content, encoding="utf-8")
        (e,) = docs(bad)
        assert isinstance(e, ReadError) and reason in e.reason, (content, e)


# ---------------------------------------------------------------- published values

def test_published_that_is_not_an_iso_date_is_kept_with_a_warning(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text("\n".join(json.dumps({"text": "Bài.", "published": p}, ensure_ascii=False)
                           for p in ("bad-date", "2024-01-10T08:00:00+07:00", "10/01/2024")) + "\n", encoding="utf-8")
    bad, good, vn = docs(f)
    assert bad.meta["published"] == "bad-date"
    assert bad.meta["warnings"] == ["published 'bad-date' is not an ISO date (YYYY-MM-DD): ignored"]
    assert good.meta["warnings"] == []
    assert vn.meta["warnings"] == ["published '10/01/2024' is not an ISO date (YYYY-MM-DD): ignored"]
    c = tmp_path / "a.csv"
    c.write_text("text,published\nBài.,hôm qua\n", encoding="utf-8")
    (row,) = docs(c)
    assert row.meta["warnings"] == ["published 'hôm qua' is not an ISO date (YYYY-MM-DD): ignored"]
    from pntd_extract import extract

    rec = extract(bad.text, **bad.meta)
    assert rec.article.published is None and any("bad-date" in w for w in rec.warnings)


# ---------------------------------------------------------------- library chatter

def test_html_without_text_leaves_no_library_log_on_stderr(tmp_path, caplog):
    # trafilatura logs "discarding data: None" at WARNING for a page without main text; it
    # shows on stderr as soon as anything gives the root logger a handler (caplog does)
    f = tmp_path / "trong.html"
    f.write_text("<html><body></body></html>", encoding="utf-8")
    (e,) = docs(f)
    assert isinstance(e, ReadError) and "no article text" in e.reason
    assert not [r for r in caplog.records if r.name.startswith(("trafilatura", "htmldate", "courlan"))]


def test_walk_names_broken_links_and_unfollowed_directory_links(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(ART, encoding="utf-8")
    (d / "mat.txt").symlink_to(tmp_path / "khong-co.txt")
    other = tmp_path / "khac"
    other.mkdir()
    (other / "b.txt").write_text(ART, encoding="utf-8")
    (d / "lien-ket").symlink_to(other, target_is_directory=True)
    notes: list[str] = []
    items = docs(d, on_notice=notes.append)
    assert [str(i) if isinstance(i, ReadError) else i.key for i in items] == [
        str(d / "a.txt"), f"{d / 'mat.txt'}: broken symbolic link [E106]"]
    assert notes == [f"{d / 'lien-ket'}: skipped: symbolic link to a directory (not followed); name it as an input to read it"]


def test_fifo_is_reported_not_read(tmp_path):
    """A named pipe given as input must not block the batch (found by a tester)."""
    import os

    from pntd_extract.io.base import ReadError
    from pntd_extract.io.readers import iter_documents

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    items = list(iter_documents([str(fifo)]))
    assert len(items) == 1 and isinstance(items[0], ReadError)
    assert "not a regular file" in str(items[0]) and str(fifo) in str(items[0])
