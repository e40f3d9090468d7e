"""Per-file metadata for plain-text archives: ``--metadata FILE.csv|.jsonl`` and sidecars.

A press archive of ``.txt`` files usually keeps its dates, urls and authors apart, in a
manifest (one row per file) or in a ``NAME.json`` sidecar next to ``NAME.txt``. This module
joins them onto the documents the readers yield, before extraction (so ``published``
resolves relative dates and ``--resume`` sees a changed manifest as a changed input).

Manifest shape: CSV with a header, or JSON Lines of objects. The join key is the first of
these columns present: ``file``, ``filename``, ``name``, ``path``, ``id``; a document
matches a row when the row's key equals the document's file name (``a.txt``), its stem
(``a``), its path as given, or its record ``id`` (JSON Lines / CSV inputs). Fields taken
(aliases in brackets): ``published`` [``date``, ``published_at``], ``url``, ``author``
[``authors``, ``byline``], ``source`` [``publisher``], ``title``. Other columns are ignored.
A value the document already carries (e.g. a ``published`` field of a JSON Lines record)
wins over the manifest; a ``title`` is not applied to ``.txt`` inputs, whose first line is
their title (the layout reads it). Dates are checked: a ``published`` that is not an ISO
date (``YYYY-MM-DD``, or a longer ISO timestamp) is reported and dropped for that row.

Problems are reported, never silently ignored: two rows with the same key, a bad date,
and (after the run, :meth:`MetadataTable.unmatched`) rows that matched no input.

A sidecar ``NAME.json`` (a JSON object with the same fields) next to ``NAME.txt`` is read
for that file; it overrides a manifest row, and is not itself read as an article.

Example::

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "m.csv").write_text("file,date,url\\nbai-1.txt,2024-01-10,https://x.vn/1\\n", encoding="utf-8")
    >>> table = MetadataTable.load(d / "m.csv")
    >>> table.fields_for(path=str(d / "bai-1.txt"))
    {'published': '2024-01-10', 'url': 'https://x.vn/1'}
    >>> table.unmatched()
    []

Raises :class:`~pntd_extract.errors.UsageError` (code E510) for a manifest that cannot be
read at all (missing, not CSV/JSON Lines, no key column).
"""
from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import os
from pathlib import Path
from typing import Any, Callable, Optional, Union

from ..errors import UsageError, safe_text

__all__ = ["MetadataTable", "KEY_COLUMNS", "FIELD_ALIASES", "sidecar_of", "is_sidecar"]

KEY_COLUMNS = ("file", "filename", "name", "path", "id")
FIELD_ALIASES = {
    "published": ("published", "date", "published_at"),
    "url": ("url",),
    "author": ("author", "authors", "byline"),
    "source": ("source", "publisher"),
    "title": ("title",),
}
_MAX_MANIFEST = 256 * 1024 * 1024


def _iso_date(value: str) -> Optional[str]:
    s = value.strip()
    if not s:
        return None
    try:
        return _dt.date.fromisoformat(s[:10]).isoformat() if len(s) == 10 or s[10:11] in "T " else None
    except ValueError:
        return None


def _fields(row: dict[str, Any], where: str, notice: Callable[[str], None]) -> dict[str, str]:
    low = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
    out: dict[str, str] = {}
    for field, names in FIELD_ALIASES.items():
        for n in names:
            v = low.get(n)
            if v is None or (isinstance(v, str) and not v.strip()):
                continue
            v = v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) if not isinstance(v, (int, float)) else str(v)
            if isinstance(row.get(n), list):  # JSON list of authors
                v = "; ".join(str(x) for x in row[n])
            if field == "published":
                iso = _iso_date(v)
                if iso is None:
                    notice(f"{where}: published {safe_text(v)!r} is not an ISO date (YYYY-MM-DD); ignored [E511]")
                    break
                v = iso
            out[field] = v.strip()
            break
    return out


def sidecar_of(path: str) -> Optional[Path]:
    """``NAME.json`` beside a ``NAME.txt`` input, when it exists (else ``None``)."""
    p = Path(path)
    if p.suffix.lower() != ".txt":
        return None
    side = p.with_suffix(".json")
    return side if side.is_file() else None


def is_sidecar(path: str) -> bool:
    """True for ``NAME.json`` when ``NAME.txt`` sits beside it: metadata, not an article."""
    p = Path(path)
    return p.suffix.lower() == ".json" and p.with_suffix(".txt").is_file()


class MetadataTable:
    """Rows of a manifest keyed by file name / stem / path / id (see module doc).

    ``rows``: key -> fields dict; ``origin``: key -> ``"FILE:LINE"`` for messages;
    ``notice``: called once per problem line (duplicate key, bad date, unmatched row).
    """

    def __init__(self, rows: dict[str, dict[str, str]], origin: dict[str, str], source: str = "",
                 notice: Optional[Callable[[str], None]] = None) -> None:
        self.rows = rows
        self.origin = origin
        self.source = source
        self.notice = notice or (lambda line: None)
        self._used: set[str] = set()

    # -- loading -------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Union[str, os.PathLike], notice: Optional[Callable[[str], None]] = None) -> "MetadataTable":
        """Read a ``.csv`` / ``.tsv`` / ``.jsonl`` / ``.json`` manifest (UTF-8, BOM allowed)."""
        problems: list[str] = []
        say = notice or problems.append
        p = Path(path)
        name = safe_text(str(p))
        try:
            if p.stat().st_size > _MAX_MANIFEST:
                raise UsageError("metadata file larger than 256 MB", path=str(p), code="E510")
            raw = p.read_bytes()
        except OSError as exc:
            raise UsageError(f"cannot read metadata file: {exc.strerror or exc}", path=str(p), code="E510") from None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UsageError("metadata file is not UTF-8", path=str(p), code="E510") from None
        suffix = p.suffix.lower()
        records: list[tuple[int, dict]] = []
        if suffix in (".jsonl", ".json", ".ndjson"):
            for n, line in enumerate(text.splitlines(), 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    say(f"{name}:{n}: not JSON ({exc.msg}); row ignored [E511]")
                    continue
                if not isinstance(obj, dict):
                    say(f"{name}:{n}: not a JSON object; row ignored [E511]")
                    continue
                records.append((n, obj))
        elif suffix in (".csv", ".tsv"):
            reader = csv.DictReader(io.StringIO(text, newline=""), delimiter="\t" if suffix == ".tsv" else ",")
            for row in reader:
                if None in row:
                    say(f"{name}:{reader.line_num}: more fields than the header; row ignored [E511]")
                    continue
                records.append((reader.line_num, row))
        else:
            raise UsageError("metadata file must be .csv, .tsv or .jsonl", path=str(p), code="E510")
        if not records:
            raise UsageError("metadata file has no rows", path=str(p), code="E510")
        cols = {str(k).strip().lower() for _, r in records for k in r if k is not None}
        key_col = next((c for c in KEY_COLUMNS if c in cols), None)
        if key_col is None:
            raise UsageError(f"metadata file has no key column (one of {', '.join(KEY_COLUMNS)})",
                             path=str(p), code="E510")
        rows: dict[str, dict[str, str]] = {}
        origin: dict[str, str] = {}
        for n, row in records:
            low = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
            key = str(low.get(key_col) or "").strip()
            where = f"{name}:{n}"
            if not key:
                say(f"{where}: empty {key_col}; row ignored [E511]")
                continue
            if key in rows:
                say(f"{where}: {key_col} {safe_text(key)!r} already given at line "
                    f"{origin[key].rsplit(':', 1)[-1]}; this row ignored [E512]")
                continue
            rows[key] = _fields(row, where, say)
            origin[key] = where
        table = cls(rows, origin, source=str(p), notice=say)
        table.problems = problems
        return table

    # -- joining -------------------------------------------------------------------------
    def _keys(self, path: Optional[str], id: Optional[str]) -> list[str]:
        keys: list[str] = []
        if path:
            keys += [path, os.path.basename(path), Path(path).stem]
        if id:
            keys.append(str(id))
        return keys

    def fields_for(self, *, path: Optional[str] = None, id: Optional[str] = None) -> dict[str, str]:
        """The manifest fields for the input at ``path`` (or with record ``id``); ``{}`` when
        no row matches. Marks the row used (see :meth:`unmatched`)."""
        for k in self._keys(path, id):
            if k in self.rows:
                self._used.add(k)
                return dict(self.rows[k])
        return {}

    def unmatched(self) -> list[str]:
        """One message per manifest row that matched no input so far (code E513)."""
        return [f"{safe_text(self.origin[k])}: metadata row {safe_text(k)!r} matches no input [E513]"
                for k in self.rows if k not in self._used]


def read_sidecar(side: Path, notice: Callable[[str], None]) -> dict[str, str]:
    """Fields of a ``NAME.json`` sidecar (an object); a broken one is reported and ignored."""
    name = safe_text(str(side))
    try:
        obj = json.loads(side.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        notice(f"{name}: sidecar metadata unreadable ({type(exc).__name__}); ignored [E511]")
        return {}
    if not isinstance(obj, dict):
        notice(f"{name}: sidecar metadata is not a JSON object; ignored [E511]")
        return {}
    return _fields(obj, name, notice)


def apply_metadata(doc, table: Optional[MetadataTable], notice: Callable[[str], None]):
    """``doc`` (a :class:`~pntd_extract.io.base.Document`) with manifest/sidecar fields filled
    where the document has none; returns the same object (its ``meta`` updated)."""
    meta = doc.meta
    path = meta.get("path")
    found: dict[str, str] = {}
    if table is not None:
        found.update(table.fields_for(path=path, id=meta.get("id")))
    if path and path != "<stdin>":
        side = sidecar_of(path)
        if side is not None:
            found.update(read_sidecar(side, notice))
    is_txt = bool(path) and Path(path).suffix.lower() == ".txt"
    for k, v in found.items():
        if k == "title" and is_txt:
            continue  # a .txt carries its title on line 1 (the layout reads it)
        if not meta.get(k):
            meta[k] = v
    return doc
