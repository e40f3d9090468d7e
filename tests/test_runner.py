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


def test_run_does_not_read_its_own_output(tmp_path):
    write_txt_dir(tmp_path / "in", 3)
    out = tmp_path / "in" / "kb.jsonl"
    run([str(tmp_path / "in")], out)
    first = out.read_bytes()
    res = run([str(tmp_path / "in")], out)
    assert res.n_records == 3 and out.read_bytes() == first


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
