"""Figure checks over many inputs: load, compare across an archive, report (terminal / JSON).

What ``pntd-extract check`` does, as a library:

* :func:`load_inputs` turns paths into checked articles. Article files (``.txt``, ``.jsonl``
  articles, ``.html`` ... anything :func:`pntd_extract.io.readers.iter_documents` reads) are
  extracted; KB files written by ``pntd-extract extract`` (``.jsonl`` whose first record has
  ``schema_version`` and ``article``) are read as records and their stored ``checks`` used.
  A bad input or line is one error line naming the file (and line), never an exception.
* :func:`find_conflicts` compares articles: the same organisation and metric (the words
  before the figure, its unit or counted noun, its year) stated with different values in
  different articles -> a ``conflict`` (status ``mismatch``). Qualified figures are
  compatible with values on their side within a tolerance (``gần 18.000 tỷ`` vs ``17.995 tỷ``
  is no conflict; see :func:`pntd_extract.dimensions.checks.interval`, mode ``near``).
* :func:`to_json` / :func:`render` give the JSON document and the rich terminal report.

Example::

    >>> run = check_texts({"a.txt": "Tiêu đề\\n\\nHội trao 2 suất quà, trị giá 1 triệu đồng."})
    >>> sorted(run.to_json())
    ['articles', 'conflicts', 'errors', 'summary']
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional

from . import schema as S
from .io.base import ReadError
from .io.kb import is_kb_file, read_kb_lines
from .dimensions.checks import fmt_number, tolerance_of, collect_figures, interval

__all__ = ["CheckedArticle", "CheckRun", "load_inputs", "check_texts", "find_conflicts", "render", "is_kb_file"]


@dataclass
class CheckedArticle:
    """One article's record and where it came from (``label``: path or ``path:LINE``)."""

    label: str
    record: S.KBRecord


@dataclass
class CheckRun:
    """Everything one ``check`` run found."""

    articles: list[CheckedArticle] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    conflicts: list[dict] = field(default_factory=list)

    def mismatches(self) -> int:
        n = sum(1 for a in self.articles for c in a.record.checks if c.status == "mismatch")
        return n + sum(1 for c in self.conflicts if c["status"] == "mismatch")

    def summary(self) -> dict:
        counts = {"mismatch": 0, "consistent": 0, "info": 0}
        for a in self.articles:
            for c in a.record.checks:
                counts[c.status] = counts.get(c.status, 0) + 1
        return {"articles": len(self.articles), "errors": len(self.errors),
                "checks": sum(counts.values()), **counts, "conflicts": len(self.conflicts)}

    def to_json(self) -> dict:
        """``{"articles": [{input, id, title, checks}], "conflicts": [...], "errors": [...], "summary": {...}}``."""
        return {
            "articles": [
                {"input": a.label, "id": a.record.article.id, "title": a.record.article.title,
                 "checks": [c.model_dump(mode="json") for c in a.record.checks]}
                for a in self.articles
            ],
            "conflicts": self.conflicts,
            "errors": self.errors,
            "summary": self.summary(),
        }


# ---------------------------------------------------------------------------------------
# loading

def _read_kb(path: str, run: CheckRun) -> None:
    for lineno, item in read_kb_lines(path):
        if isinstance(item, ReadError):
            run.errors.append(str(item))
        else:
            run.articles.append(CheckedArticle(f"{path}:{lineno}", item))


def load_inputs(inputs: Iterable[str], *, encoding: Optional[str] = None, published: Optional[str] = None,
                run: Optional[CheckRun] = None) -> CheckRun:
    """Read / extract every input into a :class:`CheckRun` (errors collected, never raised)."""
    from .io.readers import iter_documents, iter_inputs
    from .pipeline import extract

    run = run or CheckRun()
    for path in iter_inputs(list(inputs)):
        if isinstance(path, ReadError):
            run.errors.append(str(path))
            continue
        if path != "-" and is_kb_file(path):
            _read_kb(path, run)
            continue
        for item in iter_documents([path], encoding=encoding):
            if isinstance(item, ReadError):
                run.errors.append(str(item))
                continue
            meta = dict(item.meta)
            if published and not meta.get("published"):
                meta["published"] = published
            try:
                rec = extract(item.text, **meta)
            except Exception as exc:  # one bad article never kills the run
                from .errors import one_line, safe_text

                run.errors.append(f"{safe_text(item.key)}: {one_line(f'{type(exc).__name__}: {exc}')} [E601]")
                continue
            run.articles.append(CheckedArticle(item.key, rec))
    run.conflicts = find_conflicts(run.articles)
    return run


def check_texts(texts: dict[str, str], **meta: Any) -> CheckRun:
    """Extract and check in-memory articles ``{label: raw text}`` (for tests and notebooks)."""
    from .pipeline import extract

    run = CheckRun()
    for label, text in texts.items():
        run.articles.append(CheckedArticle(label, extract(text, path=label, **meta)))
    run.conflicts = find_conflicts(run.articles)
    return run


# ---------------------------------------------------------------------------------------
# conflicts across an archive

_ORG_FALLBACK_RE = re.compile(
    r"(?:Hội LHPN|Hội Liên hiệp Phụ nữ|Hội Nông dân|Hội Cựu chiến binh|Hội Chữ thập đỏ|Đoàn Thanh niên|"
    r"UBND|Ủy ban nhân dân|HĐND|Mặt trận Tổ quốc|Công an|Liên đoàn Lao động)"
    r"\s+(?:quận|huyện|thị xã|xã|phường|thị trấn|tỉnh|thành phố|TP\.?)\s+[A-ZÀ-ỸĐ][\wÀ-ỹ]*(?:\s+[A-ZÀ-ỸĐ][\wÀ-ỹ]*){0,3}"
)
_SKIP_BEFORE = {"trên", "hơn", "khoảng", "gần", "chừng", "tầm", "được", "là", "có", "với", "đạt", "cho", "thêm", "tới", "đến", "lên"}
_WORD_RE = re.compile(r"[^\W\d_]+")
_YEAR_RE = re.compile(r"(?<!\d)(?:năm\s+)(19\d\d|20\d\d)(?!\d)", re.IGNORECASE)


def _orgs_by_sentence(rec: S.KBRecord) -> dict[int, list[tuple[int, str]]]:
    out: dict[int, list[tuple[int, str]]] = {}
    for o in rec.organizations:
        for m in o.mentions:
            if m.sentence is not None:
                out.setdefault(m.sentence, []).append((m.end, o.name))
    if not out:  # fallback until an organisation recognizer fills the record
        text = rec.article.text
        sents = _sentences(rec)
        for m in _ORG_FALLBACK_RE.finditer(text):
            for idx, s, e in sents:
                if s <= m.start() < e:
                    out.setdefault(idx, []).append((m.end(), m.group()))
                    break
    return out


def _sentences(rec: S.KBRecord) -> list[tuple[int, int, int]]:
    from .pipeline import build_context

    ctx = build_context(rec.article.text, list(rec.article.sections), None)
    return [(s.index, s.start, s.end) for s in ctx.read_sentences()]


def _metric_words(text: str, start: int, lo: int) -> str:
    words = _WORD_RE.findall(text[max(lo, start - 40):start])
    words = [w.lower() for w in words]
    while words and words[-1] in _SKIP_BEFORE:
        words.pop()
    return " ".join(words[-2:])


def _statements(item: CheckedArticle) -> list[dict]:
    rec = item.record
    text = rec.article.text
    sents = {i: (s, e) for i, s, e in _sentences(rec)}
    orgs = _orgs_by_sentence(rec)
    pub_year = (rec.article.published or "")[:4] or None
    out = []
    for f in collect_figures(rec.money, rec.quantities, []):
        if f.sentence is None or f.sentence not in sents or not f.unit:
            continue
        s, e = sents[f.sentence]
        cands = [(end, name) for end, name in orgs.get(f.sentence, []) if end <= f.start]
        if not cands:
            prev = orgs.get(f.sentence - 1, [])
            cands = prev[-1:] if prev else []
        if not cands:
            continue
        org = cands[-1][1]
        verb = _metric_words(text, f.start, s)
        if not verb:
            continue
        years = _YEAR_RE.findall(text[s:e])
        period = years[0] if years else pub_year
        if not period:
            continue  # without a period two figures are not comparable
        out.append({
            "key": (" ".join(org.casefold().split()), verb, f.unit, f.per or "", period),
            "organization": org, "metric": f"{verb} … {f.unit}", "period": period,
            "value": f.value, "tolerance": tolerance_of(f), "exact": f.exact, "text": f.text,
            "qualifier": f.qualifier, "interval": interval(f, "near"),
            "sentence": text[s:e], "article": rec.article.id, "input": item.label,
        })
    return out


def find_conflicts(articles: list[CheckedArticle]) -> list[dict]:
    """Conflicts across articles: same organisation, metric (the two words before the figure
    plus its unit / counted noun), period (``năm YYYY`` in the sentence, else the published
    year) and values in different articles that no single value satisfies: an exact figure
    allows +- half its last written digit, ``hơn``/``gần``/``khoảng`` figures max(1 %, half
    the rounding unit) on their side (:func:`~pntd_extract.dimensions.checks.interval`,
    mode ``near``). A key that already takes two values
    inside one article is ambiguous and never compared.

    Returns dicts ``{kind: "conflict", status, message, values: {organization, metric,
    period, statements: [{input, article, value, text, sentence}]}}``; status is
    ``mismatch`` when all figures are exact, ``info`` otherwise. Articles with the same
    ``article.id`` (the same text read twice) are compared once."""
    if len(articles) < 2:
        return []
    groups: dict[tuple, list[dict]] = {}
    seen_ids: set[str] = set()
    for a in articles:
        if a.record.article.id in seen_ids:
            continue
        seen_ids.add(a.record.article.id)
        for st in _statements(a):
            groups.setdefault(st["key"], []).append(st)
    out = []
    for key, sts in groups.items():
        arts = {st["article"] for st in sts}
        if len(arts) < 2:
            continue
        per_art: dict[str, set] = {}
        for st in sts:
            per_art.setdefault(st["article"], set()).add(round(st["value"], 6))
        if any(len(v) > 1 for v in per_art.values()):
            continue  # the key is ambiguous inside one article: not a comparable metric
        vals = sorted(sts, key=lambda st: st["value"])
        lo, hi = vals[0], vals[-1]
        # compatible when one value lies in every statement's interval: exact figures within
        # their written precision, "gần"/"hơn"/"khoảng" ones within their tolerance on their side
        if max(st["interval"][0] for st in sts) <= min(st["interval"][1] for st in sts):
            continue
        if lo["article"] == hi["article"] and len(arts) < 2:
            continue
        status = "mismatch" if all(st["exact"] for st in sts) else "info"
        shown = ", ".join(f"{st['text']} ({st['input']})" for st in sts)
        out.append({
            "kind": "conflict", "status": status,
            "message": f"{sts[0]['organization']}: '{sts[0]['metric']}'"
                       f"{' in ' + sts[0]['period'] if sts[0]['period'] else ''} differs across articles: {shown}",
            "values": {
                "organization": sts[0]["organization"], "metric": sts[0]["metric"], "period": sts[0]["period"],
                "statements": [{k: st[k] for k in ("input", "article", "value", "qualifier", "text", "sentence")} for st in sts],
            },
        })
    return out


# ---------------------------------------------------------------------------------------
# terminal report

_STYLE = {"mismatch": "bold red", "consistent": "green", "info": "cyan"}


def _cells(c: S.Check) -> tuple[str, str, str]:
    v = c.values or {}
    unit = v.get("unit") or ""
    unit = "đồng" if unit == "VND" else unit

    def num(x, suffix=""):
        if isinstance(x, (int, float)):
            return f"{fmt_number(x)}{suffix}"
        return "" if x is None else str(x)

    if c.kind == "part":
        share = v.get("share", v.get("share_percent"))
        excess = v.get("excess")
        if excess is None and c.status == "mismatch" and isinstance(v.get("part"), (int, float)) \
                and isinstance(v.get("whole"), (int, float)):
            excess = v["part"] - v["whole"]  # records written before ``excess`` existed
        return num(v.get("part"), f" {unit}"), f"{num(share)}% of {num(v.get('whole'))}", \
            num(excess) if c.status == "mismatch" else ""
    if c.kind == "unit_value" and "per_unit" in v:  # count x unit price (against a stated total)
        prod = f"{num(v.get('count'))} x {num(v.get('per_unit'))}"
        if "stated" not in v:
            return "", f"{prod} = {num(v.get('computed'), f' {unit}')} (implied total)", ""
        return num(v.get("stated"), f" {unit}"), f"{prod} = {num(v.get('computed'), f' {unit}')}", \
            num(v.get("difference")) if v.get("difference") else ""
    if c.kind == "unit_value":
        return f"{num(v.get('amount'))} / {num(v.get('count'))}", f"{num(v.get('computed'))} {v.get('unit', '')}", ""
    if c.kind == "percentage":
        return num(v.get("stated"), "%"), num(v.get("computed"), "%"), num(v.get("difference"))
    if "previous" in v:
        return num(v.get("stated"), f" {unit}"), f"{num(v.get('previous'))} before", ""
    return num(v.get("stated"), f" {unit}"), num(v.get("computed"), f" {unit}"), \
        num(v.get("difference")) if v.get("difference") else ""


def render(run: CheckRun, console=None, *, show_all: bool = True) -> None:
    """Print the report: per article one block per check (kind, status, stated, computed,
    difference, message, the quoted sentences), then archive conflicts, input errors and a
    summary line. ``show_all=False`` keeps only mismatches. Readable at 80 columns."""
    from rich.console import Console
    from rich.markup import escape

    console = console or Console()
    mark = {"mismatch": "✗", "consistent": "✓", "info": "·"}
    for a in run.articles:
        checks = [c for c in a.record.checks if show_all or c.status == "mismatch"]
        title = a.record.article.title or ""
        console.rule(f"[bold]{escape(a.label)}[/bold]", align="left")
        if title:
            console.print(f"[dim]{escape(title[:160])}[/dim]")
        if not checks:
            console.print("  no checks" if show_all else "  no mismatch")
            continue
        for c in checks:
            stated, computed, diff = _cells(c)
            style = _STYLE.get(c.status, "")
            nums = f"stated {stated}" if stated else ""
            if computed:
                nums += f" · computed {computed}"
            if diff:
                nums += f" · difference {diff}"
            console.print(f"[{style}]{mark.get(c.status, '?')} {c.status:<10}[/] [bold]{c.kind}[/bold]  {escape(nums)}",
                          highlight=False)
            console.print(f"    {escape(c.message)}", highlight=False)
            for sp in c.spans:
                quote = sp.text if len(sp.text) <= 500 else sp.text[:500] + "…"
                console.print(f"    [dim]“{escape(quote)}”[/dim]", highlight=False)
    if run.conflicts:
        console.rule("[bold]conflicts across articles[/bold]", align="left")
        for c in run.conflicts:
            v = c["values"]
            style = _STYLE.get(c["status"], "")
            console.print(f"[{style}]{mark.get(c['status'], '?')} {c['status']:<10}[/] [bold]conflict[/bold]  "
                          f"{escape(v['organization'])}: {escape(v['metric'])} {escape(v['period'] or '')}", highlight=False)
            for st in v["statements"]:
                console.print(f"    {escape(st['text'])} ({escape(st['input'])})", highlight=False)
                console.print(f"    [dim]“{escape(st['sentence'][:300])}”[/dim]", highlight=False)
    for e in run.errors:
        console.print(f"[red]error[/red] {escape(e)}", highlight=False)
    s = run.summary()
    console.rule()
    console.print(f"{s['articles']} articles, {s['checks']} checks: {s['mismatch']} mismatch, "
                  f"{s['consistent']} consistent, {s['info']} info; {s['conflicts']} conflicts; "
                  f"{s['errors']} input errors", highlight=False)
