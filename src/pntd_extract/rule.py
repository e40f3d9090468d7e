"""Named rules: the unit every dimension is built from (the shape of Duckling's ``Rule``).

A :class:`Rule` has a ``name`` (``<dimension>.<what>``, e.g. ``money.currency_after``), a one-line
``doc`` saying what it matches in words, the ``lexicons`` it reads, and a ``fn`` (its pattern
and production: it returns a result, ``None`` when it does not apply, or :data:`REJECT` when it
applies but refuses the text, which ends the try-order). A :class:`RuleList` is an ordered
try-order of rules: :meth:`RuleList.first` returns the first rule's result that is not ``None``.

Every fact of the record says which rule (or chain of rules, joined by ``" > "``) produced it
(the ``rule`` field of :mod:`pntd_extract.schema` facts). ``pntd-extract explain`` turns
tracing on (:func:`tracing`): every try of a traced rule list and every lexicon row a phrase
table matched is then recorded as a :class:`TraceEvent`; with tracing off the cost is one
``is None`` test per try.

Adding a rule is adding one :class:`Rule` to the list of its dimension (see
``docs/DEVELOPING.md``)::

    >>> r = Rule("example.noop", "matches nothing", lambda toks, i: None)
    >>> RuleList("example", [r]).first([], 0) is None
    True
    >>> catalog()["money.currency_after"].lexicons  # doctest: +SKIP
    ('currencies.tsv', 'dong_compounds.tsv')
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Optional

__all__ = ["Rule", "RuleList", "REJECT", "TraceEvent", "Trace", "tracing", "current_trace", "note",
           "catalog", "chain", "declare", "LEXICON_ROWS"]


class _Reject:
    __slots__ = ()

    def __repr__(self) -> str:
        return "REJECT"

    def __bool__(self) -> bool:
        return False


REJECT = _Reject()
"""Returned by a rule that applies at this position but refuses the text: the try-order stops."""


@dataclass(frozen=True)
class Rule:
    """A named rule: ``fn(*args)`` -> result | ``None`` (does not apply) | :data:`REJECT`.

    ``name``: ``<dimension>.<what>``; ``doc``: what it matches, in words, with a Vietnamese
    example; ``lexicons``: file names of the lexicons it reads."""

    name: str
    doc: str
    fn: Optional[Callable[..., Any]] = None
    lexicons: tuple[str, ...] = ()


_CATALOG: dict[str, Rule] = {}


def _declare(rule: Rule) -> None:
    old = _CATALOG.get(rule.name)
    if old is not None and old.doc != rule.doc:
        raise ValueError(f"rule {rule.name!r} declared twice with different docs")
    _CATALOG[rule.name] = rule


class RuleList:
    """An ordered try-order of named rules of one dimension (``name``: the list's name)."""

    def __init__(self, name: str, rules: list[Rule]):
        self.name = name
        self.rules = tuple(rules)
        for r in self.rules:
            _declare(r)

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def pick(self, *args: Any, at: Optional[int] = None) -> Optional[tuple[Rule, Any]]:
        """``(rule, result)`` of the first rule that applies, or ``None`` (none does or one rejects)."""
        tr = _TRACE
        for r in self.rules:
            got = r.fn(*args)
            if tr is not None:
                tr.tried(self.name, r.name, at, got)
            if got is REJECT:
                return None
            if got is not None:
                return r, got
        return None

    def first(self, *args: Any, at: Optional[int] = None) -> Any:
        """Result of the first rule that applies (``None`` if none does or one rejects).

        ``at``: text offset recorded with the trace events (defaults to none)."""
        tr = _TRACE
        for r in self.rules:
            got = r.fn(*args)
            if tr is not None:
                tr.tried(self.name, r.name, at, got)
            if got is REJECT:
                return None
            if got is not None:
                return got
        return None


def catalog() -> dict[str, Rule]:
    """Every declared rule by name (after loading the built-in dimensions)."""
    from .dimensions import load

    load()
    from .entities import core  # noqa: F401  (declares the entity passes)

    del core

    return dict(_CATALOG)


def declare(name: str, doc: str, lexicons: tuple[str, ...] = ()) -> str:
    """Declare a rule that is not run from a :class:`RuleList` (a production step such as a
    range or a merge); returns ``name`` so it can be used as a constant."""
    _declare(Rule(name, doc, None, tuple(lexicons)))
    return name


def chain(*names: Optional[str]) -> Optional[str]:
    """Rule chain text: distinct names in order, joined by ``" > "`` (``None`` if empty).

    >>> chain("figures.numeral", "money.currency_after", None, "money.currency_after")
    'figures.numeral > money.currency_after'
    """
    out: list[str] = []
    for n in names:
        if n and n not in out:
            out.append(n)
    return " > ".join(out) if out else None


# ---------------------------------------------------------------- tracing


@dataclass
class TraceEvent:
    """One recorded step: ``kind`` ``tried`` (a rule of ``rule_list`` gave ``outcome``
    ``fired`` | ``no`` | ``rejected``) or ``lexicon`` (``rule`` = the lexicon file, ``detail``
    = the phrase matched and its value); ``at``: text offset or None."""

    kind: str
    rule_list: str
    rule: str
    at: Optional[int]
    outcome: str
    detail: str = ""


@dataclass
class Trace:
    events: list[TraceEvent] = field(default_factory=list)

    def tried(self, rule_list: str, rule: str, at: Optional[int], got: Any) -> None:
        outcome = "rejected" if got is REJECT else ("no" if got is None else "fired")
        self.events.append(TraceEvent("tried", rule_list, rule, at, outcome))

    def lexicon(self, name: str, phrase: str, payload: Any, at: Optional[int]) -> None:
        self.events.append(TraceEvent("lexicon", "", name, at, "used", f"{phrase!r} -> {payload!r}"))

    def note(self, rule: str, at: Optional[int], outcome: str, detail: str = "") -> None:
        self.events.append(TraceEvent("tried", "", rule, at, outcome, detail))


_TRACE: Optional[Trace] = None


def current_trace() -> Optional[Trace]:
    """The active :class:`Trace` (``None`` unless inside :func:`tracing`)."""
    return _TRACE


def note(rule: str, at: Optional[int], outcome: str, detail: str = "") -> None:
    """Record a step of a rule run outside a :class:`RuleList` (no-op when not tracing)."""
    if _TRACE is not None:
        _TRACE.note(rule, at, outcome, detail)


@contextlib.contextmanager
def tracing() -> Iterator[Trace]:
    """Record rule tries and lexicon rows while the block runs (not thread-safe: one at a time)."""
    global _TRACE
    old, _TRACE = _TRACE, Trace()
    try:
        yield _TRACE
    finally:
        _TRACE = old


LEXICON_ROWS: dict[tuple[str, str], int] = {}
"""``(lexicon file, first field) -> line number``, filled by :func:`pntd_extract.lexicon.read_tsv`."""
