"""Strict validation of KB records: everything the pydantic models check, and what a data
team loading the archive relies on besides.

:func:`record_problems` takes one parsed JSON record (a ``dict``) and returns *every*
problem as ``(field, message)`` pairs (never only the first), ``field`` in dotted form
(``dates.3.value``). On top of the models (:mod:`pntd_extract.schema`: types, enums, spans
equal to their text, referenced ids present) it checks:

* ``schema_version`` is one this tool knows (:data:`KNOWN_SCHEMA_VERSIONS`);
* ``article.published`` is an ISO date ``YYYY-MM-DD`` that exists;
* every date ``value`` / ``value_max`` is ISO *at its grain* (day ``2024-01-09``, week
  ``2024-W02``, month ``2024-01``, quarter ``2024-Q1``, year ``2024``) and a real date:
  ``2024-13-45`` and ``hôm qua`` are errors; a date whose year is unknown uses ISO 8601's
  truncated forms (``--01-09``, ``--01``, ``--Q1``); a range ends after it starts;
* counts are non-negative: a quantity that counts something (``counted`` set, or a
  ``kind`` of ``age``/``duration``) and percentages of a ``range``; money and plain
  percentages may be negative (``lãi âm 12 tỷ đồng``, ``tăng trưởng âm 1,4%``);
* a range's upper end is not below its lower end (``amount_max >= amount``,
  ``value_max >= value``);
* entity ids (``p1``, ``o1``, ``l1``, ``g1``) are unique within the record.

Example::

    >>> bad = {"schema_version": "9", "article": {"id": "a", "text": "x", "published": "2024-02-30"},
    ...        "dates": [{"value": "hôm qua", "grain": "day", "text": "x",
    ...                   "span": {"start": 0, "end": 1, "text": "x"}}]}
    >>> for field, msg in record_problems(bad):
    ...     print(field, "|", msg)
    schema_version | unknown schema version '9' (this tool knows 1)
    article.published | '2024-02-30' is not an ISO date YYYY-MM-DD
    dates.0.value | 'hôm qua' is not an ISO date at grain day (YYYY-MM-DD)

Never raises for a bad record; raises ``TypeError`` when ``record`` is not a ``dict``.
"""
from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import ValidationError

from .schema import SCHEMA_VERSION, KBRecord

__all__ = ["record_problems", "KNOWN_SCHEMA_VERSIONS", "GRAIN_FORMATS"]

KNOWN_SCHEMA_VERSIONS = (SCHEMA_VERSION,)

#: grain -> (pattern, what to show the user)
GRAIN_FORMATS = {
    "day": (re.compile(r"^(\d{4}|-)-(\d{2})-(\d{2})$"), "YYYY-MM-DD"),
    "week": (re.compile(r"^(\d{4})-W(\d{2})$"), "YYYY-Www"),
    "month": (re.compile(r"^(\d{4}|-)-(\d{2})$"), "YYYY-MM"),
    "quarter": (re.compile(r"^(\d{4}|-)-Q([1-4])$"), "YYYY-Qn"),
    "year": (re.compile(r"^(\d{4})$"), "YYYY"),
}
ID_FIELDS = ("people", "organizations", "locations", "programmes")


def _iso_at_grain(value: Any, grain: str):
    """The (comparable) date a value stands for at ``grain``, or None when invalid."""
    fmt = GRAIN_FORMATS.get(grain)
    if fmt is None or not isinstance(value, str):
        return None
    m = fmt[0].match(value)
    if not m:
        return None
    try:
        y = 2000 if m.group(1) == "-" else int(m.group(1))  # --MM-DD: no year known (a leap year)
        if grain == "day":
            return _dt.date(y, int(m.group(2)), int(m.group(3)))
        if grain == "week":
            return _dt.date.fromisocalendar(y, int(m.group(2)), 1)
        if grain == "month":
            return _dt.date(y, int(m.group(2)), 1)
        if grain == "quarter":
            return _dt.date(y, 3 * int(m.group(2)) - 2, 1)
        return _dt.date(y, 1, 1)
    except ValueError:
        return None


def _num(v: Any):
    if isinstance(v, bool) or v is None:
        return None
    try:
        return Decimal(str(v))
    except (InvalidOperation, ValueError):
        return None


def _model_problems(record: dict) -> list[tuple[str, str]]:
    try:
        KBRecord.model_validate(record)
    except ValidationError as exc:
        out = []
        for e in exc.errors():
            field = ".".join(str(x) for x in e["loc"])
            msg = e["msg"].removeprefix("Value error, ")
            m = re.match(r"^([a-z_]+)\[(\d+)\]\.?([a-z_.]*): (.*)$", msg, re.S)
            if not field and m:  # a record-level check naming its field: money[0].span: ...
                field = ".".join(x for x in (m.group(1), m.group(2), m.group(3)) if x)
                msg = m.group(4)
            out.append((field or "(record)", msg))
        return out
    except (RecursionError, ValueError, TypeError) as exc:  # pragma: no cover - hostile nesting
        return [("(record)", f"{type(exc).__name__}: {exc}")]
    return []


def _date_problems(record: dict) -> list[tuple[str, str]]:
    out = []
    for i, d in enumerate(record.get("dates") or ()):
        if not isinstance(d, dict):
            continue
        grain = d.get("grain")
        if grain not in GRAIN_FORMATS:
            continue  # the model reports a bad grain
        shown = GRAIN_FORMATS[grain][1]
        lo = _iso_at_grain(d.get("value"), grain)
        if lo is None:
            out.append((f"dates.{i}.value", f"{d.get('value')!r} is not an ISO date at grain {grain} ({shown})"))
        vmax = d.get("value_max")
        if vmax is not None:
            hi = _iso_at_grain(vmax, grain)
            if hi is None:
                out.append((f"dates.{i}.value_max", f"{vmax!r} is not an ISO date at grain {grain} ({shown})"))
            elif lo is not None and hi < lo:
                out.append((f"dates.{i}.value_max", f"range ends ({vmax}) before it starts ({d.get('value')})"))
    return out


def _number_problems(record: dict) -> list[tuple[str, str]]:
    out = []
    for field, lo_key, hi_key in (("money", "amount", "amount_max"), ("percentages", "value", "value_max"),
                                  ("quantities", "value", "value_max")):
        for i, f in enumerate(record.get(field) or ()):
            if not isinstance(f, dict):
                continue
            lo, hi = _num(f.get(lo_key)), _num(f.get(hi_key))
            if lo is not None and hi is not None and hi < lo:
                out.append((f"{field}.{i}.{hi_key}", f"upper end {f.get(hi_key)} is below {lo_key} {f.get(lo_key)}"))
            counts = field == "quantities" and (f.get("counted") or f.get("kind") in ("age", "duration"))
            if counts and lo is not None and lo < 0:
                out.append((f"{field}.{i}.{lo_key}", f"a count cannot be negative ({f.get(lo_key)})"))
    return out


def record_problems(record: dict) -> list[tuple[str, str]]:
    """Every problem of one parsed KB record, as ``(field, message)`` pairs (module doc)."""
    if not isinstance(record, dict):
        raise TypeError(f"a KB record is a JSON object, got {type(record).__name__}")
    out: list[tuple[str, str]] = []
    ver = record.get("schema_version")
    if ver not in KNOWN_SCHEMA_VERSIONS:
        out.append(("schema_version", f"unknown schema version {ver!r} (this tool knows "
                                      f"{', '.join(KNOWN_SCHEMA_VERSIONS)})"))
    art = record.get("article") if isinstance(record.get("article"), dict) else {}
    pub = art.get("published")
    if pub is not None and _iso_at_grain(pub, "day") is None:
        out.append(("article.published", f"{pub!r} is not an ISO date YYYY-MM-DD"))
    out += _date_problems(record)
    out += _number_problems(record)
    for field in ID_FIELDS:
        seen: dict[str, int] = {}
        for i, e in enumerate(record.get(field) or ()):
            eid = e.get("id") if isinstance(e, dict) else None
            if eid is None:
                continue
            if eid in seen:
                out.append((f"{field}.{i}.id", f"id {eid!r} already used by {field}.{seen[eid]}"))
            else:
                seen[eid] = i
    strict_fields = {f for f, _ in out}
    out += [p for p in _model_problems(record) if p[0] not in strict_fields]
    return out
