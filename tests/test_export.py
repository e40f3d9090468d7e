"""Flat tables (to_frames) and `pntd-extract export` to CSV, Parquet, SQLite and DuckDB."""
from __future__ import annotations

import json
import math
import re
import sqlite3
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from typer.testing import CliRunner

from pntd_extract import to_frames
from pntd_extract.cli import app
from pntd_extract.io.tables import TABLES, export
from pntd_extract.schema import KBRecord

ROOT = Path(__file__).resolve().parents[1]

TEXT = (
    "Hội LHPN phường Xuân Đỉnh trao quà Tết\n\n"
    "Ngày 9/1, bà Nguyễn Thị Hoa, Chủ tịch Hội LHPN phường Xuân Đỉnh, trao 2,5 triệu đồng "
    "cho 12 hộ, đạt 12,5% kế hoạch của chương trình \"Mái ấm tình thương\". "
    "Quỹ có 12.345.678.901.234.567 đồng."
)


def _sp(sub: str, nth: int = 0, sentence: int = 1) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(sub, start + 1)
    return {"start": start, "end": start + len(sub), "text": sub, "sentence": sentence}


def make_record(article_id: str = "bai-xuan-dinh") -> dict:
    """A hand-written record covering every table (values chosen by us, not by the program)."""
    return {
        "schema_version": "1",
        "article": {"id": article_id, "input_key": f"{article_id}.txt", "path": f"{article_id}.txt",
                    "title": "Hội LHPN phường Xuân Đỉnh trao quà Tết", "published": "2024-01-10",
                    "text": TEXT, "related": ["Tin khác"]},
        "people": [{"id": "p1", "name": "Nguyễn Thị Hoa", "gender": "female", "titles": [],
                    "mentions": [_sp("Nguyễn Thị Hoa")]}],
        "organizations": [{"id": "o1", "name": "Hội LHPN phường Xuân Đỉnh",
                           "expanded": "Hội Liên hiệp Phụ nữ phường Xuân Đỉnh",
                           "mentions": [_sp("Hội LHPN phường Xuân Đỉnh", 0, 0),
                                        _sp("Hội LHPN phường Xuân Đỉnh", 1)]}],
        "locations": [{"id": "l1", "name": "Xuân Đỉnh", "level": "phường",
                       "mentions": [_sp("Xuân Đỉnh", 0, 0), _sp("Xuân Đỉnh", 1)]}],
        "roles": [{"person_id": "p1", "person": "Nguyễn Thị Hoa", "title": "Chủ tịch",
                   "organization": "Hội LHPN phường Xuân Đỉnh", "organization_id": "o1",
                   "span": _sp("bà Nguyễn Thị Hoa, Chủ tịch Hội LHPN phường Xuân Đỉnh")}],
        "money": [{"amount": 2500000, "currency": "VND", "qualifier": "exact", "programme_id": "pr1",
                   "text": "2,5 triệu đồng", "span": _sp("2,5 triệu đồng")},
                  {"amount": 12345678901234567, "currency": "VND", "qualifier": "exact",
                   "text": "12.345.678.901.234.567 đồng", "span": _sp("12.345.678.901.234.567 đồng", 0, 2)}],
        "percentages": [{"value": 12.5, "qualifier": "exact", "text": "12,5%", "span": _sp("12,5%")}],
        "quantities": [{"value": 12, "counted": "hộ", "qualifier": "exact", "text": "12 hộ",
                        "span": _sp("12 hộ")}],
        "dates": [{"value": "2024-01-09", "grain": "day", "year_inferred": True, "text": "Ngày 9/1",
                   "span": _sp("Ngày 9/1")}],
        "programmes": [{"id": "pr1", "name": "Mái ấm tình thương", "kind": "chương trình",
                        "mentions": [_sp("Mái ấm tình thương")]}],
        "checks": [{"kind": "percent_of_plan", "status": "info", "message": "12 hộ là 12,5% kế hoạch",
                    "values": {"part": 12, "percent": 12.5}, "spans": [_sp("12 hộ"), _sp("12,5%")]}],
    }


def _kb_file(tmp_path: Path) -> Path:
    recs = [KBRecord.model_validate(make_record("bai-1")), KBRecord.model_validate(make_record("bai-2"))]
    p = tmp_path / "kb.jsonl"
    p.write_text("".join(r.model_dump_json() + "\n" for r in recs), encoding="utf-8")
    return p


def test_to_frames_tables_columns_and_values():
    frames = to_frames([KBRecord.model_validate(make_record())])
    assert list(frames) == list(TABLES)
    for t, cols in TABLES.items():
        df = frames[t]
        assert list(df.columns) == [c for c, _ in cols], t
        assert [str(df[c].dtype) for c, _ in cols] == [d for _, d in cols], t
        assert (df["article_id"] == "bai-xuan-dinh").all(), t
    money = frames["money"]
    assert money["amount_int"].tolist() == [2500000, 12345678901234567]
    assert money["amount"].iloc[0] == 2500000.0
    assert money["amount_int"].iloc[1] == 12345678901234567  # exact beyond float64's 2**53
    pct = frames["percentages"]
    assert pct["value"].iloc[0] == 12.5 and pd.isna(pct["value_int"].iloc[0])
    assert math.isnan(pct["value_max"].iloc[0])
    ment = frames["mentions"]
    assert sorted(set(ment["entity_type"])) == ["location", "organization", "person", "programme"]
    assert len(ment) == 6
    # every span row points at its text in articles.text
    text = frames["articles"]["text"].iloc[0]
    for t in ("roles", "money", "percentages", "quantities", "dates", "mentions"):
        for _, row in frames[t].iterrows():
            assert text[row["span_start"]:row["span_end"]] == row["text"], t
    # joins by (article_id, entity id)
    joined = frames["roles"].merge(frames["people"], on=["article_id", "person_id"])
    assert joined["name"].tolist() == ["Nguyễn Thị Hoa"]
    assert json.loads(frames["checks"]["values"].iloc[0]) == {"part": 12, "percent": 12.5}
    assert frames["dates"]["year_inferred"].tolist() == [True]


def test_to_frames_dicts_equal_models_and_empty_keeps_columns():
    rec = make_record()
    a = to_frames([rec])
    b = to_frames([KBRecord.model_validate(rec)])
    for t in TABLES:
        pd.testing.assert_frame_equal(a[t], b[t])
    empty = to_frames([])
    for t, cols in TABLES.items():
        assert len(empty[t]) == 0
        assert list(empty[t].columns) == [c for c, _ in cols]
        assert [str(empty[t][c].dtype) for c, _ in cols] == [d for _, d in cols]
    with pytest.raises(TypeError):
        to_frames([42])


def test_docs_tables_match_the_code():
    doc = (ROOT / "docs" / "TABLES.md").read_text(encoding="utf-8")
    documented: dict[str, list[tuple[str, str]]] = {}
    current = None
    for line in doc.splitlines():
        m = re.match(r"^## (\w+)\s*$", line)
        if m:
            current = m.group(1) if m.group(1) in TABLES else None
            if current:
                documented[current] = []
            continue
        if current and line.startswith("| ") and not line.startswith("| column"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            documented[current].append((cells[0], cells[1]))
    assert documented == TABLES


def _load_pandas(fmt: str, dest: Path, table: str) -> pd.DataFrame:
    if fmt == "csv":
        return pd.read_csv(dest / f"{table}.csv")
    if fmt == "parquet":
        return pd.read_parquet(dest / f"{table}.parquet")
    if fmt == "sqlite":
        with sqlite3.connect(dest) as con:
            return pd.read_sql(f'SELECT * FROM "{table}"', con)
    con = duckdb.connect(str(dest), read_only=True)
    try:
        return con.execute(f'SELECT * FROM "{table}"').df()
    finally:
        con.close()


def _load_duckdb(fmt: str, dest: Path, table: str) -> tuple[list[str], list[tuple]]:
    con = duckdb.connect()
    try:
        if fmt == "csv":
            rel = con.execute(f"SELECT * FROM read_csv_auto('{dest / (table + '.csv')}')")
        elif fmt == "parquet":
            rel = con.execute(f"SELECT * FROM read_parquet('{dest / (table + '.parquet')}')")
        else:
            con.close()
            con = duckdb.connect(str(dest), read_only=True)
            rel = con.execute(f'SELECT * FROM "{table}"')
        cols = [d[0] for d in rel.description]
        return cols, rel.fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("fmt", ["csv", "parquet", "sqlite", "duckdb"])
def test_export_cli_loads_back_in_pandas_and_duckdb(tmp_path, fmt):
    kb = _kb_file(tmp_path)
    dest = tmp_path / f"out.{fmt}"
    res = CliRunner().invoke(app, ["export", str(kb), "--to", fmt, str(dest)])
    assert res.exit_code == 0, res.output
    assert not (tmp_path / f"out.{fmt}.part").exists()
    for t, cols in TABLES.items():
        df = _load_pandas(fmt, dest, t)
        assert list(df.columns) == [c for c, _ in cols], (fmt, t)
        assert len(df) > 0, (fmt, t)
        assert set(df["article_id"]) == {"bai-1", "bai-2"}
    money = _load_pandas(fmt, dest, "money")
    assert sorted(int(v) for v in money["amount_int"]) == [2500000, 2500000, 12345678901234567, 12345678901234567]
    if fmt != "sqlite":  # DuckDB reads SQLite only through an extension it downloads
        for t, cols in TABLES.items():
            got_cols, rows = _load_duckdb(fmt, dest, t)
            assert got_cols == [c for c, _ in cols], (fmt, t)
            assert len(rows) == len(_load_pandas(fmt, dest, t))


def test_export_duckdb_types_and_join(tmp_path):
    dest = tmp_path / "kb.duckdb"
    export(_kb_file(tmp_path), "duckdb", dest)
    con = duckdb.connect(str(dest), read_only=True)
    try:
        types = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns "
                                 "WHERE table_name = 'money'").fetchall())
        assert types["amount"] == "DOUBLE" and types["amount_int"] == "BIGINT" and types["currency"] == "VARCHAR"
        rows = con.execute(
            "SELECT p.name, r.title, o.expanded FROM roles r "
            "JOIN people p USING (record_key, person_id) "
            "JOIN organizations o USING (record_key, organization_id) ORDER BY record_key").fetchall()
        assert rows == [("Nguyễn Thị Hoa", "Chủ tịch", "Hội Liên hiệp Phụ nữ phường Xuân Đỉnh")] * 2
    finally:
        con.close()


def test_export_empty_kb_keeps_tables(tmp_path):
    kb = tmp_path / "empty.jsonl"
    kb.write_text("", encoding="utf-8")
    dest = tmp_path / "e.parquet"
    counts = export(kb, "parquet", dest)
    assert set(counts) == set(TABLES) and not any(counts.values())
    for t, cols in TABLES.items():
        df = pd.read_parquet(dest / f"{t}.parquet")
        assert list(df.columns) == [c for c, _ in cols] and len(df) == 0


def test_export_refuses_existing_dest_and_bad_lines(tmp_path):
    kb = _kb_file(tmp_path)
    dest = tmp_path / "kb.sqlite"
    dest.write_text("old", encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(app, ["export", str(kb), "--to", "sqlite", str(dest)])
    assert res.exit_code == 2 and "already exists" in res.output
    assert dest.read_text(encoding="utf-8") == "old"
    res = runner.invoke(app, ["export", str(kb), "--to", "sqlite", str(dest), "--overwrite"])
    assert res.exit_code == 0, res.output
    with sqlite3.connect(dest) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (2,)
    bad = tmp_path / "bad.jsonl"
    bad.write_text(kb.read_text(encoding="utf-8") + "{không phải JSON\n", encoding="utf-8")
    res = runner.invoke(app, ["export", str(bad), "--to", "csv", str(tmp_path / "c")])
    assert res.exit_code == 2 and "bad.jsonl:3" in res.output
    assert not (tmp_path / "c").exists() and not (tmp_path / "c.part").exists()
    res = runner.invoke(app, ["export", str(kb), "--to", "xlsx", str(tmp_path / "x")])
    assert res.exit_code == 2 and "--to" in res.output


# ----------------------------------------------------------------------------- duplicate ids

def _dup_kb(tmp_path: Path) -> Path:
    """The same article read from three files (same content-hash id) and one other article."""
    recs = []
    for key in ("a/bai.txt", "b/bai.txt", "c/bai.txt"):
        r = make_record("3f2a9b1c")
        r["article"]["input_key"] = r["article"]["path"] = key
        recs.append(r)
    recs.insert(1, make_record("khac"))
    p = tmp_path / "dup.jsonl"
    p.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    return p


def test_duplicate_article_ids_get_unique_record_keys_across_batches(tmp_path):
    dest = tmp_path / "kb.sqlite"
    export(_dup_kb(tmp_path), "sqlite", dest, batch_size=2)  # the copies straddle two batches
    with sqlite3.connect(dest) as con:
        keys = [k for (k,) in con.execute("SELECT record_key FROM articles")]
        assert keys == ["3f2a9b1c", "khac", "3f2a9b1c#2", "3f2a9b1c#3"]
        # one role per record: joining on record_key keeps it one row per record
        n = con.execute("SELECT count(*) FROM roles r JOIN people p USING (record_key, person_id)").fetchone()[0]
        assert n == 4
        # (joining on article_id alone multiplies the copies: 3 x 3 + 1)
        assert con.execute("SELECT count(*) FROM roles r JOIN people p USING (article_id, person_id)").fetchone()[0] == 10
        n = con.execute("SELECT count(*) FROM money m JOIN articles a USING (record_key)").fetchone()[0]
        assert n == con.execute("SELECT count(*) FROM money").fetchone()[0] == 8
        for t in TABLES:
            orphans = con.execute(f'SELECT count(*) FROM "{t}" WHERE record_key NOT IN (SELECT record_key FROM articles)')
            assert orphans.fetchone()[0] == 0, t
        assert con.execute("SELECT count(DISTINCT article_id) FROM articles").fetchone()[0] == 2


def test_to_frames_record_keys_are_unique():
    recs = [make_record("x"), make_record("x"), make_record("y")]
    fr = to_frames(recs)
    assert list(fr["articles"]["record_key"]) == ["x", "x#2", "y"]
    assert list(fr["people"]["record_key"]) == ["x", "x#2", "y"]


def test_csv_export_has_a_bom_once_and_reads_back(tmp_path):
    dest = tmp_path / "csv"
    export(_dup_kb(tmp_path), "csv", dest, batch_size=1)
    raw = (dest / "articles.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfrecord_key,") and raw.count(b"\xef\xbb\xbf") == 1
    df = pd.read_csv(dest / "articles.csv")
    assert list(df.columns)[0] == "record_key" and len(df) == 4
    assert df["title"].iloc[0] == "Hội LHPN phường Xuân Đỉnh trao quà Tết"
    assert (dest / "people.csv").read_bytes().startswith(b"\xef\xbb\xbf")
