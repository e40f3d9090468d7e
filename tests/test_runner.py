"""Batch runner: crash-safe journal, resume (including after a real SIGKILL), ordering."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from batch_samples import write_jsonl, write_txt_dir
from pntd_extract.io.writer import Journal, OutputError, errors_path_for, part_path
from pntd_extract.runner import run


def _keys(path: Path) -> list[str]:
    return [json.loads(line)["article"]["input_key"] for line in path.read_text(encoding="utf-8").splitlines()]


# ----------------------------------------------------------------------------- journal

def test_journal_replaces_output_only_at_commit(tmp_path):
    out = tmp_path / "kb.jsonl"
    out.write_text('{"key": "cũ"}\n', encoding="utf-8")
    j = Journal(out, key_of=lambda o: o["key"])
    j.write_lines(['{"key": "a"}', '{"key": "b"}'])
    assert out.read_text(encoding="utf-8") == '{"key": "cũ"}\n'  # untouched while running
    j.commit()
    assert out.read_text(encoding="utf-8") == '{"key": "a"}\n{"key": "b"}\n'
    assert not part_path(out).exists()


def test_journal_resume_truncates_a_partial_line_and_counts_keys(tmp_path):
    out = tmp_path / "kb.jsonl"
    part_path(out).write_bytes(b'{"key": "a"}\n{"key": "b"}\n{"key": "a"}\n{"key": "c", "ti')
    j = Journal(out, resume=True, key_of=lambda o: o["key"])
    assert j.done == {"a": 2, "b": 1}
    assert j.existing == 3 and j.truncated == len(b'{"key": "c", "ti')
    j.write_lines(['{"key": "c"}'])
    j.commit()
    assert out.read_text(encoding="utf-8").splitlines() == ['{"key": "a"}', '{"key": "b"}', '{"key": "a"}', '{"key": "c"}']


def test_journal_resume_continues_a_finished_output(tmp_path):
    out = tmp_path / "kb.jsonl"
    out.write_text('{"key": "a"}\n', encoding="utf-8")
    j = Journal(out, resume=True, key_of=lambda o: o["key"])
    assert j.done == {"a": 1}
    assert out.read_text(encoding="utf-8") == '{"key": "a"}\n'
    j.close()


def test_journal_refuses_a_directory_and_a_second_writer(tmp_path):
    with pytest.raises(OutputError, match="is a directory"):
        Journal(tmp_path)
    out = tmp_path / "kb.jsonl"
    first = Journal(out)
    try:
        with pytest.raises(OutputError, match="another run"):
            Journal(out)
    finally:
        first.close()


def test_errors_path_is_next_to_output(tmp_path):
    assert errors_path_for(tmp_path / "kb.jsonl") == tmp_path / "kb.errors.jsonl"
    assert errors_path_for(tmp_path / "out") == tmp_path / "out.errors.jsonl"


# ----------------------------------------------------------------------------- runner

def test_run_keeps_input_order_and_reports_errors(tmp_path):
    inp = write_jsonl(tmp_path / "in.jsonl", 6, bad_lines=(3,))
    out = tmp_path / "kb.jsonl"
    seen: list[str] = []
    res = run([str(inp)], out, on_error=seen.append)
    assert (res.n_records, res.n_errors) == (6, 1) and not res.ok
    assert _keys(out) == [f"{inp}:{n}" for n in (1, 2, 4, 5, 6, 7)]
    errs = [json.loads(line) for line in errors_path_for(out).read_text(encoding="utf-8").splitlines()]
    assert [(e["key"], e["line"]) for e in errs] == [(f"{inp}:3", 3)]
    assert seen and seen[0].startswith(f"{inp}:3: invalid JSON")


def test_run_resume_from_a_torn_part_file_gives_the_full_output(tmp_path):
    inp = write_jsonl(tmp_path / "in.jsonl", 8, bad_lines=(2,))
    ref = tmp_path / "ref.jsonl"
    run([str(inp)], ref)
    out = tmp_path / "kb.jsonl"
    lines = ref.read_bytes().splitlines(keepends=True)
    # an interrupted run: 3 complete records and half of the 4th
    part_path(out).write_bytes(b"".join(lines[:3]) + lines[3][:57])
    res = run([str(inp)], out, resume=True)
    assert res.prev_records == 3 and res.n_skipped == 3 and res.n_records == 5
    assert out.read_bytes() == ref.read_bytes()
    assert errors_path_for(out).read_bytes() == errors_path_for(ref).read_bytes()
    # resuming a finished run adds nothing
    res = run([str(inp)], out, resume=True)
    assert res.n_records == 0 and res.n_skipped == 9
    assert out.read_bytes() == ref.read_bytes()


@pytest.mark.parametrize("where", ["kb.jsonl", "bai-001.txt", "sub/kb.jsonl"])
def test_output_inside_an_input_directory_is_refused(tmp_path, where):
    """Issue 17: `extract DIR -o DIR/some-article.txt` skipped that article and overwrote it
    with the KB. Any output (and its errors file and work files) inside an input: refused,
    nothing written, the inputs untouched."""
    write_txt_dir(tmp_path / "in", 3)
    before = {p: p.read_bytes() for p in (tmp_path / "in").rglob("*") if p.is_file()}
    out = tmp_path / "in" / where
    with pytest.raises(OutputError, match=r"inside the input directory .*\[E407\]"):
        run([str(tmp_path / "in")], out)
    after = {p: p.read_bytes() for p in (tmp_path / "in").rglob("*") if p.is_file()}
    assert after == before


def test_errors_file_inside_an_input_directory_is_refused(tmp_path):
    write_txt_dir(tmp_path / "in", 2)
    with pytest.raises(OutputError, match="E407"):
        run([str(tmp_path / "in")], tmp_path / "kb.jsonl", errors_path=tmp_path / "in" / "e.jsonl")
    assert not (tmp_path / "kb.jsonl").exists()


# ----------------------------------------------------------------------------- SIGKILL

# The extraction itself is fast, so the child slows each article down a little to let the
# test kill it midway; everything else is the real `pntd-extract extract` command.
SLOW_CLI = """
import sys, time
import pntd_extract.runner as r
_orig = r.process_item
def _slow(item, published=None):
    time.sleep(0.02)
    return _orig(item, published)
r.process_item = _slow
from pntd_extract.cli import app
app(sys.argv[1:], prog_name="pntd-extract")
"""


def _count_lines(p: Path) -> int:
    try:
        return p.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def _run_and_kill(args: list[str], part: Path, at_lines: int) -> None:
    proc = subprocess.Popen([sys.executable, "-c", SLOW_CLI, *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    try:
        while _count_lines(part) < at_lines:
            assert proc.poll() is None, f"run ended before the kill: {proc.stderr.read().decode()}"
            assert time.monotonic() < deadline, "run too slow to reach the kill point"
            time.sleep(0.005)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL


def test_sigkill_midway_then_resume_gives_the_uninterrupted_output(tmp_path):
    inp = write_jsonl(tmp_path / "in.jsonl", 40, bad_lines=(5,))
    ref = tmp_path / "ref.jsonl"
    assert not run([str(inp)], ref).ok  # one bad line
    out = tmp_path / "kb.jsonl"
    args = ["extract", str(inp), "-o", str(out), "--no-progress"]
    part = part_path(out)

    _run_and_kill(args, part, at_lines=6)
    assert not out.exists() and part.exists()
    _run_and_kill(args + ["--resume"], part, at_lines=20)  # killed again while resuming
    with part.open("ab") as fh:  # as if the kill had landed in the middle of a write
        fh.write(b'{"schema_version":"1","article":{"id":"bai-00')
    done = subprocess.run([sys.executable, "-m", "pntd_extract", *args, "--resume"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr  # the bad line counts as a failure
    assert "inputs already done (resumed)" in done.stderr
    assert out.read_bytes() == ref.read_bytes()
    assert len(set(_keys(out))) == 40
    assert errors_path_for(out).read_bytes() == errors_path_for(ref).read_bytes()
    assert not part.exists()


def test_resume_with_other_inputs_is_refused_without_writing(tmp_path):
    write_txt_dir(tmp_path / "a", 3)
    write_jsonl(tmp_path / "b.jsonl", 3)
    out = tmp_path / "kb.jsonl"
    run([str(tmp_path / "a")], out)
    before = out.read_bytes()
    with pytest.raises(ValueError, match="--resume"):
        run([str(tmp_path / "b.jsonl")], out, resume=True)
    assert out.read_bytes() == before
    assert part_path(out).read_bytes() == before  # the work file is intact for a correct --resume


def test_a_worker_that_dies_costs_one_article_not_the_batch():
    from batch_samples import CRASH_MARK, article, crashing_chunk
    from pntd_extract.io.base import Document
    from pntd_extract.runner import _chunks, _PoolEngine, ordered_results

    docs = []
    for i in range(8):
        title, body = article(i)
        if i == 5:
            body += f" {CRASH_MARK}."
        docs.append(Document(key=f"bai-{i}", text=f"{title}\n\n{body}", meta={"path": f"bai-{i}.txt"}))
    eng = _PoolEngine(2, None, 2, fn=crashing_chunk)
    try:
        outcomes = [o for res in ordered_results(eng, _chunks(docs, 2)) for o in res]
    finally:
        eng.close()
    assert [k for k, _, _ in outcomes] == [d.key for d in docs]
    failed = [(k, err["reason"]) for k, line, err in outcomes if err]
    assert len(failed) == 1 and failed[0][0] == "bai-5" and "worker process died" in failed[0][1]
    assert all(line for k, line, _ in outcomes if k != "bai-5")
    assert eng.restarts >= 1


# ----------------------------------------------------------------------------- resume: stale inputs

def _fresh(inputs, tmp_path, name="ref") -> Path:
    """Output of an uninterrupted run over the current inputs (its own directory)."""
    out = tmp_path / name / "kb.jsonl"
    run([str(i) for i in inputs], out)
    return out


def test_resume_redoes_changed_inputs_and_drops_gone_ones(tmp_path):
    d = tmp_path / "in"
    paths = write_txt_dir(d, 6)
    out = tmp_path / "out" / "kb.jsonl"
    run([str(d)], out)
    # an interrupted run: the first 4 records; then the archive changes under it
    lines = out.read_bytes().splitlines(keepends=True)
    out.unlink()
    part_path(out).write_bytes(b"".join(lines[:4]))
    paths[1].write_text(paths[1].read_text(encoding="utf-8").replace("suất quà", "phần quà"), encoding="utf-8")
    paths[2].unlink()
    (d / "bai-001a.txt").write_text("Bài mới chen vào giữa\n\nBà Lan trao 5 triệu đồng.\n", encoding="utf-8")
    res = run([str(d)], out, resume=True)
    assert (res.n_skipped, res.n_redone, res.n_dropped) == (2, 1, 1)
    ref = _fresh([d], tmp_path)
    assert out.read_bytes() == ref.read_bytes()
    assert "phần quà" in out.read_text(encoding="utf-8")


def test_resume_of_a_finished_run_after_edits_equals_a_fresh_run(tmp_path):
    inp = write_jsonl(tmp_path / "in.jsonl", 5, bad_lines=(2,))
    out = tmp_path / "out" / "kb.jsonl"
    run([str(inp)], out)
    lines = inp.read_text(encoding="utf-8").splitlines()
    # fix the bad line, change a date (same text: the record still changes), drop the last line
    obj = json.loads(lines[2])
    obj["published"] = "2023-12-30"
    lines[1] = json.dumps({"text": "Hội LHPN xã trao 3 suất quà.", "id": "moi"}, ensure_ascii=False)
    lines[2] = json.dumps(obj, ensure_ascii=False)
    inp.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    res = run([str(inp)], out, resume=True)
    assert (res.n_skipped, res.n_redone, res.n_dropped) == (3, 2, 1)  # lines 1 4 5 kept, 2 3 re-done, 6 gone
    ref = _fresh([inp], tmp_path)
    assert out.read_bytes() == ref.read_bytes()
    assert not errors_path_for(out).exists() and not errors_path_for(ref).exists()


def test_resume_after_a_kill_during_a_resume_keeps_the_newest_line(tmp_path):
    inp = write_jsonl(tmp_path / "in.jsonl", 4)
    out = tmp_path / "out" / "kb.jsonl"
    run([str(inp)], out)
    old = out.read_bytes()
    lines = inp.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].replace("suất quà", "phần quà")
    inp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ref = _fresh([inp], tmp_path)
    new_first = ref.read_bytes().splitlines(keepends=True)[0]
    # killed while resuming: the work file holds the old records and then the re-done one
    out.unlink()
    part_path(out).write_bytes(old + new_first)
    res = run([str(inp)], out, resume=True)
    assert (res.n_skipped, res.n_redone, res.n_records) == (4, 0, 0)
    assert out.read_bytes() == ref.read_bytes()


def test_every_line_carries_the_input_fingerprint(tmp_path):
    inp = write_jsonl(tmp_path / "in.jsonl", 2, bad_lines=(1,))
    out = tmp_path / "kb.jsonl"
    run([str(inp)], out)
    rec = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    err = json.loads(errors_path_for(out).read_text(encoding="utf-8"))
    assert len(rec["article"]["input_fingerprint"]) == 40 and len(err["fingerprint"]) == 40


# ----------------------------------------------------------------------------- empty runs, encodings

def test_run_that_finds_nothing_is_empty_and_not_ok(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.csv").write_text("id,body\n1,Bài một.\n", encoding="utf-8")
    notes: list[str] = []
    res = run([str(d)], tmp_path / "kb.jsonl", on_notice=notes.append)
    assert res.empty and not res.ok and res.n_notices == 1 and len(notes) == 1
    res = run([str(d)], tmp_path / "kb2.jsonl", text_column="body")
    assert not res.empty and res.ok and res.n_records == 1


def test_unknown_encoding_is_refused_before_any_work(tmp_path):
    write_txt_dir(tmp_path / "in", 1)
    with pytest.raises(ValueError, match="unknown encoding 'klingon'"):
        run([str(tmp_path / "in")], tmp_path / "kb.jsonl", encoding="klingon")
    assert not (tmp_path / "kb.jsonl.part").exists()


# ----------------------------------------------------------------------------- dask: no worker left

class _NeverDone:
    def __init__(self):
        self.cancelled = False

    def result(self, timeout=None):
        raise TimeoutError

    def cancel(self):
        self.cancelled = True


class _Client:
    def __init__(self, counts):
        self.counts = list(counts)

    def nthreads(self):
        n = self.counts.pop(0) if len(self.counts) > 1 else self.counts[0]
        return {f"tcp://127.0.0.1:{i}": 1 for i in range(n)}


def test_dask_wait_gives_up_when_no_worker_is_left():
    from pntd_extract.runner import RunnerError, _DaskFuture

    fut = _DaskFuture(_NeverDone(), _Client([2, 1, 0]), grace=0.0, poll=0.0)
    with pytest.raises(RunnerError, match="no Dask worker left"):
        fut.result()
    fut.cancel()
    assert fut.fut.cancelled


def test_dask_wait_returns_the_result_while_workers_live():
    from pntd_extract.runner import _DaskFuture

    class Slow:
        calls = 0

        def result(self, timeout=None):
            Slow.calls += 1
            if Slow.calls < 3:
                raise TimeoutError
            return ["xong"]

    assert _DaskFuture(Slow(), _Client([1]), grace=0.0, poll=0.0).result() == ["xong"]
