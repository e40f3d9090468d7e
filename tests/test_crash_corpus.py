"""Crash corpus through the CLI: every hostile input gives one clear line, never a traceback.

Small cases are files in tests/crash/ (written by tests/crash/make_crash_corpus.py, listed
with their expected outcome in tests/crash/EXPECTED.tsv); big ones (a 50 MB article, a
2 MB JSON line, a 20 MB HTML page, a gzip bomb) are generated here into tmp_path. Bounds on
pathological text are generous watchdogs (SIGALRM), not speed assertions.
"""
from __future__ import annotations

import gzip
import json
import multiprocessing
import signal
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pntd_extract import extract
from pntd_extract.cli import app
from pntd_extract.layout import parse_layout
from pntd_extract.normalize import normalize
from pntd_extract.schema import KBRecord
from pntd_extract.segment import split_sentences

CRASH = Path(__file__).parent / "crash"
WATCHDOG_S = 60  # per case; real cases take well under a second


def _expected() -> list[tuple[str, str]]:
    rows = []
    for line in (CRASH / "EXPECTED.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, outcome, _ = line.split("\t", 2)
        rows.append((name, outcome))
    return rows


@contextmanager
def watchdog(seconds: int, what: str):
    """SIGALRM watchdog for Python-level loops (a C-level regex hang is caught by
    :func:`bounded` instead, which runs the work in a forked child it can kill)."""

    def _boom(signum, frame):
        raise TimeoutError(f"{what} took more than {seconds}s")

    old = signal.signal(signal.SIGALRM, _boom)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def bounded(fn, seconds: int, what: str) -> None:
    """Run ``fn()`` in a forked child; fail if it raises or runs longer than ``seconds``."""
    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)

    def child() -> None:
        try:
            fn()
            send.send(None)
        except BaseException as exc:  # report any failure to the parent
            send.send(f"{type(exc).__name__}: {exc}"[:2000])

    proc = ctx.Process(target=child)
    proc.start()
    proc.join(seconds)
    if proc.is_alive():
        proc.kill()
        proc.join()
        pytest.fail(f"{what} took more than {seconds}s")
    msg = recv.recv() if recv.poll(1) else f"child exited with code {proc.exitcode}"
    assert msg is None, f"{what}: {msg}"


def _big_inputs(tmp: Path) -> dict[str, tuple[Path, str]]:
    para = ("Bà Trần Thị Mai, Chủ tịch Hội LHPN phường, trao 5 triệu đồng cho 12 hội viên khó khăn. " * 20 + "\n")
    huge = tmp / "huge-article.txt"
    with huge.open("w", encoding="utf-8") as fh:
        fh.write("Bài rất dài\n\n")
        block = para * 100
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(block)
    long_jsonl = tmp / "long-line.jsonl"
    long_jsonl.write_text(
        json.dumps({"id": "big", "text": "Tiêu đề\n\n" + ("Hội nghị tổng kết năm 2023. " * 80000)}, ensure_ascii=False)
        + "\n" + json.dumps({"id": "small", "text": "Tiêu đề\n\nNgày 9/1, hội nghị tổng kết."}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    long_line = tmp / "long-line.txt"
    long_line.write_text("x" * (2 * 1024 * 1024), encoding="utf-8")
    big_html = tmp / "enormous.html"
    big_html.write_text("<html><body>" + "<p>Nội dung lặp lại của trang.</p>" * 700000 + "</body></html>", encoding="utf-8")
    bomb = tmp / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b"a" * (80 * 1024 * 1024), compresslevel=1))
    return {
        "huge-article.txt": (huge, "error"),
        "long-line.jsonl": (long_jsonl, "mixed 1 1"),
        "long-line.txt": (long_line, "error"),
        "enormous.html": (big_html, "error"),
        "bomb.txt.gz": (bomb, "error"),
    }


def _counts(outcome: str) -> tuple[int, int]:
    if outcome == "ok":
        return 1, 0
    if outcome == "error":
        return 0, 1
    if outcome == "skip":
        return 0, 0
    _, n_ok, n_err = outcome.split()
    return int(n_ok), int(n_err)


def test_crash_corpus_through_cli(tmp_path):
    big = _big_inputs(tmp_path)
    out = tmp_path / "out" / "kb.jsonl"
    runner = CliRunner()
    with watchdog(300, "CLI over the crash corpus"):
        res = runner.invoke(app, ["extract", str(CRASH), *(str(p) for p, _ in big.values()), "-o", str(out), "--no-progress"])
    text = res.output + (res.stderr or "")
    assert "Traceback" not in text, text
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    assert res.exit_code == 1, text
    err_lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    records = [json.loads(ln) for ln in out.read_text(encoding="utf-8").splitlines()]
    by_path: dict[str, int] = {}
    for r in records:
        KBRecord.model_validate(r)
        by_path[r["article"]["path"]] = by_path.get(r["article"]["path"], 0) + 1
    cases = {str(CRASH / n): o for n, o in _expected()}
    cases.update({str(p): o for p, o in big.values()})
    for path, outcome in cases.items():
        n_ok, n_err = _counts(outcome)
        mine = [ln for ln in err_lines if ln.startswith(path + ":") and not ln.startswith(path + ": skipped:")]
        assert len(mine) == n_err, (path, outcome, mine)
        if path.endswith(".csv") and outcome == "skip":  # said once, with the way out
            notes = [ln for ln in err_lines if ln.startswith(path + ": skipped:")]
            assert len(notes) == 1 and "--text-column" in notes[0], notes
        for ln in mine:
            assert "\n" not in ln and len(ln) < 400
        assert by_path.get(path, 0) == n_ok, (path, outcome, by_path.get(path))
    errors_file = out.with_name("kb.errors.jsonl")
    n_errors = sum(_counts(o)[1] for o in cases.values())
    assert len(errors_file.read_text(encoding="utf-8").splitlines()) == n_errors


def test_legacy_files_in_corpus_give_the_utf8_record(tmp_path):
    from pntd_extract.io.readers import iter_documents

    docs = {d.key.rsplit("/", 1)[-1]: d for d in iter_documents([str(CRASH)]) if hasattr(d, "text")}
    base = extract(docs["good.txt"].text).model_dump(exclude={"warnings"})
    base["article"].pop("encoding")
    for name in ("legacy-tcvn3.txt", "legacy-vni.txt", "legacy-viscii.txt", "legacy-windows-1258.txt"):
        d = docs[name]
        assert d.meta["warnings"] == [f"decoded as {d.meta['encoding'].upper().replace('WINDOWS', 'Windows')} (detected)"]
        rec = extract(d.text, encoding=d.meta["encoding"]).model_dump(exclude={"warnings"})
        assert rec["article"].pop("encoding") == d.meta["encoding"]
        assert rec == base, name


PATHOLOGICAL = {
    "unbalanced_quotes": "Tiêu đề\n\n" + "“" * 4000 + ' "' * 4000 + "‘" * 2000 + " bà Mai tặng 5 triệu đồng",
    "one_dot_storm": "Tiêu đề\n\n" + "1." * 20000,
    "one_dot_space_storm": "Tiêu đề\n\n" + "1. " * 20000,
    "decimal_storm": "Tiêu đề\n\n" + "1.000." * 10000 + " đồng",
    "comma_storm": "Tiêu đề\n\n" + "1,5 " * 10000 + "%",
    "digit_run": "Tiêu đề\n\n" + "9" * 100000 + " triệu đồng",
    "paren_storm": "Tiêu đề\n\n" + "(" * 20000 + "UBND" + ")" * 5000,
    "capital_storm": "Tiêu đề\n\n" + "Bà Mai " * 10000,
    "title_storm": "Tiêu đề\n\n" + "Chủ tịch Hội LHPN " * 5000,  # was quadratic in entities/roles once
    "abbrev_storm": "Tiêu đề\n\n" + "TP. " * 20000,
    "dash_storm": "Tiêu đề\n\n" + "- " * 20000 + "–" * 10000,
    "no_spaces": "Tiêu đề\n\n" + "Hộiphụnữ" * 20000,
    "newline_storm": "\n" * 100000 + "Tiêu đề",
    "percent_storm": "Tiêu đề\n\n" + "%" * 50000,
    "quote_digit_mix": "Tiêu đề\n\n" + '"1.' * 10000,
    "ellipsis_storm": "Tiêu đề\n\n" + "…" * 30000 + "." * 30000,
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_text_stays_bounded(name):
    text = PATHOLOGICAL[name]

    def work() -> None:
        norm, _ = normalize(text)
        lay = parse_layout(norm)
        n_sent = sum(len(split_sentences(norm, s.start, s.end)) for s in lay.sections)
        assert lay.sections and n_sent >= 1
        rec = extract(text)
        assert rec.article.text == norm
        for path, sp in rec.iter_spans():
            assert rec.article.text[sp.start:sp.end] == sp.text, path

    bounded(work, WATCHDOG_S, f"normalize/layout/sentences/extract on {name}")
