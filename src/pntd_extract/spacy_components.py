"""pntd-extract recognizers as registered spaCy pipeline components.

Factories (registered with :meth:`spacy.language.Language.factory` when this module is
imported, and discoverable through the ``spacy_factories`` entry point, so
``nlp.add_pipe("pntd_facts")`` works without importing ``pntd_extract`` first):

=====================  ==========================  ===========  =============================
factory                ``doc.spans`` key           span label   record field
=====================  ==========================  ===========  =============================
``pntd_money``         ``pntd_money``              MONEY        ``money``
``pntd_percentages``   ``pntd_percentages``        PERCENT      ``percentages``
``pntd_quantities``    ``pntd_quantities``         QUANTITY     ``quantities``
``pntd_dates``         ``pntd_dates``              DATE         ``dates``
``pntd_people``        ``pntd_people``             PER          ``people`` (one span per mention)
``pntd_organizations`` ``pntd_organizations``      ORG          ``organizations`` (per mention)
``pntd_locations``     ``pntd_locations``          LOC          ``locations`` (per mention)
``pntd_roles``         ``pntd_roles``              ROLE         ``roles``
``pntd_programmes``    ``pntd_programmes``         PROGRAMME    ``programmes`` (per mention)
``pntd_facts``         all of the keys above       (as above)   all fields, checks included
=====================  ==========================  ===========  =============================

Every span carries its fact as a JSON-ready dict in the extension ``span._.pntd`` (the
:mod:`pntd_extract.schema` fields: ``amount``, ``currency``, ``qualifier``, ``value``,
``unit``, ``counted``, ``grain``, ``name``, ``level``, ``title`` ... and ``text``/``span``
in the record's own offsets); entity spans also carry the entity id as ``span.kb_id_``
(``p1``, ``o2`` ...; for roles the person's id). The record dict (KB.md v1, as ``pntd-extract extract`` writes it) is
in ``doc.user_data["pntd_record"]``.

Config (all components):

* ``published`` (``str`` ``YYYY-MM-DD`` or ``None``, default ``None``): reference date for
  dates written without a year (``ngày 9/1``). A per-document value in
  ``doc.user_data["pntd_published"]`` overrides it.
* ``set_ents`` (``bool``, default ``False``): also add the spans to ``doc.ents`` (overlaps
  resolved with :func:`spacy.util.filter_spans`, longest first; existing entities kept).

Offsets: the extractor works on the normalised text (NFC, one tone-mark style, NBSP ->
space ...); fact offsets are mapped back to ``doc.text`` through ``article.offset_map`` and
then onto tokens with ``doc.char_span(start, end, alignment_mode="expand")``, so any
tokenizer works; a span whose tokens glue a fact to a neighbouring word (``và1``) is wider
than the fact, whose exact text stays in ``span._.pntd["text"]``.

The per-dimension components run only the recognizers their field needs (those up to the
field's order, checks excluded), and reuse the record already in ``doc.user_data`` when an
earlier component has run them, so several ``pntd_*`` components extract once.

Example::

    >>> import spacy, pntd_extract.spacy_components  # doctest: +SKIP
    >>> nlp = spacy.blank("xx"); nlp.add_pipe("pntd_facts")  # doctest: +SKIP
    >>> doc = nlp("Bà Bùi Thị Trinh trao 15 triệu đồng.")  # doctest: +SKIP
    >>> [(s.text, s._.pntd["amount"]) for s in doc.spans["pntd_money"]]  # doctest: +SKIP
    [('15 triệu đồng', 15000000)]
"""
from __future__ import annotations

from typing import Callable, Iterable, Optional

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .dimension import by_field as _by_field
from .normalize import to_raw

__all__ = ["DIMENSIONS", "PntdComponent", "SPAN_KEYS", "make_facts"]

# factory name -> (record field, span label); the factory name is also the doc.spans key
_SPACY_ORDER = ("money", "percentages", "quantities", "dates", "people", "organizations", "locations", "roles",
                "programmes")  # the order of doc.spans keys (components run the recognizers they need)
DIMENSIONS: dict[str, tuple[str, str]] = {
    f"pntd_{f}": (f, _by_field()[f].label) for f in _SPACY_ORDER if _by_field()[f].spacy}
SPAN_KEYS = tuple(DIMENSIONS)
RECORD_KEY = "pntd_record"
RAN_KEY = "pntd_recognizers"
PUBLISHED_KEY = "pntd_published"
DEFAULT_CONFIG = {"published": None, "set_ents": False}

if not Span.has_extension("pntd"):
    Span.set_extension("pntd", default=None)


def _run_extract(text: str, published: Optional[str], only: Optional[set[str]]) -> dict:
    """Extract ``text`` with the named recognizers (None: all) -> record dict (JSON-ready)."""
    from .pipeline import extract

    return extract(text, published=published, only=only).model_dump(mode="json")


def _needed(fields: Iterable[str]) -> Optional[set[str]]:
    """Recognizer names to run for ``fields`` (None = all, for ``pntd_facts``)."""
    from .registry import recognizers

    fields = set(fields)
    recs = recognizers()
    owners = [r for r in recs if fields & set(r.fields)]
    if not owners:
        return set()
    top = max(r.order for r in owners)
    want_checks = "checks" in fields
    return {r.name for r in recs if r.order <= top and (want_checks or "checks" not in r.fields) or r in owners}


class PntdComponent:
    """The pipeline component: extracts the record of ``doc.text`` and sets ``doc.spans``.

    ``keys``: the factory names (= ``doc.spans`` keys) this component fills.
    ``__call__(doc) -> doc`` never raises on odd text (an extraction failure leaves empty
    span groups and a warning in the record dict under ``warnings``).
    """

    def __init__(self, nlp: Language, name: str, keys: tuple[str, ...], published: Optional[str] = None,
                 set_ents: bool = False, full: bool = False) -> None:
        if published is not None:
            import datetime as _dt

            try:
                _dt.date.fromisoformat(str(published))
            except ValueError:
                raise ValueError(f"{name}: config 'published' must be YYYY-MM-DD, got {published!r}") from None
        self.name = name
        self.keys = keys
        self.published = published
        self.set_ents = set_ents
        self.full = full
        self.only: Optional[set[str]] = None if full else _needed(DIMENSIONS[k][0] for k in keys)

    def _record(self, doc: Doc) -> dict:
        published = doc.user_data.get(PUBLISHED_KEY, self.published)
        rec = doc.user_data.get(RECORD_KEY)
        ran = doc.user_data.get(RAN_KEY)
        if rec is not None and ran is not None:
            if ran == "*" or (self.only is not None and self.only <= set(ran)):
                return rec
        try:
            rec = _run_extract(doc.text, published, self.only)
        except Exception as exc:  # a spaCy pipeline must not die on one odd document
            rec = {"article": {"text": doc.text, "offset_map": []}, "warnings": [f"{self.name}: {type(exc).__name__}: {exc}"]}
        doc.user_data[RECORD_KEY] = rec
        doc.user_data[RAN_KEY] = "*" if self.only is None else sorted(self.only)
        return rec

    def __call__(self, doc: Doc) -> Doc:
        rec = self._record(doc)
        omap = [tuple(x) for x in rec.get("article", {}).get("offset_map") or []]
        new_spans: list[Span] = []
        for key in self.keys:
            field, label = DIMENSIONS[key]
            spans = []
            for start, end, fact, kb_id in _fact_spans(rec, field):
                s = doc.char_span(to_raw(omap, start), to_raw(omap, end), label=label, kb_id=kb_id or "",
                                  alignment_mode="expand")
                if s is None:
                    continue
                s._.pntd = fact
                spans.append(s)
            doc.spans[key] = spans
            new_spans.extend(spans)
        if self.set_ents and new_spans:
            doc.ents = filter_spans(list(doc.ents) + new_spans)
        return doc


def _fact_spans(rec: dict, field: str):
    """``(start, end, fact dict, entity id)`` of one record field, in the record's offsets."""
    for item in rec.get(field) or []:
        if "mentions" in item:
            fact = {k: v for k, v in item.items() if k != "mentions"}
            for m in item["mentions"]:
                yield m["start"], m["end"], dict(fact, text=m["text"], span=m), item.get("id")
        elif "span" in item:
            sp = item["span"]
            kb = item.get("person_id") if field == "roles" else None
            yield sp["start"], sp["end"], dict(item, text=item.get("text", sp["text"])), kb


def _factory(key: str) -> Callable:
    def make(nlp: Language, name: str, published: Optional[str], set_ents: bool) -> PntdComponent:
        return PntdComponent(nlp, name, (key,), published=published, set_ents=set_ents)

    make.__name__ = f"make_{key}"
    make.__doc__ = f"spaCy factory ``{key}``: fills ``doc.spans[{key!r}]`` (label {DIMENSIONS[key][1]})."
    return make


for _key in SPAN_KEYS:
    _fn = _factory(_key)
    globals()[_fn.__name__] = Language.factory(
        _key, default_config=dict(DEFAULT_CONFIG), retokenizes=False,
        assigns=["doc.spans", "doc.user_data", "span._.pntd"],
    )(_fn)


@Language.factory("pntd_facts", default_config=dict(DEFAULT_CONFIG), assigns=["doc.spans", "doc.user_data", "span._.pntd"])
def make_facts(nlp: Language, name: str, published: Optional[str], set_ents: bool) -> PntdComponent:
    """spaCy factory ``pntd_facts``: every recognizer; fills all ``doc.spans`` keys of
    :data:`SPAN_KEYS` and ``doc.user_data["pntd_record"]`` (checks included)."""
    return PntdComponent(nlp, name, SPAN_KEYS, published=published, set_ents=set_ents, full=True)
