"""Flat tables of KB records, and their export to CSV, Parquet, SQLite and DuckDB.

:func:`to_frames` turns records into twelve pandas DataFrames whose columns and dtypes are
fixed by :data:`TABLES` (documented in ``docs/TABLES.md``; a test keeps the two in step):
``articles, people, organizations, locations, roles, money, percentages, quantities, dates,
programmes, checks, mentions``. Every table has ``record_key`` (unique per record:
``article_id``, or ``article_id#N`` for the N-th record with an id already seen -- the same
text read from two files has the same content-hash id) and ``article_id``; entity ids
(``p1``, ``o1``, ``l1``, ``pr1``) are per record, so an entity is keyed by
``(record_key, <entity>_id)``.
Fact lists keep their order in the record as ``seq`` (0-based).

Conventions
-----------
* Spans are ``span_start``/``span_end`` (0-based, end-exclusive code points into
  ``articles.text``; ``end`` is a reserved word in SQL) and ``sentence`` (sentence index);
  ``text == articles.text[span_start:span_end]``.
* Numbers: ``amount``/``value`` (float64) always hold the value; ``amount_int``/``value_int``
  (Int64, nullable) hold it exactly when it is integral and fits in 64 bits, else null.
  Same for ``*_max`` (the high end of a range).
* Lists and dicts (``titles``, ``aliases``, ``related``, ``warnings``, check ``values`` and
  ``spans``) are JSON strings (UTF-8, not ASCII-escaped).
* dtypes: ``string`` (pandas StringDtype, VARCHAR/TEXT), ``Int64`` (BIGINT/INTEGER),
  ``float64`` (DOUBLE/REAL; null as NaN), ``boolean`` (BOOLEAN; 0/1 in SQLite).

Example::

    >>> from pntd_extract import extract, to_frames
    >>> rec = extract("Tiêu đề\\n\\nBà Lan trao 15 triệu đồng.")       # doctest: +SKIP
    >>> to_frames([rec])["money"][["amount_int", "currency"]]          # doctest: +SKIP
       amount_int currency
    0    15000000      VND

Raises ``TypeError`` for a record that is neither a KBRecord nor a dict.
"""
from __future__ import annotations

import json
import math
import os
import shutil
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Union

import pandas as pd

from ..dimension import DIMENSIONS

__all__ = ["TABLES", "FORMATS", "to_frames", "empty_frames", "export", "ExportError", "record_keys"]

S, I, F, B = "string", "Int64", "float64", "boolean"
_SPAN = [("text", S), ("span_start", I), ("span_end", I), ("sentence", I)]
_NUM = lambda n: [(n, F), (f"{n}_int", I), (f"{n}_max", F), (f"{n}_max_int", I)]  # noqa: E731

#: table -> [(column, dtype)] in output order: the export contract (docs/TABLES.md).
TABLES: dict[str, list[tuple[str, str]]] = {
    "articles": [
        ("record_key", S), ("article_id", S), ("input_key", S), ("schema_version", S), ("source", S), ("path", S),
        ("url", S), ("title", S), ("author", S), ("published", S), ("published_inferred", B),
        ("encoding", S), ("n_chars", I), ("related", S), ("warnings", S), ("text", S),
    ],
    "people": [
        ("record_key", S), ("article_id", S), ("person_id", S), ("name", S), ("gender", S), ("titles", S),
        ("aliases", S), ("n_mentions", I),
        ("confidence", S),
    ],
    "organizations": [
        ("record_key", S), ("article_id", S), ("organization_id", S), ("name", S), ("expanded", S), ("n_mentions", I),
        ("confidence", S),
    ],
    "locations": [
        ("record_key", S), ("article_id", S), ("location_id", S), ("name", S), ("level", S), ("canonical", S),
        ("n_mentions", I),
        ("confidence", S),
    ],
    "roles": [
        ("record_key", S), ("article_id", S), ("seq", I), ("person_id", S), ("person", S), ("title", S),
        ("organization", S), ("organization_id", S), *_SPAN,
        ("confidence", S),
    ],
    "money": [
        ("record_key", S), ("article_id", S), ("seq", I), *_NUM("amount"), ("currency", S), ("qualifier", S),
        ("per", S), ("programme_id", S), *_SPAN,
        ("confidence", S),
    ],
    "percentages": [
        ("record_key", S), ("article_id", S), ("seq", I), *_NUM("value"), ("qualifier", S), ("programme_id", S), *_SPAN,
        ("confidence", S),
    ],
    "quantities": [
        ("record_key", S), ("article_id", S), ("seq", I), *_NUM("value"), ("unit", S), ("counted", S),
        ("qualifier", S), ("programme_id", S), *_SPAN,
        ("confidence", S),
    ],
    "dates": [
        ("record_key", S), ("article_id", S), ("seq", I), ("value", S), ("grain", S), ("year_inferred", B), *_SPAN,
        ("confidence", S),
    ],
    "programmes": [
        ("record_key", S), ("article_id", S), ("programme_id", S), ("name", S), ("kind", S), ("number", S),
        ("n_mentions", I),
        ("confidence", S),
    ],
    "checks": [
        ("record_key", S), ("article_id", S), ("seq", I), ("kind", S), ("status", S), ("message", S), ("values", S),
        ("spans", S),
    ],
    "mentions": [
        ("record_key", S), ("article_id", S), ("entity_type", S), ("entity_id", S), ("seq", I), *_SPAN,
    ],
}

FORMATS = ("csv", "parquet", "sqlite", "duckdb")
_SQL = {"duckdb": {S: "VARCHAR", I: "BIGINT", F: "DOUBLE", B: "BOOLEAN"},
        "sqlite": {S: "TEXT", I: "INTEGER", F: "REAL", B: "INTEGER"}}
# record field -> (entity_type in mentions, id column)
_ENTITIES = {d.field: (d.entity_type, d.id_column) for d in DIMENSIONS if d.entity_type}


class ExportError(Exception):
    """An export that cannot be done; the message is one line naming the file."""


def _json(v: Any) -> Optional[str]:
    if v is None:
        return None
    return json.dumps(v, ensure_ascii=False, separators=(",", ":"))


def _as_int(v: Any) -> Optional[int]:
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v if -(2**63) <= v < 2**63 else None
    if isinstance(v, float) and math.isfinite(v) and v.is_integer() and abs(v) < 2**63:
        return int(v)
    return None


def _as_float(v: Any) -> float:
    if v is None or isinstance(v, bool):
        return math.nan
    try:
        return float(v)
    except (TypeError, ValueError, OverflowError):
        return math.nan


def _span(sp: Optional[dict]) -> list:
    sp = sp or {}
    return [sp.get("text"), sp.get("start"), sp.get("end"), sp.get("sentence")]


def _num(v: Any, vmax: Any) -> list:
    return [_as_float(v), _as_int(v), _as_float(vmax), _as_int(vmax)]


def _as_dict(rec: Any) -> dict:
    if isinstance(rec, dict):
        return rec
    dump = getattr(rec, "model_dump", None)
    if dump is None:
        raise TypeError(f"expected a KBRecord or a dict, got {type(rec).__name__}")
    return dump(mode="json")


def record_keys(ids: Iterable[Optional[str]], seen: Optional[dict] = None) -> Iterator[str]:
    """The ``record_key`` of each article id, in order: the id itself the first time it is
    seen, ``ID#2``, ``ID#3`` ... for later records with the same id (the same text read from
    several files has the same content-hash id). ``seen`` (id -> count) carries the counts
    across calls. A missing id counts as ``""``.

    >>> list(record_keys(["3f2a", "9b1c", "3f2a"]))
    ['3f2a', '9b1c', '3f2a#2']
    """
    seen = {} if seen is None else seen
    for aid in ids:
        aid = aid or ""
        n = seen.get(aid, 0) + 1
        seen[aid] = n
        yield aid if n == 1 else f"{aid}#{n}"


def _rows(rec: dict, rkey: str) -> dict[str, list[list]]:
    """Rows (lists in TABLES column order) of one record dict whose record key is ``rkey``."""
    art = rec.get("article") or {}
    aid = art.get("id")
    text = art.get("text")
    out: dict[str, list[list]] = {t: [] for t in TABLES}
    out["articles"].append([
        rkey, aid, art.get("input_key"), rec.get("schema_version"), art.get("source"), art.get("path"),
        art.get("url"), art.get("title"), art.get("author"), art.get("published"),
        bool(art.get("published_inferred", False)), art.get("encoding"),
        len(text) if isinstance(text, str) else None, _json(art.get("related") or []),
        _json(rec.get("warnings") or []), text,
    ])
    for field, (etype, _) in _ENTITIES.items():
        for e in rec.get(field) or []:
            ms = e.get("mentions") or []
            eid = e.get("id")
            if field == "people":
                row = [rkey, aid, eid, e.get("name"), e.get("gender"), _json(e.get("titles") or []),
                       _json(e.get("aliases") or []), len(ms), e.get("confidence")]
            elif field == "organizations":
                row = [rkey, aid, eid, e.get("name"), e.get("expanded"), len(ms), e.get("confidence")]
            elif field == "locations":
                row = [rkey, aid, eid, e.get("name"), e.get("level"), e.get("canonical"), len(ms), e.get("confidence")]
            else:
                row = [rkey, aid, eid, e.get("name"), e.get("kind"), e.get("number"), len(ms), e.get("confidence")]
            out[field].append(row)
            for j, m in enumerate(ms):
                out["mentions"].append([rkey, aid, etype, eid, j, *_span(m)])
    for i, r in enumerate(rec.get("roles") or []):
        out["roles"].append([rkey, aid, i, r.get("person_id"), r.get("person"), r.get("title"),
                             r.get("organization"), r.get("organization_id"), *_span(r.get("span")),
                             r.get("confidence")])
    for i, m in enumerate(rec.get("money") or []):
        out["money"].append([rkey, aid, i, *_num(m.get("amount"), m.get("amount_max")), m.get("currency"),
                             m.get("qualifier"), m.get("per"), m.get("programme_id"), *_span(m.get("span")),
                             m.get("confidence")])
    for i, p in enumerate(rec.get("percentages") or []):
        out["percentages"].append([rkey, aid, i, *_num(p.get("value"), p.get("value_max")), p.get("qualifier"),
                                   p.get("programme_id"), *_span(p.get("span")), p.get("confidence")])
    for i, q in enumerate(rec.get("quantities") or []):
        out["quantities"].append([rkey, aid, i, *_num(q.get("value"), q.get("value_max")), q.get("unit"),
                                  q.get("counted"), q.get("qualifier"), q.get("programme_id"),
                                  *_span(q.get("span")), q.get("confidence")])
    for i, d in enumerate(rec.get("dates") or []):
        out["dates"].append([rkey, aid, i, d.get("value"), d.get("grain"), bool(d.get("year_inferred", False)),
                             *_span(d.get("span")), d.get("confidence")])
    for i, c in enumerate(rec.get("checks") or []):
        spans = [[s.get("start"), s.get("end")] for s in c.get("spans") or []]
        out["checks"].append([rkey, aid, i, c.get("kind"), c.get("status"), c.get("message"),
                              _json(c.get("values") or {}), _json(spans)])
    return out


def _frame(table: str, rows: list[list]) -> pd.DataFrame:
    cols = TABLES[table]
    data = {}
    for k, (name, dtype) in enumerate(cols):
        values = [r[k] for r in rows]
        data[name] = pd.array(values, dtype=dtype) if dtype != F else pd.array(values, dtype="float64")
    return pd.DataFrame(data, columns=[c for c, _ in cols])


def empty_frames() -> dict[str, pd.DataFrame]:
    """The twelve tables with no rows (columns and dtypes as in :data:`TABLES`)."""
    return {t: _frame(t, []) for t in TABLES}


def to_frames(records: Iterable[Any]) -> dict[str, pd.DataFrame]:
    """Flat tables of ``records`` (KBRecord models or the dicts of parsed KB JSON lines).

    Returns ``{table: DataFrame}`` for every table of :data:`TABLES`, in that order, with
    exactly those columns and dtypes (empty tables keep them). Rows follow record order,
    then the order of each record's lists. Every row carries ``record_key`` (unique per
    record, see :func:`record_keys`): join tables on it, not on ``article_id``, which
    repeats when the same text was read twice.
    """
    return _to_frames(records, {})


def _to_frames(records: Iterable[Any], seen: dict) -> dict[str, pd.DataFrame]:
    acc: dict[str, list[list]] = {t: [] for t in TABLES}
    for rec in records:
        d = _as_dict(rec)
        art = d.get("article") or {}
        rkey = next(record_keys([art.get("id")], seen))
        for t, rows in _rows(d, rkey).items():
            acc[t].extend(rows)
    return {t: _frame(t, acc[t]) for t in TABLES}


# --------------------------------------------------------------------------- export

def iter_kb(path: Union[str, Path], on_invalid=None) -> Iterator[dict]:
    """Parsed records of a KB JSON Lines file (blank lines skipped).
    Raises :class:`ExportError` naming the line of invalid JSON. With ``on_invalid`` (a
    callable given one line ``FILE:LINE: field: message``), a line that is not JSON or fails
    strict validation (:func:`pntd_extract.validation.record_problems`) is reported through
    it and skipped instead."""
    path = Path(path)
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise ExportError(f"{path}: cannot read: {exc.strerror or exc}") from None
    with fh:
        for lineno, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw)
            except (ValueError, RecursionError) as exc:
                if on_invalid is None:
                    raise ExportError(f"{path}:{lineno}: not a JSON record ({exc})") from None
                on_invalid(f"{path}:{lineno}: (line): not a JSON record ({type(exc).__name__})")
                continue
            if not isinstance(obj, dict) or not isinstance(obj.get("article"), dict):
                if on_invalid is None:
                    raise ExportError(f"{path}:{lineno}: not a KB record (no 'article' object)")
                on_invalid(f"{path}:{lineno}: (line): not a KB record (no 'article' object)")
                continue
            if on_invalid is not None:
                from ..validation import record_problems

                problems = record_problems(obj)
                if problems:
                    field, msg = problems[0]
                    more = f" (+{len(problems) - 1} more)" if len(problems) > 1 else ""
                    on_invalid(f"{path}:{lineno}: {field}: {msg}{more}")
                    continue
            yield obj


def _batches(records: Iterable[dict], size: int) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for r in records:
        batch.append(r)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


#: first characters that make a spreadsheet (Excel, LibreOffice, Google Sheets) read a CSV
#: cell as a formula (OWASP "CSV injection"): ``=`` ``+`` ``-`` ``@``, tab and carriage return
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(v: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula, made inert with a leading
    apostrophe (``'``), the OWASP recommendation; other values unchanged. Numbers are never
    touched (``-5`` in a numeric column stays a number).

    >>> print(neutralise_cell('=HYPERLINK("http://x";"Bấm vào")'))
    '=HYPERLINK("http://x";"Bấm vào")
    >>> neutralise_cell("-12"), neutralise_cell(-12)
    ("'-12", -12)
    >>> neutralise_cell("Hội LHPN")
    'Hội LHPN'
    """
    if isinstance(v, str) and v.startswith(FORMULA_START):
        return "'" + v
    return v


def _neutralised(df: pd.DataFrame) -> pd.DataFrame:
    cols = [c for c in df.columns if df[c].dtype == object or pd.api.types.is_string_dtype(df[c].dtype)]
    if not cols or not len(df):
        return df
    df = df.copy()
    for c in cols:
        df[c] = df[c].map(neutralise_cell)
    return df


class _Sink:
    def __init__(self, fmt: str, dest: Path, csv_raw: bool = False) -> None:
        self.fmt, self.dest, self.csv_raw = fmt, dest, csv_raw
        self.writers: dict[str, Any] = {}
        if fmt in ("csv", "parquet"):
            dest.mkdir(parents=True)
        elif fmt == "sqlite":
            import sqlite3

            self.con = sqlite3.connect(dest)
        else:
            import duckdb

            self.con = duckdb.connect(str(dest))
        if fmt in ("sqlite", "duckdb"):
            types = _SQL[fmt]
            for t, cols in TABLES.items():
                body = ", ".join(f'"{c}" {types[d]}' for c, d in cols)
                self.con.execute(f'CREATE TABLE "{t}" ({body})')

    def write(self, frames: dict[str, pd.DataFrame], first: bool) -> None:
        for t, df in frames.items():
            if self.fmt == "csv":
                # UTF-8 with a byte-order mark: Excel reads Vietnamese right only with it
                # (pandas, DuckDB and csv readers with utf-8-sig skip it)
                if not self.csv_raw:
                    df = _neutralised(df)
                df.to_csv(self.dest / f"{t}.csv", index=False, mode="w" if first else "a", header=first,
                          encoding="utf-8-sig" if first else "utf-8")
            elif self.fmt == "parquet":
                import pyarrow as pa
                import pyarrow.parquet as pq

                w = self.writers.get(t)
                if w is None:
                    schema = pa.Schema.from_pandas(_frame(t, []), preserve_index=False)
                    w = self.writers[t] = pq.ParquetWriter(self.dest / f"{t}.parquet", schema)
                if len(df):
                    w.write_table(pa.Table.from_pandas(df, schema=w.schema, preserve_index=False))
            elif self.fmt == "sqlite":
                if len(df):
                    cols = ", ".join(f'"{c}"' for c in df.columns)
                    marks = ", ".join("?" for _ in df.columns)
                    rows = [tuple(_sql_value(v) for v in row) for row in df.itertuples(index=False, name=None)]
                    self.con.executemany(f'INSERT INTO "{t}" ({cols}) VALUES ({marks})', rows)
            else:
                if len(df):
                    self.con.register("_chunk", df)
                    self.con.execute(f'INSERT INTO "{t}" SELECT * FROM _chunk')
                    self.con.unregister("_chunk")

    def close(self) -> None:
        for w in self.writers.values():
            w.close()
        if self.fmt == "sqlite":
            self.con.commit()
            self.con.close()
        elif self.fmt == "duckdb":
            self.con.close()


def _sql_value(v: Any) -> Any:
    if v is None or v is pd.NA:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if hasattr(v, "item"):  # numpy scalars
        return v.item()
    return v


def export(kb: Union[str, Path, Iterable[Any]], fmt: str, dest: Union[str, Path], *,
           overwrite: bool = False, batch_size: int = 1000, csv_raw: bool = False,
           on_invalid=None) -> dict[str, int]:
    """Write the tables of ``kb`` (a KB JSON Lines path, or an iterable of records) to ``dest``.

    ``fmt``: ``csv`` (directory of ``<table>.csv``, UTF-8 with a BOM, header row), ``parquet`` (directory
    of ``<table>.parquet``), ``sqlite`` (one SQLite file) or ``duckdb`` (one DuckDB file).
    CSV cells that a spreadsheet would run as a formula (text starting with ``=`` ``+``
    ``-`` ``@``, tab or CR, e.g. a hostile article title) get a leading ``'``
    (:func:`neutralise_cell`); ``csv_raw=True`` writes them unchanged. Other formats are typed
    databases and never changed.
    Streams ``batch_size`` records at a time (memory does not grow with the file). Writes to
    ``DEST.part`` then renames, so ``dest`` is never half-written. Returns rows per table.
    Raises :class:`ExportError` (bad format, ``dest`` exists without ``overwrite``, bad KB line).
    ``on_invalid``: skip records that fail strict validation, reporting each (see :func:`iter_kb`).
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    dest = Path(dest)
    if dest.exists() and not overwrite:
        raise ExportError(f"{dest}: already exists (use --overwrite to replace it)")
    records = iter_kb(kb, on_invalid) if isinstance(kb, (str, Path)) else kb
    tmp = dest.with_name(dest.name + ".part")
    _remove(tmp)
    tmp.parent.mkdir(parents=True, exist_ok=True)
    counts = {t: 0 for t in TABLES}
    try:
        sink = _Sink(fmt, tmp, csv_raw=csv_raw)
    except BaseException:
        _remove(tmp)
        raise
    try:
        first = True
        seen: dict = {}
        for batch in _batches(records, batch_size):
            frames = _to_frames(batch, seen)
            sink.write(frames, first)
            first = False
            for t, df in frames.items():
                counts[t] += len(df)
        if first:
            sink.write(empty_frames(), True)
        sink.close()
    except BaseException:
        try:
            sink.close()
        finally:
            _remove(tmp)
        raise
    if dest.exists():
        _remove(dest)
    os.replace(tmp, dest)
    return counts


def _remove(p: Path) -> None:
    if p.is_dir() and not p.is_symlink():
        shutil.rmtree(p)
    elif p.exists() or p.is_symlink():
        p.unlink()
