"""Batch extraction: documents from the readers -> one KB record per article, in input order.

:func:`run` streams :func:`pntd_extract.io.readers.iter_documents` through an *engine*:

* ``local`` with ``workers=1``: in this process;
* ``local`` with ``workers=N``: a ``concurrent.futures`` process pool (``forkserver`` on
  POSIX, ``spawn`` elsewhere); each worker loads the models once in its initializer;
* ``dask``: ``dask.distributed`` futures on a ``LocalCluster`` of ``workers`` processes, or
  on the cluster whose scheduler is at ``scheduler`` (``tcp://host:8786``).

Documents are cut into small chunks and at most ``in_flight`` chunks are submitted at once;
results are taken back strictly in submission order, so memory stays flat whatever the size
of the archive and the output is byte-identical for any worker count or engine.

Output goes through :class:`pntd_extract.io.writer.Journal`: complete lines only, ``fsync``
every second, ``OUT.part`` renamed over ``OUT`` at the end. Each record carries
``article.input_key`` (``path``, ``path:LINE``, ...); with ``resume=True`` the keys already in
``OUT.part`` (records) and in the errors file are skipped when the input is unchanged (same
:func:`fingerprint`, stored as ``article.input_fingerprint`` / ``fingerprint``); changed
inputs are extracted again and vanished inputs dropped, and the final file is written in
input order, so a run killed at any point and resumed -- even after the inputs were edited --
gives exactly the records of an uninterrupted run over the current inputs.

A failing article (unreadable input or an extraction exception) becomes one error line
``{"key", "path", "line", "reason", "fingerprint", "code"}`` (``code``: the E-code of :mod:`pntd_extract.errors`) in the errors file (``OUT.errors.jsonl`` by default) and
one message ``file[:line]: reason`` for ``on_error``; the batch goes on.

Example::

    >>> from pntd_extract.runner import run
    >>> res = run(["corpus/"], "kb.jsonl", workers=2)          # doctest: +SKIP
    >>> res.n_records, res.n_errors, round(res.rate)            # doctest: +SKIP
    (14, 0, 41)

A worker process that dies (segfault, out-of-memory killer) costs one article, not the
batch: the pool is rebuilt and the article that killed it becomes an error line. With the
Dask engine, a cluster left with no worker for :data:`DASK_NO_WORKER_GRACE` seconds ends
the run with :class:`RunnerError` instead of waiting forever.

Every error it raises is a :class:`~pntd_extract.errors.PntdError` (one coded line):
:class:`~pntd_extract.errors.OutputError` for an unusable output path (a directory, locked,
the same as or inside an input: E407) or a failed write (disk full: E408, the work file
cut back to complete lines, ``OUT`` untouched), :class:`~pntd_extract.errors.UsageError`
(also a ``ValueError``) for bad options (including ``--resume`` with other inputs than the
interrupted run) and :class:`RunnerError` when worker processes keep dying.
"""
from __future__ import annotations

import itertools
import json
import os
import signal
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Union

from .errors import OutputError, PntdError, RunError, UsageError
from .io.base import Document, ReadError
from .io.writer import (Journal, error_fingerprint, refuse_inside_inputs, error_key, errors_path_for, record_fingerprint,
                        record_key)

__all__ = ["run", "RunResult", "RunnerError", "process_chunk", "fingerprint", "ENGINES"]

ENGINES = ("local", "dask")
MAX_RESTARTS = 100  # worker-pool rebuilds per run before giving up
RESUME_PROBE = 50  # inputs looked at before deciding that a resumed run matches the first
Item = Union[Document, ReadError]
# one outcome per input item: (key, record JSON line or None, error dict or None)
Outcome = tuple[str, Optional[str], Optional[dict]]

# A short article in the project's own words, used to load the models in each worker.
WARMUP_TEXT = (
    "Hội LHPN phường trao quà cho hội viên\n\n"
    "(PNTĐ) - Ngày 9/1, bà Nguyễn Thị Lan, Chủ tịch Hội LHPN phường Thượng Cát trao "
    "15 triệu đồng cho 3 hộ gia đình khó khăn."
)


class RunnerError(RunError):
    """The batch cannot go on (e.g. a worker process died); the records so far are kept."""


@dataclass
class RunResult:
    """Counts of one run. ``n_records``/``n_errors``: written by this run; ``n_skipped``:
    inputs already done and unchanged (``resume``: kept); ``prev_records``/``prev_errors``:
    lines of the interrupted run kept; ``n_redone``: inputs done before but changed since
    (re-extracted); ``n_dropped``: inputs done before that are no longer among the inputs
    (their lines left out); ``n_notices``: inputs skipped with a notice (e.g. a CSV without
    the text column in a directory); ``seconds``: wall time; ``interrupted``: stopped by
    Ctrl-C/SIGTERM (the work files are kept for ``--resume``)."""

    output: Path
    errors_path: Path
    n_records: int = 0
    n_errors: int = 0
    n_skipped: int = 0
    prev_records: int = 0
    prev_errors: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    errors_written: bool = False
    n_redone: int = 0
    n_dropped: int = 0
    n_notices: int = 0
    n_metadata_problems: int = 0

    @property
    def rate(self) -> float:
        """Articles (records + errors) processed per second by this run."""
        n = self.n_records + self.n_errors
        return n / self.seconds if self.seconds > 0 else 0.0

    @property
    def total_records(self) -> int:
        return self.prev_records + self.n_records

    @property
    def total_errors(self) -> int:
        return self.prev_errors + self.n_errors

    @property
    def ok(self) -> bool:
        return not self.interrupted and self.total_errors == 0 and not self.empty

    @property
    def empty(self) -> bool:
        """No record and no error at all: nothing was found to extract (exit 1)."""
        return not self.interrupted and self.total_records == 0 and self.total_errors == 0


# --------------------------------------------------------------------------- workers

def _one_line(s: str) -> str:
    return " ".join(str(s).split())


def _line_of(key: str, path: Optional[str]) -> Optional[int]:
    if path and key.startswith(path + ":"):
        rest = key[len(path) + 1:]
        if rest.isdigit():
            return int(rest)
    return None


def error_message(err: dict) -> str:
    """The one-line report of an error dict: ``path[:line]: reason``."""
    from .errors import one_line, safe_text

    where = safe_text(err.get("path") or err.get("key") or "<input>")
    if err.get("line") is not None:
        where = f"{where}:{err['line']}"
    code = f" [{err['code']}]" if err.get("code") else ""
    return f"{where}: {one_line(err.get('reason'), 400)}{code}"


def fingerprint(item: Item, published: Optional[str] = None) -> str:
    """Content fingerprint of one input unit: ``sha1`` (40 hex digits) of its text, its
    reader metadata (title, published, encoding, warnings ...) and the run's ``published``
    default -- everything that decides its record -- or, for a ``ReadError``, of its
    reason. ``--resume`` re-extracts an input whose fingerprint changed since it was done."""
    import hashlib

    if isinstance(item, ReadError):
        payload = ["error", item.path, item.line, item.reason]
    else:
        payload = ["doc", item.text, item.meta, published]
    data = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha1(data.encode("utf-8", "surrogatepass")).hexdigest()


def process_item(item: Item, published: Optional[str] = None) -> Outcome:
    """Extract one item: ``(key, record_json_line, None)`` or ``(key, None, error_dict)``.

    ``published`` (ISO date) is used when the document has no date of its own. Never raises
    for a bad article (an exception becomes an error dict naming its type)."""
    fp = fingerprint(item, published)
    if isinstance(item, ReadError):
        err = {"key": item.key, "path": item.path, "line": item.line, "reason": _one_line(item.reason),
               "fingerprint": fp}
        if item.code:
            err["code"] = item.code
        return item.key, None, err
    from .pipeline import extract

    meta = dict(item.meta)
    if published and not meta.get("published"):
        meta["published"] = published
    try:
        rec = extract(item.text, **meta)
        rec.article.input_key = item.key
        rec.article.input_fingerprint = fp
        return item.key, rec.model_dump_json(), None
    except Exception as exc:  # one bad article never kills the batch
        path = meta.get("path")
        return item.key, None, {"key": item.key, "path": path, "line": _line_of(item.key, path),
                                "reason": _one_line(f"{type(exc).__name__}: {exc}"), "fingerprint": fp,
                                "code": "E601"}


def process_chunk(items: list[Item], published: Optional[str] = None) -> list[Outcome]:
    """:func:`process_item` over a chunk (the unit shipped to a worker), order kept."""
    return [process_item(it, published) for it in items]


def _alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (a zombie counts as dead)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - someone else's pid: ours is gone
        return False
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[-1].split()[0] != b"Z"
    except OSError:  # no /proc: trust kill(0)
        return True


def _watch_parent(pid: int, every: float = 1.0) -> None:
    import threading

    def loop() -> None:
        while True:
            time.sleep(every)
            if not _alive(pid):
                os._exit(3)  # the batch is gone (e.g. kill -9): do not linger as an orphan

    threading.Thread(target=loop, name="pntd-parent-watch", daemon=True).start()


def warm_up(parent_pid: Optional[int] = None) -> None:
    """Load the models and recognizers once (worker initializer); ignores Ctrl-C so that
    only the parent process handles it; with ``parent_pid``, exits when that process dies."""
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread (dask worker threads)
        pass
    if parent_pid is not None:
        _watch_parent(parent_pid)
    from .pipeline import extract

    try:
        extract(WARMUP_TEXT, published="2024-01-10")
    except Exception:  # pragma: no cover - a broken pipeline shows up on real articles
        pass


# --------------------------------------------------------------------------- engines

class _Done:
    """A finished 'future' for the in-process engine."""

    def __init__(self, value: Any) -> None:
        self._value = value

    def result(self) -> Any:
        return self._value


class _SerialEngine:
    in_flight = 1
    chunk_size = 1

    def __init__(self, published: Optional[str]) -> None:
        self.published = published

    def submit(self, chunk: list[Item]) -> _Done:
        return _Done(process_chunk(chunk, self.published))

    def recoverable(self, exc: BaseException) -> bool:
        return False

    def close(self, cancel: bool = False) -> None:
        pass


class _PoolEngine:
    """A process pool; ``fn(chunk, published)`` runs in the workers (module-level, picklable)."""

    def __init__(self, workers: int, published: Optional[str], chunk_size: int,
                 fn: Callable[[list[Item], Optional[str]], list[Outcome]] = None) -> None:
        import multiprocessing as mp

        method = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
        self.ctx = mp.get_context(method)
        if method == "forkserver":
            self.ctx.set_forkserver_preload(["pntd_extract.pipeline", "pntd_extract.runner"])
        self.workers = workers
        self.fn = fn or process_chunk
        self.published = published
        self.chunk_size = chunk_size
        self.in_flight = workers * 3
        self.restarts = 0
        self.pool = self._new_pool()

    def _new_pool(self):
        import concurrent.futures as cf

        return cf.ProcessPoolExecutor(max_workers=self.workers, mp_context=self.ctx,
                                      initializer=warm_up, initargs=(os.getpid(),))

    def submit(self, chunk: list[Item]):
        return self.pool.submit(self.fn, chunk, self.published)

    def recoverable(self, exc: BaseException) -> bool:
        """A worker died (crash, out of memory): the pool can be rebuilt."""
        return _is_broken_pool(exc) and self.restarts < MAX_RESTARTS

    def restart(self) -> None:
        self.restarts += 1
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._new_pool()

    def close(self, cancel: bool = False) -> None:
        self.pool.shutdown(wait=not cancel, cancel_futures=cancel)


#: address every service started by pntd-extract binds to (Dask LocalCluster scheduler,
#: workers and dashboard): loopback, never all interfaces
LOCAL_HOST = "127.0.0.1"

#: seconds a Dask run waits with no worker at all before giving up (RunnerError)
DASK_NO_WORKER_GRACE = 60.0
DASK_POLL = 2.0


class _DaskFuture:
    """A Dask future whose :meth:`result` waits in slices of ``poll`` seconds and raises
    :class:`RunnerError` when the cluster has had no worker for ``grace`` seconds (every
    worker died or left), instead of waiting forever."""

    def __init__(self, fut: Any, client: Any, grace: float = DASK_NO_WORKER_GRACE,
                 poll: float = DASK_POLL) -> None:
        self.fut, self.client, self.grace, self.poll = fut, client, grace, poll

    def result(self) -> Any:
        no_worker_since: Optional[float] = None
        while True:
            try:
                return self.fut.result(timeout=self.poll)
            except TimeoutError:
                pass
            try:
                n = sum(self.client.nthreads().values())
            except Exception:  # scheduler unreachable: counts as no worker
                n = 0
            now = time.monotonic()
            if n > 0:
                no_worker_since = None
            elif no_worker_since is None:
                no_worker_since = now
            elif now - no_worker_since >= self.grace:
                raise RunnerError(
                    f"no Dask worker left for {self.grace:.0f}s (all workers died or left the "
                    f"scheduler); the records so far are kept, rerun with --resume to continue")

    def cancel(self) -> None:
        self.fut.cancel()


class _DaskEngine:
    def __init__(self, workers: int, published: Optional[str], chunk_size: int,
                 scheduler: Optional[str], processes: bool) -> None:
        import logging

        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover
            raise UsageError(f"--engine dask needs dask[distributed]: {exc}", code="E510") from None
        self.cluster = None
        # quiet the scheduler/worker INFO chatter for the time of the run (restored on close)
        self._log = logging.getLogger("distributed")
        self._log_level = self._log.level
        self._log.setLevel(logging.ERROR)
        try:
            if scheduler:
                try:
                    self.client = Client(scheduler, timeout="30s")
                except OSError as exc:
                    raise UsageError(f"cannot reach the Dask scheduler at {scheduler}: {exc}", code="E511") from None
            else:
                # every local service on loopback only: scheduler, workers and dashboard are
                # not reachable from the network (a cluster runs whatever it is sent)
                where = {"host": LOCAL_HOST} if processes else {}  # threads: in-process transport
                self.cluster = LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=processes,
                    dashboard_address=f"{LOCAL_HOST}:0", silence_logs=logging.ERROR, **where,
                )
                self.client = Client(self.cluster)
            self.client.run(warm_up)  # models loaded once per worker
        except BaseException as exc:
            for obj in (getattr(self, "client", None), self.cluster):
                if obj is not None:
                    try:
                        obj.close()
                    except Exception:  # pragma: no cover
                        pass
            self._log.setLevel(self._log_level)
            if isinstance(exc, Exception) and not isinstance(exc, PntdError):
                from .errors import one_line

                where = f"the Dask scheduler at {scheduler}" if scheduler else "a local Dask cluster"
                raise RunnerError(f"cannot start {where}: {one_line(f'{type(exc).__name__}: {exc}', 200)}",
                                  code="E603") from None
            raise
        nthreads = sum(self.client.nthreads().values()) or 1
        self.published = published
        self.chunk_size = chunk_size
        self.in_flight = nthreads * 3

    def submit(self, chunk: list[Item]):
        return _DaskFuture(self.client.submit(process_chunk, chunk, self.published, pure=False), self.client)

    def recoverable(self, exc: BaseException) -> bool:
        return False  # Dask retries lost tasks itself (distributed.scheduler.allowed-failures)

    def close(self, cancel: bool = False) -> None:
        try:
            self.client.close()
        finally:
            try:
                if self.cluster is not None:
                    self.cluster.close()
            finally:
                self._log.setLevel(self._log_level)


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    it = iter(items)
    while True:
        chunk = list(itertools.islice(it, size))
        if not chunk:
            return
        yield chunk


def _died(item: Item, published: Optional[str] = None) -> Outcome:
    path = item.path if isinstance(item, ReadError) else item.meta.get("path")
    return item.key, None, {"key": item.key, "path": path, "line": _line_of(item.key, path),
                            "reason": "worker process died while extracting this article "
                                      "(crash or out of memory)",
                            "fingerprint": fingerprint(item, published), "code": "E602"}


def ordered_results(engine, chunks: Iterable[list[Item]]) -> Iterator[list[Outcome]]:
    """Submit ``chunks`` with at most ``engine.in_flight`` pending; yield results in order.

    When a worker process dies (``engine.recoverable``), every pending future is lost: the
    pool is rebuilt, the oldest chunk is re-run one article at a time (an article that kills
    a worker again becomes an error outcome), and the other chunks are resubmitted.
    """
    pending: deque = deque()

    def take() -> list[Outcome]:
        chunk, fut = pending.popleft()
        try:
            return fut.result()
        except Exception as exc:
            if not engine.recoverable(exc):
                raise
        engine.restart()
        out: list[Outcome] = []
        for item in chunk:
            try:
                out.extend(engine.submit([item]).result())
            except Exception as exc:
                if not engine.recoverable(exc):
                    raise
                engine.restart()
                out.append(_died(item, getattr(engine, "published", None)))
        rest = [c for c, _ in pending]
        pending.clear()
        for c in rest:
            pending.append((c, engine.submit(c)))
        return out

    try:
        for chunk in chunks:
            pending.append((chunk, engine.submit(chunk)))
            while len(pending) >= engine.in_flight:
                yield take()
        while pending:
            yield take()
    finally:
        for _, fut in pending:
            cancel = getattr(fut, "cancel", None)
            if cancel is not None:
                try:
                    cancel()
                except Exception:  # pragma: no cover
                    pass


# --------------------------------------------------------------------------- run

def run(
    inputs: Iterable[str],
    output: Union[str, Path],
    *,
    published: Optional[str] = None,
    encoding: Optional[str] = None,
    text_column: Optional[str] = None,
    workers: int = 1,
    resume: bool = False,
    engine: str = "local",
    scheduler: Optional[str] = None,
    errors_path: Union[str, Path, None] = None,
    chunk_size: Optional[int] = None,
    dask_processes: bool = True,
    on_progress: Optional[Callable[[int, int], None]] = None,
    on_error: Optional[Callable[[str], None]] = None,
    on_start: Optional[Callable[["RunResult"], None]] = None,
    on_notice: Optional[Callable[[str], None]] = None,
    max_bytes: Optional[int] = None,
    max_decompressed: Optional[int] = None,
    metadata: Union[str, Path, None] = None,
    overwrite: bool = True,
) -> RunResult:
    """Extract every article of ``inputs`` into the JSON Lines file ``output``.

    ``inputs``: files, directories (recursive) or ``-``; ``published``: ``YYYY-MM-DD`` used
    for documents without a date; ``encoding``/``text_column``: passed to the readers;
    ``workers``: processes (local) or LocalCluster workers (dask); ``engine``: ``local`` or
    ``dask``; ``scheduler``: Dask scheduler address (dask only); ``errors_path``: defaults
    to ``OUT.errors.jsonl`` beside ``output``; ``on_progress(records, errors)`` is called
    after each chunk (counts include recovered lines), ``on_error(line)`` once per failure,
    ``on_notice(line)`` once per input skipped on purpose (a CSV without the text column
    found in a directory). Returns a :class:`RunResult` (``res.empty`` when nothing at all
    was found). Ctrl-C / SIGTERM stop cleanly (``interrupted=True``, complete lines kept
    in the ``.part`` work files).

    ``resume=True``: the lines of the interrupted (or finished) run are reused for inputs
    whose :func:`fingerprint` is unchanged; changed inputs are extracted again and inputs
    no longer present are dropped, so the output equals an uninterrupted run over the
    current inputs (``n_skipped``/``n_redone``/``n_dropped`` count them).
    ``max_bytes`` / ``max_decompressed``: the readers' limits (bytes per record, and
    decompressed bytes per compressed file or stdin; see :mod:`pntd_extract.io.readers`).
    ``metadata``: a manifest (``.csv``/``.jsonl``) joined onto the inputs by file name or id,
    and ``NAME.json`` sidecars beside ``NAME.txt`` (see :mod:`pntd_extract.io.metadata`);
    ``overwrite=False`` refuses an existing ``output`` (code E410) unless ``resume``.
    Its problems (duplicate rows, bad dates, rows matching no input) go to ``on_notice``
    and are counted in ``res.n_metadata_problems``.
    Raises :class:`~pntd_extract.errors.UsageError` (a ``ValueError``) for bad options and
    :class:`~pntd_extract.errors.OutputError` for an output that is, or lies inside, an
    input, or that cannot be written.
    """
    from .io.readers import iter_documents

    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r} (expected one of {', '.join(ENGINES)})", code="E501")
    if workers < 1:
        raise UsageError(f"workers must be >= 1, got {workers}", code="E502")
    if scheduler and engine != "dask":
        raise UsageError("a scheduler address needs --engine dask", code="E503")
    if published is not None:
        import datetime as dt

        try:
            dt.date.fromisoformat(published)
        except ValueError:
            raise UsageError(f"published {published!r}: expected YYYY-MM-DD", code="E504") from None
    if encoding:
        from .io.decode import canonical_encoding

        try:
            canonical_encoding(encoding)  # naming the known encodings, before any work
        except ValueError as exc:
            raise UsageError(f"--encoding: {exc}", code="E506") from None
    output = Path(output)
    err_path = Path(errors_path) if errors_path else errors_path_for(output)
    if err_path.resolve() == output.resolve():
        raise OutputError("the errors file must differ from the output file", path=err_path, code="E405")
    inputs = list(inputs)
    for inp in inputs:
        if inp != "-" and os.path.realpath(inp) in {os.path.realpath(output), os.path.realpath(err_path)}:
            raise OutputError("is both an input and the output; choose another -o / --errors", path=inp, code="E406")
    refuse_inside_inputs([output, err_path], inputs)  # E407: never inside a walked input
    if not overwrite and not resume and output.exists():
        raise OutputError("exists; add --overwrite to replace it or --resume to continue it", path=output, code="E410")
    res = RunResult(output=output, errors_path=err_path)
    from .io.metadata import MetadataTable, apply_metadata, is_sidecar

    def meta_notice(line: str) -> None:
        res.n_metadata_problems += 1
        if on_notice:
            on_notice(line)

    table = MetadataTable.load(metadata, notice=meta_notice) if metadata else None

    out_j = Journal(output, resume=resume, key_of=record_key, fp_of=record_fingerprint)
    try:
        err_j = Journal(err_path, resume=resume, key_of=error_key, fp_of=error_fingerprint)
    except BaseException:
        out_j.close()
        raise
    done = out_j.done + err_j.done
    rec_fp, err_fp = out_j.fingerprints, err_j.fingerprints
    # input key -> "rec" / "err" (None while pending), in input order: the final files hold
    # exactly these lines, in this order (see Journal.commit(order=...))
    final: dict[str, Optional[str]] = {}
    own = {os.path.realpath(p) for p in (output, err_path, out_j.part, err_j.part)}
    if metadata:
        own.add(os.path.realpath(metadata))  # the manifest is not an article
    if on_start:
        on_start(res)

    def sources() -> Iterator[Item]:
        opts: dict[str, Any] = {}
        if text_column is not None:
            opts["text_column"] = text_column
        if max_bytes:
            opts["max_bytes"] = max_bytes
        if max_decompressed:
            opts["max_decompressed"] = max_decompressed

        def notice(line: str) -> None:
            res.n_notices += 1
            if on_notice:
                on_notice(line)

        opts["on_notice"] = notice
        opts["skip"] = lambda p: os.path.realpath(p) in own or is_sidecar(p)
        for it in iter_documents(inputs, encoding=encoding, **opts):
            path = it.path if isinstance(it, ReadError) else it.meta.get("path")
            if path and path != "<stdin>" and os.path.realpath(path) in own:
                continue  # never read our own output back (e.g. -o inside the input dir)
            if not isinstance(it, ReadError):
                apply_metadata(it, table, meta_notice)
            yield it
        if table is not None:
            for line in table.unmatched():
                meta_notice(line)

    def items() -> Iterator[Item]:
        src: Iterator[Item] = sources()
        if done:
            # records are in input order, so a resumed run meets done keys right away; if
            # none of the first inputs is done, the inputs are not those of the first run
            # (e.g. paths spelled differently): refuse rather than write duplicates
            head = list(itertools.islice(src, RESUME_PROBE))
            if head and not any(it.key in done for it in head):
                example = next(iter(done))
                raise UsageError(
                    f"--resume: none of the first {len(head)} inputs (e.g. {head[0].key!r}) is among the "
                    f"{sum(done.values())} already done (e.g. {example!r}); give the inputs exactly as "
                    f"in the interrupted run, or run without --resume", code="E505")
            src = itertools.chain(head, src)
        for it in src:
            key = it.key
            if done and (key in rec_fp or key in err_fp):
                fp = fingerprint(it, published)
                if rec_fp.get(key) == fp:
                    final[key] = "rec"
                    res.prev_records += 1
                    res.n_skipped += 1
                    continue
                if err_fp.get(key) == fp:
                    final[key] = "err"
                    res.prev_errors += 1
                    res.n_skipped += 1
                    continue
                res.n_redone += 1  # done before, changed since: extract again
            final[key] = None
            yield it

    eng = None
    t0 = time.perf_counter()
    old_term = _install_sigterm()
    try:
        if engine == "dask":
            eng = _DaskEngine(workers, published, chunk_size or 8, scheduler, dask_processes)
        elif workers > 1:
            eng = _PoolEngine(workers, published, chunk_size or 4)
        else:
            eng = _SerialEngine(published)
        for outcomes in ordered_results(eng, _chunks(items(), eng.chunk_size)):
            for key, line, _ in outcomes:
                final[key] = "rec" if line is not None else "err"
            recs = [line for _, line, _ in outcomes if line is not None]
            errs = [err for _, _, err in outcomes if err is not None]
            if recs:
                out_j.write_lines(recs)
                res.n_records += len(recs)
            if errs:
                err_j.write_lines(json.dumps(e, ensure_ascii=False) for e in errs)
                res.n_errors += len(errs)
                if on_error:
                    for e in errs:
                        on_error(error_message(e))
            if on_progress:
                on_progress(res.total_records, res.total_errors)
    except KeyboardInterrupt:
        res.interrupted = True
    except Exception as exc:
        if isinstance(exc, RunnerError):
            out_j.close()
            err_j.close()
            raise
        if _is_broken_pool(exc):
            out_j.close()
            err_j.close()
            raise RunnerError(
                f"a worker process died ({type(exc).__name__}); {res.total_records} records kept in "
                f"{out_j.part}, rerun with --resume to continue") from None
        out_j.close()
        err_j.close()
        raise
    finally:
        if eng is not None:
            try:
                eng.close(cancel=res.interrupted)
            except Exception:  # pragma: no cover - shutting down after an interrupt
                pass
        _restore_sigterm(old_term)
        res.seconds = time.perf_counter() - t0
    if res.interrupted:
        out_j.close()
        err_j.close()
        return res
    try:
        if done:
            # a resumed run: the files get exactly the lines of the current inputs, in input
            # order (stale lines of changed inputs and lines of vanished inputs left out)
            res.n_dropped = sum(1 for k in set(rec_fp) | set(err_fp) if k not in final)
            out_j.commit(order=(k for k, v in final.items() if v == "rec"))
            res.errors_written = err_j.commit(drop_if_empty=True, order=(k for k, v in final.items() if v == "err"))
        else:
            out_j.commit()
            res.errors_written = err_j.commit(drop_if_empty=True)
    except OutputError:  # e.g. disk full during the final reorder: work files kept for --resume
        out_j.close()
        err_j.close()
        raise
    return res


def _is_broken_pool(exc: BaseException) -> bool:
    try:
        from concurrent.futures.process import BrokenProcessPool
    except ImportError:  # pragma: no cover
        return False
    return isinstance(exc, BrokenProcessPool)


def _on_sigterm(signum, frame):  # pragma: no cover - exercised by signals
    raise KeyboardInterrupt


def _install_sigterm():
    try:
        return signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread
        return None


def _restore_sigterm(old) -> None:
    if old is not None:
        try:
            signal.signal(signal.SIGTERM, old)
        except ValueError:  # pragma: no cover
            pass
