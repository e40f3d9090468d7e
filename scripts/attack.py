#!/usr/bin/env python3
"""Re-run the hostile-archive attack of issue 17 against the installed ``pntd-extract``.

Every case runs the real command line in a child process, bounded in time (``--case-timeout``
seconds, default 120) and memory (``--mem-mb`` of address space per child, default 3000), and
touches nothing outside a temporary directory; the only sockets are the loopback ones of a
Dask LocalCluster (checked). Cases:

* hostile files: every generated case of ``tests/crash/HOSTILE.tsv`` and every stored file of
  ``tests/crash/EXPECTED.tsv``: the expected records and error lines, no traceback, every
  stderr line one clean line (no raw control character, no library ``WARNING:`` chatter);
* kill -9 + resume: ``--kills`` (default 10) runs killed at a random moment (SIGKILL to the
  whole process group), then ``--resume``: the output must be byte-identical to an
  uninterrupted run;
* full disk: a small tmpfs where the machine allows mounting (else reported as not tried):
  one clear line, exit 2, previous output intact, no temp file left, then the tmpfs is
  grown and ``--resume`` must give the exact output;
* concurrent writers: two runs on one output (one refused with the lock message, the other
  exact) and two runs on two outputs at once (both exact);
* services on loopback: ``--engine dask`` listens on 127.0.0.1 only.

Prints ``cases tried N, held H, broke B`` (and each broken case) and exits 1 if anything broke.

Example::

    $ python scripts/attack.py                  # about a minute on 2 cores
    $ python scripts/attack.py --kills 3 --quick
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "crash"))
sys.path.insert(0, str(ROOT / "tests"))

import hostile_cases as H  # noqa: E402

RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]")
CLI = [sys.executable, "-c", "import sys; from pntd_extract.cli import app; app(sys.argv[1:], prog_name='pntd-extract')"]


class Attack:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.tried = 0
        self.held = 0
        self.broke: list[str] = []
        self.not_tried: list[str] = []
        self.tmp = Path(tempfile.mkdtemp(prefix="pntd-attack-"))

    # ------------------------------------------------------------------ plumbing
    def _limits(self) -> None:
        mem = self.args.mem_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
        os.setsid()

    def cli(self, *argv, timeout: float | None = None, input: bytes | None = None) -> subprocess.CompletedProcess:
        try:
            return subprocess.run([*CLI, *map(str, argv)], capture_output=True, timeout=timeout or self.args.case_timeout,
                                  preexec_fn=self._limits, input=input)
        except subprocess.TimeoutExpired as exc:
            return subprocess.CompletedProcess(exc.cmd, -999, exc.stdout or b"", (exc.stderr or b"") + b"\nTIMEOUT")

    def popen(self, *argv) -> subprocess.Popen:
        return subprocess.Popen([*CLI, *map(str, argv)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                preexec_fn=self._limits)

    def verdict(self, name: str, problems: list[str]) -> None:
        self.tried += 1
        if problems:
            self.broke.append(f"{name}: {'; '.join(problems)[:400]}")
            print(f"  BROKE {name}: {problems[0][:200]}", flush=True)
        else:
            self.held += 1
            if self.args.verbose:
                print(f"  held  {name}", flush=True)

    @staticmethod
    def stderr_problems(proc: subprocess.CompletedProcess) -> list[str]:
        err = proc.stderr.decode("utf-8", "replace")
        out = []
        if "Traceback" in err:
            out.append("traceback: " + err[err.index("Traceback"):][:300])
        if "TIMEOUT" in err:
            out.append("time limit")
        if proc.returncode in (-9, -11, -6) or proc.returncode < -100:
            out.append(f"died with {proc.returncode}")
        for ln in err.split("\n"):
            if RAW_CONTROL.search(ln):
                out.append(f"raw control character in {ln[:80]!r}")
            if ln.startswith(("WARNING", "Offset:", "Remainder:")):
                out.append(f"library chatter {ln[:80]!r}")
        return out

    # ------------------------------------------------------------------ cases
    def hostile_files(self) -> None:
        print("hostile files", flush=True)
        for name, recs, n_err, n_notes, word in H.load_table(ROOT / "tests" / "crash" / "HOSTILE.tsv"):
            d = self.tmp / "h" / name
            d.mkdir(parents=True)
            args = H.BUILDERS[name](d)
            out = self.tmp / "h-out" / name / "kb.jsonl"
            p = self.cli("extract", *args, "-o", out, "--no-progress")
            problems = self.stderr_problems(p)
            lines = [ln for ln in p.stderr.decode("utf-8", "replace").split("\n") if ln.strip()]
            errs = [ln for ln in lines if ln.startswith(str(d)) and ": skipped:" not in ln]
            notes = [ln for ln in lines if ": skipped:" in ln]
            got = len(out.read_text(encoding="utf-8").splitlines()) if out.exists() else 0
            if got != H.expected_records(name, recs):
                problems.append(f"{got} records, expected {recs}")
            if len(errs) != n_err or len(notes) != n_notes:
                problems.append(f"{len(errs)} error lines / {len(notes)} notices, expected {n_err} / {n_notes}: {errs[:2]}")
            if word and not all(word in e for e in errs):
                problems.append(f"error line without {word!r}: {errs[:1]}")
            self.verdict(f"hostile:{name}", problems)
            shutil.rmtree(d, ignore_errors=True)
        # stored crash corpus: each file alone
        crash = ROOT / "tests" / "crash"
        for line in (crash / "EXPECTED.tsv").read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            name, outcome, _ = line.split("\t", 2)
            n_ok, n_err = {"ok": (1, 0), "error": (0, 1), "skip": (0, 0)}.get(outcome, (None, None))
            if n_ok is None:
                _, a, b = outcome.split()
                n_ok, n_err = int(a), int(b)
            if outcome == "skip":
                continue  # skipped only inside a walked directory
            out = self.tmp / "c-out" / name / "kb.jsonl"
            p = self.cli("extract", crash / name, "-o", out, "--no-progress")
            problems = self.stderr_problems(p)
            got = len(out.read_text(encoding="utf-8").splitlines()) if out.exists() else 0
            errs = [ln for ln in p.stderr.decode("utf-8", "replace").split("\n") if ln.startswith(str(crash / name) + ":")]
            if got != n_ok or len(errs) != n_err:
                problems.append(f"{got} records / {len(errs)} errors, expected {n_ok} / {n_err}")
            self.verdict(f"stored:{name}", problems)

    def _articles(self, n: int) -> Path:
        from batch_samples import write_txt_dir

        d = self.tmp / f"arts-{n}"
        if not d.exists():
            write_txt_dir(d, n)
        return d

    def _reference(self, d: Path) -> bytes:
        ref = self.tmp / f"ref-{d.name}" / "kb.jsonl"
        if not ref.exists():
            p = self.cli("extract", d, "-o", ref, "--no-progress", timeout=600)
            if p.returncode != 0:
                raise SystemExit(f"reference run failed: {p.stderr[-500:]!r}")
        return ref.read_bytes()

    def kills(self) -> None:
        print(f"kill -9 + resume x{self.args.kills}", flush=True)
        d = self._articles(self.args.kill_articles)
        ref = self._reference(d)
        rnd = random.Random(self.args.seed)
        for i in range(self.args.kills):
            out = self.tmp / f"kill-{i}" / "kb.jsonl"
            workers = rnd.choice([1, 2])
            proc = self.popen("extract", d, "-o", out, "--no-progress", "--workers", workers)
            delay = rnd.uniform(0.3, self.args.kill_window)
            time.sleep(delay)
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.communicate()
            state = "mid-run" if not out.exists() else "after the end"
            problems = []
            res = self.cli("extract", d, "-o", out, "--no-progress", "--resume", "--workers", workers, timeout=600)
            problems += self.stderr_problems(res)
            if res.returncode != 0:
                problems.append(f"resume exit {res.returncode}: {res.stderr.decode('utf-8', 'replace')[-200:]}")
            elif out.read_bytes() != ref:
                problems.append("resumed output differs from an uninterrupted run")
            left = [p.name for p in out.parent.iterdir() if p.name != "kb.jsonl"]
            if left:
                problems.append(f"files left: {left}")
            self.verdict(f"kill9:{i} ({state}, {delay:.2f}s, {workers} workers)", problems)

    def full_disk(self) -> None:
        print("full disk (tmpfs)", flush=True)
        disk = self.tmp / "disk"
        disk.mkdir()
        if os.geteuid() != 0 or not shutil.which("mount"):
            self.not_tried.append("full disk: needs root to mount a tmpfs")
            return
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=96k", "tmpfs", str(disk)], capture_output=True)
        if r.returncode != 0:
            self.not_tried.append(f"full disk: mount not allowed ({r.stderr.decode()[:80].strip()})")
            return
        try:
            small = self._articles(1)
            big = self._articles(120)
            ref = self._reference(big)
            out = disk / "kb.jsonl"
            self.cli("extract", small, "-o", out, "--no-progress")
            previous = out.read_bytes() if out.exists() else None
            p = self.cli("extract", big, "-o", out, "--no-progress")
            problems = self.stderr_problems(p)
            lines = [ln for ln in p.stderr.decode("utf-8", "replace").split("\n") if ln.strip()]
            if p.returncode != 2 or len(lines) != 1 or "disk full" not in lines[0]:
                problems.append(f"exit {p.returncode}, {len(lines)} lines: {lines[:2]}")
            if previous is None or not out.exists() or out.read_bytes() != previous:
                problems.append("previous output not intact")
            tmp_left = [q.name for q in disk.iterdir() if q.name.endswith((".tmp", ".copy"))]
            if tmp_left:
                problems.append(f"temp files left: {tmp_left}")
            subprocess.run(["mount", "-o", "remount,size=16m", str(disk)], check=True)
            res = self.cli("extract", big, "-o", out, "--no-progress", "--resume")
            problems += self.stderr_problems(res)
            if res.returncode != 0 or out.read_bytes() != ref:
                problems.append(f"resume after freeing space: exit {res.returncode}, exact={out.read_bytes() == ref}")
            self.verdict("full disk during a run, then resume", problems)
            # full disk during resume's final reorder: fill the disk, edit one input, resume
            big2 = self.tmp / "arts-edit"
            shutil.copytree(big, big2)
            out2 = disk / "kb2.jsonl"
            self.cli("extract", big2, "-o", out2, "--no-progress")
            previous = out2.read_bytes()
            ref2_dir = self.tmp / "ref-edit"
            (big2 / "bai-003.txt").write_text("Bài đã sửa\n\nNgày 9/1, Hội LHPN trao 3 suất quà.", encoding="utf-8")
            self.cli("extract", big2, "-o", ref2_dir / "kb.jsonl", "--no-progress")
            ref2 = (ref2_dir / "kb.jsonl").read_bytes()
            size = os.statvfs(disk)
            filler = disk / "filler"
            free = size.f_bavail * size.f_frsize
            with open(filler, "wb") as fh:
                try:
                    fh.write(b"\0" * max(free - 4096, 0))
                except OSError:
                    pass
            p = self.cli("extract", big2, "-o", out2, "--no-progress", "--resume")
            problems = self.stderr_problems(p)
            lines = [ln for ln in p.stderr.decode("utf-8", "replace").split("\n") if ln.strip()]
            if p.returncode != 2 or not any("disk full" in ln for ln in lines):
                problems.append(f"exit {p.returncode}: {lines[:2]}")
            if out2.read_bytes() != previous:
                problems.append("previous output not intact")
            if [q.name for q in disk.iterdir() if q.name.endswith((".tmp", ".copy"))]:
                problems.append("temp files left")
            filler.unlink()
            res = self.cli("extract", big2, "-o", out2, "--no-progress", "--resume")
            if res.returncode != 0 or out2.read_bytes() != ref2:
                problems.append(f"resume after freeing space: exit {res.returncode}, exact={out2.read_bytes() == ref2}: "
                                f"{res.stderr.decode('utf-8', 'replace')[-300:]}")
            self.verdict("full disk during resume (copy / final reorder), then resume", problems)
        finally:
            subprocess.run(["umount", str(disk)], capture_output=True)

    def concurrent(self) -> None:
        print("concurrent writers", flush=True)
        d = self._articles(self.args.kill_articles)
        ref = self._reference(d)
        out = self.tmp / "conc" / "kb.jsonl"
        a = self.popen("extract", d, "-o", out, "--no-progress")
        time.sleep(0.8)
        b = self.cli("extract", d, "-o", out, "--no-progress")
        a_out, a_err = a.communicate(timeout=600)
        problems = self.stderr_problems(b)
        b_lines = [ln for ln in b.stderr.decode("utf-8", "replace").split("\n") if ln.strip()]
        if a.returncode == 0 and b.returncode == 0:
            pass  # the first finished before the second started: both exact is fine
        elif not (b.returncode == 2 and len(b_lines) == 1 and "another run" in b_lines[0]):
            problems.append(f"second writer: exit {b.returncode}: {b_lines[:2]}")
        if a.returncode != 0 or out.read_bytes() != ref:
            problems.append(f"first writer: exit {a.returncode}, exact={out.exists() and out.read_bytes() == ref}")
        self.verdict("two writers, one output", problems)
        o1, o2 = self.tmp / "conc2" / "a.jsonl", self.tmp / "conc2" / "b.jsonl"
        p1 = self.popen("extract", d, "-o", o1, "--no-progress")
        p2 = self.popen("extract", d, "-o", o2, "--no-progress")
        p1.communicate(timeout=600)
        p2.communicate(timeout=600)
        problems = []
        for p, o in ((p1, o1), (p2, o2)):
            if p.returncode != 0 or o.read_bytes() != ref:
                problems.append(f"{o.name}: exit {p.returncode}")
        self.verdict("two writers, two outputs, same inputs", problems)

    def loopback(self) -> None:
        print("services on loopback", flush=True)
        try:
            import psutil
        except ImportError:
            self.not_tried.append("loopback: psutil not installed")
            return
        d = self._articles(self.args.kill_articles)
        out = self.tmp / "dask" / "kb.jsonl"
        proc = self.popen("extract", d, "-o", out, "--no-progress", "--engine", "dask", "--workers", "1")
        seen: set[tuple[str, int]] = set()
        t0 = time.monotonic()
        while proc.poll() is None and time.monotonic() - t0 < self.args.case_timeout:
            try:
                pids = {proc.pid} | {c.pid for c in psutil.Process(proc.pid).children(recursive=True)}
                for c in psutil.net_connections(kind="inet"):
                    if c.pid in pids and c.status == psutil.CONN_LISTEN:
                        seen.add((c.laddr.ip, c.laddr.port))
            except (psutil.Error, OSError):
                pass
            time.sleep(0.2)
        proc.communicate(timeout=60)
        problems = [f"listening on {ip}:{port}" for ip, port in sorted(seen) if ip not in ("127.0.0.1", "::1")]
        if not seen:
            self.not_tried.append("loopback: no listening socket observed (run too short)")
            return
        if proc.returncode != 0:
            problems.append(f"dask run exit {proc.returncode}")
        self.verdict(f"dask LocalCluster sockets ({len(seen)} seen)", problems)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kills", type=int, default=10)
    ap.add_argument("--kill-articles", type=int, default=400, help="articles in the kill/concurrency runs")
    ap.add_argument("--kill-window", type=float, default=2.5, help="latest kill, seconds after the start")
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--case-timeout", type=float, default=120)
    ap.add_argument("--mem-mb", type=int, default=3000, help="address-space limit per child (MB)")
    ap.add_argument("--quick", action="store_true", help="hostile files and kills only")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    atk = Attack(args)
    t0 = time.monotonic()
    try:
        atk.hostile_files()
        atk.kills()
        if not args.quick:
            atk.full_disk()
            atk.concurrent()
            atk.loopback()
    finally:
        shutil.rmtree(atk.tmp, ignore_errors=True)
    print(f"\ncases tried {atk.tried}, held {atk.held}, broke {len(atk.broke)} ({time.monotonic() - t0:.0f}s)")
    for b in atk.broke:
        print(f"  broke: {b}")
    for n in atk.not_tried:
        print(f"  not tried: {n}")
    return 1 if atk.broke else 0


if __name__ == "__main__":
    sys.exit(main())
