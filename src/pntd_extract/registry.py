"""The recognizer registry: every dimension plugs in here.

A recognizer is a function ``fn(ctx: Context) -> None`` that appends facts (pydantic models
of :mod:`pntd_extract.schema`) to the record fields it owns on the
:class:`~pntd_extract.pipeline.Context`. Recognizers run in ascending ``order``; character
level ones (numbers, money, dates: 100-199) come before entity recognizers (200-299),
relations (300-399) and checks (400-499).

Recognizers must never raise on odd text: the pipeline catches an exception, adds a warning
naming the recognizer, and goes on.

Example::

    >>> from pntd_extract.registry import register
    >>> @register("example_noop", order=999, fields=())
    ... def _noop(ctx): pass
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

__all__ = ["Recognizer", "register", "recognizers", "REGISTRY"]


@dataclass(frozen=True)
class Recognizer:
    """A registered recognizer and its contract: ``fields`` it writes (appends to; emptied when
    it fails), ``reads`` (fields of earlier recognizers it reads) and ``edits`` (fields of other
    recognizers it changes or filters). ``tests/test_contracts.py`` checks that a recognizer
    changes no field outside ``fields + edits``."""

    name: str
    order: int
    fields: tuple[str, ...]
    fn: Callable
    reads: tuple[str, ...] = ()
    edits: tuple[str, ...] = ()


REGISTRY: dict[str, Recognizer] = {}


def register(name: str, *, order: int, fields: tuple[str, ...], reads: tuple[str, ...] = (),
             edits: tuple[str, ...] = ()):
    """Decorator registering ``fn`` under ``name``; ``fields`` are the record fields it fills,
    ``reads`` the fields of other recognizers it reads, ``edits`` those it changes.

    Raises ``ValueError`` when another function already holds ``name`` or a field name is not
    a record field.
    """
    from .dimension import fields as _fields

    known = set(_fields())
    for f in (*fields, *reads, *edits):
        if f not in known:
            raise ValueError(f"recognizer {name!r}: unknown record field {f!r}")

    def deco(fn: Callable) -> Callable:
        old = REGISTRY.get(name)
        if old is not None and old.fn.__qualname__ != fn.__qualname__:
            raise ValueError(f"recognizer {name!r} already registered by {old.fn.__module__}")
        REGISTRY[name] = Recognizer(name, order, tuple(fields), fn, tuple(reads), tuple(edits))
        return fn

    return deco


def recognizers(only: set[str] | None = None) -> list[Recognizer]:
    """Registered recognizers in run order (after importing the built-in ones)."""
    from .dimensions import load

    load()  # registers the built-ins

    items = sorted(REGISTRY.values(), key=lambda r: (r.order, r.name))
    return [r for r in items if only is None or r.name in only]
