"""`pntd-extract extract`: bad inputs, errors file, exit codes, workers, resume, output paths."""
from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from batch_samples import write_jsonl, write_txt_dir
from pntd_extract.cli import app
from pntd_extract.schema import KBRecord


def _invoke(*args: str):
    return CliRunner().invoke(app, ["extract", *args, "--no-progress"])


def _stderr_lines(res) -> list[str]:
    return [line for line in res.output.splitlines() if line.strip()]


def test_bad_files_are_reported_in_one_line_and_the_batch_goes_on(tmp_path):
    d = tmp_path / "in"
    good = write_txt_dir(d, 3)
    (d / "hong.txt").write_bytes(b"\x00\x01\x02\x03\xff\xfe binary \x00\x00")
    (d / "rong.txt").write_bytes(b"")
    out = tmp_path / "out" / "kb.jsonl"
    res = _invoke(str(d), "-o", str(out))
    assert res.exit_code == 1, res.output
    lines = _stderr_lines(res)
    bad = [line for line in lines if line.startswith(str(d))]
    assert len(bad) == 2
    assert any(line.startswith(f"{d / 'hong.txt'}: ") for line in bad)
    assert any(line.startswith(f"{d / 'rong.txt'}: ") for line in bad)
    assert "3 records" in lines[-1] and "2 errors" in lines[-1] and "articles/s" in lines[-1]
    # the good records are there, valid, in input order, with their input key
    recs = [KBRecord.model_validate_json(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r.article.input_key for r in recs] == [str(p) for p in good]
    assert recs[0].article.title.startswith("Hội LHPN phường")
    errs = [json.loads(line) for line in (tmp_path / "out" / "kb.errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(Path(e["path"]).name for e in errs) == ["hong.txt", "rong.txt"]
    assert all(set(e) == {"key", "path", "line", "reason", "fingerprint", "code"} and e["reason"] and e["code"][0] == "E" for e in errs)
    assert not list((tmp_path / "out").glob("*.part"))


def test_clean_run_exits_0_and_leaves_no_errors_file(tmp_path):
    d = tmp_path / "in"
    write_txt_dir(d, 2)
    out = tmp_path / "kb.jsonl"
    (tmp_path / "kb.errors.jsonl").write_text('{"key": "cũ"}\n', encoding="utf-8")  # stale
    res = _invoke(str(d), "-o", str(out), "--published", "2024-03-01")
    assert res.exit_code == 0, res.output
    assert not (tmp_path / "kb.errors.jsonl").exists()
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["article"]["published"] for r in recs] == ["2024-03-01", "2024-03-01"]


def test_output_directory_and_bad_options_are_refused(tmp_path):
    d = tmp_path / "in"
    write_txt_dir(d, 1)
    res = _invoke(str(d), "-o", str(tmp_path))
    assert res.exit_code == 2
    assert len(_stderr_lines(res)) == 1 and "is a directory" in res.output
    res = _invoke(str(d), "-o", str(tmp_path / "kb.jsonl"), "--published", "9/1/2024")
    assert res.exit_code == 2 and "YYYY-MM-DD" in res.output
    res = _invoke(str(d), "-o", str(tmp_path / "kb.jsonl"), "--scheduler", "tcp://127.0.0.1:1")
    assert res.exit_code == 2 and "--engine dask" in res.output
    assert not (tmp_path / "kb.jsonl").exists()


def test_jsonl_bad_line_and_custom_errors_path(tmp_path):
    inp = write_jsonl(tmp_path / "in.jsonl", 4, bad_lines=(2,))
    out = tmp_path / "kb.jsonl"
    errs = tmp_path / "logs" / "loi.jsonl"
    res = _invoke(str(inp), "-o", str(out), "--errors", str(errs))
    assert res.exit_code == 1
    assert f"{inp}:2: invalid JSON" in res.output
    (err,) = [json.loads(line) for line in errs.read_text(encoding="utf-8").splitlines()]
    assert err["line"] == 2 and err["key"] == f"{inp}:2"
    assert len(out.read_text(encoding="utf-8").splitlines()) == 4


def test_workers_2_gives_byte_identical_output(tmp_path):
    inp = write_jsonl(tmp_path / "in.jsonl", 24, bad_lines=(7,))
    one, two = tmp_path / "w1.jsonl", tmp_path / "w2.jsonl"
    r1 = _invoke(str(inp), "-o", str(one), "--workers", "1")
    r2 = _invoke(str(inp), "-o", str(two), "--workers", "2")
    assert r1.exit_code == r2.exit_code == 1
    assert one.read_bytes() == two.read_bytes()
    assert len(one.read_bytes().splitlines()) == 24
    assert (tmp_path / "w1.errors.jsonl").read_bytes() == (tmp_path / "w2.errors.jsonl").read_bytes()


def test_resume_of_a_finished_run_adds_only_new_inputs(tmp_path):
    d = tmp_path / "in"
    write_txt_dir(d, 3)
    out = tmp_path / "kb.jsonl"
    assert _invoke(str(d), "-o", str(out)).exit_code == 0
    first = out.read_bytes()
    res = _invoke(str(d), "-o", str(out), "--resume")
    assert res.exit_code == 0 and "3 inputs already done" in res.output
    assert out.read_bytes() == first
    write_txt_dir(tmp_path / "more", 4)
    (tmp_path / "more" / "bai-003.txt").rename(d / "bai-003.txt")
    res = _invoke(str(d), "-o", str(out), "--resume")
    assert res.exit_code == 0
    lines = out.read_bytes().splitlines(keepends=True)
    assert len(lines) == 4 and b"".join(lines[:3]) == first


def test_output_that_is_also_an_input_is_refused(tmp_path):
    inp = write_jsonl(tmp_path / "in.jsonl", 2)
    before = inp.read_bytes()
    res = _invoke(str(inp), "-o", str(inp))
    assert res.exit_code == 2 and "both an input and the output" in res.output
    assert inp.read_bytes() == before
    res = _invoke(str(inp), "-o", "-")
    assert res.exit_code == 2 and "standard output" in res.output


# ----------------------------------------------------------------------------- nothing lost silently

def test_unreadable_directory_is_an_error_line_and_exit_1(tmp_path, monkeypatch):
    import os

    import pntd_extract.io.readers as readers

    d = tmp_path / "in"
    write_txt_dir(d, 2)
    locked = d / "khoa"
    locked.mkdir()
    write_txt_dir(locked, 1)
    real = os.scandir

    def scandir(path="."):  # root ignores permission bits: refuse as the OS would for a user
        if str(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(readers.os, "scandir", scandir)
    out = tmp_path / "kb.jsonl"
    res = _invoke(str(d), "-o", str(out))
    assert res.exit_code == 1, res.output
    assert f"{locked}: cannot read directory: Permission denied [E107]" in _stderr_lines(res)
    assert "2 records" in res.output and "1 errors" in res.output
    (err,) = [json.loads(x) for x in (tmp_path / "kb.errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert err["path"] == str(locked)


def test_csv_dir_without_text_column_says_why_and_exits_1(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.csv").write_text("id,body,published\n1,Hội LHPN xã trao 3 suất quà.,2024-01-10\n", encoding="utf-8")
    out = tmp_path / "kb.jsonl"
    res = _invoke(str(d), "-o", str(out))
    assert res.exit_code == 1, res.output
    lines = _stderr_lines(res)
    assert f"{d / 'a.csv'}: skipped: no 'text' column (columns: id, body, published); use --text-column" in lines
    assert lines[-1].startswith("pntd-extract: warning: no articles found") and "--text-column" in lines[-1]
    res = _invoke(str(d), "-o", str(out), "--text-column", "body", "--overwrite")
    assert res.exit_code == 0 and len(out.read_text(encoding="utf-8").splitlines()) == 1


def test_empty_directory_warns_and_exits_1(tmp_path):
    (tmp_path / "in").mkdir()
    res = _invoke(str(tmp_path / "in"), "-o", str(tmp_path / "kb.jsonl"))
    assert res.exit_code == 1 and "warning: no articles found" in res.output


def test_csv_on_stdin_with_text_column(tmp_path):
    rows = "id,body\n1,Hội LHPN xã trao 3 suất quà.\n2,\"Bà Lan, Chủ tịch Hội, trao 5 triệu đồng.\"\n"
    out = tmp_path / "kb.jsonl"
    res = CliRunner().invoke(app, ["extract", "-", "--text-column", "body", "-o", str(out), "--no-progress"],
                             input=rows.encode("utf-8"))
    assert res.exit_code == 0, res.output
    recs = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["article"]["id"], r["article"]["input_key"]) for r in recs] == [("1", "<stdin>:2"), ("2", "<stdin>:3")]
    assert "Chủ tịch Hội" in recs[1]["article"]["text"] and "id,body" not in recs[0]["article"]["text"]


def test_unknown_encoding_is_a_usage_error(tmp_path):
    d = tmp_path / "in"
    write_txt_dir(d, 3)
    res = _invoke(str(d), "-o", str(tmp_path / "kb.jsonl"), "--encoding", "klingon")
    assert res.exit_code == 2
    assert _stderr_lines(res) == [_stderr_lines(res)[0]] and "unknown encoding 'klingon'" in res.output
    assert not (tmp_path / "kb.jsonl").exists()


def test_resume_prints_kept_redone_dropped(tmp_path):
    d = tmp_path / "in"
    paths = write_txt_dir(d, 3)
    out = tmp_path / "kb.jsonl"
    assert _invoke(str(d), "-o", str(out)).exit_code == 0
    paths[0].write_text(paths[0].read_text(encoding="utf-8") + "\nThêm một câu.\n", encoding="utf-8")
    paths[2].unlink()
    res = _invoke(str(d), "-o", str(out), "--resume")
    assert res.exit_code == 0, res.output
    assert "resume: 1 kept (unchanged), 1 re-done (input changed), 1 dropped (input gone)" in _stderr_lines(res)
    assert [json.loads(x)["article"]["input_key"] for x in out.read_text(encoding="utf-8").splitlines()] == \
        [str(p) for p in paths[:2]]
