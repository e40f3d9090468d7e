"""Atomic, crash-safe, resumable JSON Lines output.

A :class:`Journal` writes one file ``OUT`` through a sibling work file ``OUT.part`` (same
directory, so the final :func:`os.replace` is atomic):

* every write is a whole number of complete lines, issued with ``os.write`` on an
  unbuffered descriptor (no Python buffer to lose on ``kill -9``), and the file is
  ``fsync``-ed at least every :data:`SYNC_SECONDS` and on close;
* :meth:`Journal.commit` fsyncs and renames ``OUT.part`` over ``OUT``: readers of ``OUT``
  only ever see the previous complete file or the new complete file, never a half record;
* with ``resume=True`` an existing ``OUT.part`` (an interrupted run) is recovered: a partial
  or unparsable trailing line is truncated away, and the input keys of the complete lines
  are counted in :attr:`Journal.done` so the runner can skip them. When only ``OUT``
  exists (a finished run), it is copied to ``OUT.part`` and continued;
* without ``resume`` the work file starts empty and ``OUT`` is untouched until commit;
* the work file is locked (``flock``) so two runs cannot write the same output.

Keys: ``key_of(obj)`` returns the input key of one parsed JSON line (for KB records
``obj["article"]["input_key"]``, for error lines ``obj["key"]``).

Example::

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> j = Journal(d / "kb.jsonl", key_of=lambda o: o["key"])
    >>> j.write_lines(['{"key": "bai-1.txt", "title": "Hội LHPN phường trao quà"}'])
    >>> j.commit()
    True
    >>> (d / "kb.jsonl").read_text(encoding="utf-8").count("\\n")
    1

Errors: :class:`OutputError` (one line, naming the file) for an output that is a
directory, locked by another run, or not writable, and for a write that fails (E408 disk
full, E409 other): the work file is cut back to its last complete line, a half-written
reorder copy (``OUT.part.tmp``) or resume copy (``OUT.part.copy``) is removed, ``OUT`` is
never touched, and ``--resume`` continues exactly once there is room.
"""
from __future__ import annotations

import json
import os
import shutil
import time
from collections import Counter
from pathlib import Path
from typing import Callable, Iterable, Optional

from ..errors import safe_text

try:  # POSIX advisory locks; absent on Windows
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "Journal", "OutputError", "part_path", "errors_path_for", "record_key", "error_key",
    "record_fingerprint", "error_fingerprint",
    "recover", "SYNC_SECONDS", "refuse_inside_inputs", "work_files",
]

SYNC_SECONDS = 1.0
_CHUNK = 1 << 20


from ..errors import OutputError  # noqa: E402  (re-exported: an output path that cannot be used)


def part_path(path: Path) -> Path:
    """The work file of ``path``: ``OUT.jsonl`` -> ``OUT.jsonl.part`` (same directory)."""
    return path.with_name(path.name + ".part")


def work_files(path: Path) -> list[Path]:
    """Every file a :class:`Journal` for ``path`` may create: ``OUT``, ``OUT.part``,
    ``OUT.part.tmp`` (resume's reorder) and ``OUT.part.copy`` (resume of a finished run)."""
    part = part_path(Path(path))
    return [Path(path), part, part.with_name(part.name + ".tmp"), part.with_name(part.name + ".copy")]


def refuse_inside_inputs(outputs: Iterable[Path], inputs: Iterable[str]) -> None:
    """Raise :class:`OutputError` (E407) when an output file (or one of its work files) is
    an input or lies inside an input directory: the run would read back, skip or overwrite
    an article. ``-`` (stdin) is not a path. Symbolic links are resolved on both sides.

    >>> import tempfile
    >>> bai = tempfile.mkdtemp()  # a directory of articles
    >>> refuse_inside_inputs([Path(tempfile.mkdtemp()) / "kb.jsonl"], [bai])
    >>> refuse_inside_inputs([Path(bai) / "kb.jsonl"], [bai])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    pntd_extract.errors.OutputError: ...kb.jsonl: lies inside the input directory ... [E407]
    """
    roots = []
    for inp in inputs:
        if inp == "-":
            continue
        try:
            roots.append((inp, os.path.realpath(inp), os.path.isdir(inp)))
        except (OSError, ValueError):
            continue
    for out in outputs:
        for f in work_files(Path(out)):
            ro = os.path.realpath(f)
            for inp, ri, is_dir in roots:
                if ro == ri:
                    raise OutputError(f"is also an input ({safe_text(inp)}): the run would overwrite it; "
                                      f"write the output elsewhere", path=f, code="E407")
                if is_dir and ro.startswith(ri.rstrip(os.sep) + os.sep):
                    raise OutputError(f"lies inside the input directory {safe_text(inp)}: the run would read "
                                      f"or overwrite its own files; write the output outside it",
                                      path=f, code="E407")


def errors_path_for(output: Path) -> Path:
    """Default errors file next to the output: ``kb.jsonl`` -> ``kb.errors.jsonl``."""
    name = output.name
    stem = name[: -len(".jsonl")] if name.endswith(".jsonl") else name
    return output.with_name(stem + ".errors.jsonl")


def record_key(obj: dict) -> Optional[str]:
    """Input key of a KB record line (``article.input_key``), or None."""
    art = obj.get("article") if isinstance(obj, dict) else None
    return art.get("input_key") if isinstance(art, dict) else None


def error_key(obj: dict) -> Optional[str]:
    """Input key of an error line (``key``), or None."""
    return obj.get("key") if isinstance(obj, dict) else None


def record_fingerprint(obj: dict) -> Optional[str]:
    """Input fingerprint of a KB record line (``article.input_fingerprint``), or None."""
    art = obj.get("article") if isinstance(obj, dict) else None
    return art.get("input_fingerprint") if isinstance(art, dict) else None


def error_fingerprint(obj: dict) -> Optional[str]:
    """Input fingerprint of an error line (``fingerprint``), or None."""
    return obj.get("fingerprint") if isinstance(obj, dict) else None


def recover(fd: int, key_of: Callable[[dict], Optional[str]],
            on_line: Optional[Callable[[str, dict, int, int], None]] = None) -> tuple[int, Counter]:
    """Scan the open file ``fd`` from its start; return ``(good_bytes, keys)``.

    ``good_bytes`` is the length of the longest prefix made of complete lines that parse as
    JSON objects (the rest -- a partial line left by a killed writer, or garbage -- is to be
    truncated); ``keys`` counts ``key_of`` of those lines (lines without a key are kept but
    not counted). Blank lines are kept as good. ``on_line(key, obj, offset, length)`` is
    called for each complete keyed line (``offset``/``length`` in bytes, newline included).
    """
    keys: Counter = Counter()
    good = 0
    pos = 0
    buf = b""
    os.lseek(fd, 0, os.SEEK_SET)
    while True:
        data = os.read(fd, _CHUNK)
        if not data:
            break
        buf += data
        start = 0
        while True:
            nl = buf.find(b"\n", start)
            if nl < 0:
                break
            line = buf[start:nl]
            if line.strip():
                try:
                    obj = json.loads(line)
                except ValueError:
                    return good, keys
                if not isinstance(obj, dict):
                    return good, keys
                k = key_of(obj)
                if k is not None:
                    keys[k] += 1
                    if on_line is not None:
                        on_line(k, obj, pos, nl + 1 - start)
            pos += nl + 1 - start
            good = pos
            start = nl + 1
        buf = buf[start:]
    return good, keys


class Journal:
    """Crash-safe line writer for ``path`` through ``path.part`` (see the module docstring).

    ``resume``: continue an interrupted (or finished) run instead of starting empty.
    ``key_of``: input key of a parsed line (used only when resuming); ``fp_of``: input
    fingerprint of a parsed line (used only when resuming).
    Attributes: ``done`` (Counter of keys already written), ``fingerprints`` (key ->
    fingerprint of its last line, None when the line has none), ``existing`` (lines
    recovered), ``truncated`` (bytes dropped from a partial tail).
    Raises :class:`OutputError`.
    """

    def __init__(self, path: Path, *, resume: bool = False,
                 key_of: Callable[[dict], Optional[str]] = record_key,
                 fp_of: Optional[Callable[[dict], Optional[str]]] = None) -> None:
        self.path = Path(path)
        self.key_of = key_of
        self.fingerprints: dict[str, Optional[str]] = {}
        self.part = part_path(self.path)
        self.done: Counter = Counter()
        self.existing = 0
        self.truncated = 0
        self.n_written = 0
        self._last_sync = time.monotonic()
        self._dirty = False
        if self.path.is_dir():
            raise OutputError("is a directory, expected a file name", path=self.path, code="E402")
        if self.part.is_dir():
            raise OutputError("is a directory", path=self.part, code="E402")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if resume and not self.part.exists() and self.path.is_file():
                # continue a finished run: copy (not move) so OUT stays whole if we die now
                tmp = self.part.with_name(self.part.name + ".copy")
                try:
                    shutil.copyfile(self.path, tmp)
                    os.replace(tmp, self.part)
                except OSError as exc:
                    _unlink(tmp)
                    raise write_error(tmp, exc, f"{safe_text(self.path)} is intact") from None
            self.fd = os.open(self.part, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise OutputError(f"cannot open for writing: {exc.strerror or exc}", path=self.part, code="E403") from None
        try:
            self._lock()
            if resume:
                fps = self.fingerprints

                def note(k: str, obj: dict, off: int, length: int) -> None:
                    fps[k] = fp_of(obj) if fp_of is not None else None

                good, keys = recover(self.fd, key_of, note)
                size = os.fstat(self.fd).st_size
                if good < size:
                    os.ftruncate(self.fd, good)
                    self.truncated = size - good
                self.done = keys
                self.existing = sum(keys.values())
            else:
                os.ftruncate(self.fd, 0)
            os.lseek(self.fd, 0, os.SEEK_END)
            if resume and self.truncated:
                os.fsync(self.fd)
        except BaseException:
            os.close(self.fd)
            raise

    def _lock(self) -> None:
        if fcntl is None:  # pragma: no cover
            return
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise OutputError(f"another run is writing this output ({safe_text(self.part)} is locked)", path=self.path, code="E404") from None

    def write_lines(self, lines: Iterable[str]) -> None:
        """Append complete lines (each without its newline) in one ``os.write`` batch."""
        data = "".join(line + "\n" for line in lines).encode("utf-8")
        if not data:
            return
        start = os.lseek(self.fd, 0, os.SEEK_END)
        view = memoryview(data)
        try:
            while view:
                n = os.write(self.fd, view)
                view = view[n:]
        except OSError as exc:
            # never leave half a line behind: cut back to the last complete line
            try:
                os.ftruncate(self.fd, start)
            except OSError:  # pragma: no cover
                pass
            raise write_error(self.part, exc, f"{self.n_written + self.existing} complete lines kept in "
                              f"{safe_text(self.part)}; free space and rerun with --resume") from None
        self.n_written += data.count(b"\n")
        self._dirty = True
        if time.monotonic() - self._last_sync >= SYNC_SECONDS:
            self.sync()

    def sync(self) -> None:
        """``fsync`` the work file (no-op when nothing was written since the last sync)."""
        if self._dirty:
            try:
                os.fsync(self.fd)
            except OSError as exc:
                raise write_error(self.part, exc, "rerun with --resume once the disk has room") from None
            self._dirty = False
        self._last_sync = time.monotonic()

    @property
    def empty(self) -> bool:
        return os.fstat(self.fd).st_size == 0

    def close(self) -> None:
        """Sync and close, keeping ``OUT.part`` for a later ``--resume``."""
        if self.fd < 0:
            return
        try:
            self.sync()
        except OutputError:
            pass  # closing after a failure: the complete lines already written stay
        finally:
            os.close(self.fd)
            self.fd = -1

    def commit(self, *, drop_if_empty: bool = False, order: Optional[Iterable[str]] = None) -> bool:
        """Sync, then atomically replace ``OUT`` by the work file. With ``drop_if_empty`` an
        empty result removes both files instead (no stale errors file). With ``order`` (input
        keys), ``OUT`` gets exactly one line per key, in that order -- the last line written
        for the key -- and every other line (stale or dropped inputs, unkeyed lines) is left
        out; the work file stays intact until the rename. Returns whether ``OUT`` exists
        afterwards."""
        self.sync()
        if order is not None:
            self._reorder(list(order))
        empty = self.empty
        self.sync()
        try:
            if drop_if_empty and empty:
                os.unlink(self.part)
                if self.path.is_file():
                    os.unlink(self.path)
                return False
            try:
                os.replace(self.part, self.path)
            except OSError as exc:
                raise write_error(self.path, exc, f"records kept in {safe_text(self.part)}; rerun with --resume") \
                    from None
        finally:
            os.close(self.fd)
            self.fd = -1
        _fsync_dir(self.path.parent)
        return True

    def _reorder(self, order: list[str]) -> None:
        """Replace the work file's content by the last line of each key of ``order``, in
        that order (written to ``PART.tmp``, fsynced, renamed over ``PART``)."""
        index: dict[str, tuple[int, int]] = {}

        def note(k: str, obj: dict, off: int, length: int) -> None:
            index[k] = (off, length)

        recover(self.fd, self.key_of, note)
        tmp = self.part.with_name(self.part.name + ".tmp")
        try:
            out = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        except OSError as exc:
            raise write_error(tmp, exc, "the previous output is intact; rerun with --resume") from None
        try:
            for k in order:
                where = index.get(k)
                if where is None:
                    continue
                data = os.pread(self.fd, where[1], where[0])
                view = memoryview(data)
                while view:
                    n = os.write(out, view)
                    view = view[n:]
            os.fsync(out)
            os.close(out)
            out = -1
            os.replace(tmp, self.part)
        except OSError as exc:
            # the work file and OUT are untouched: drop the half-written copy, keep both
            if out >= 0:
                os.close(out)
            _unlink(tmp)
            raise write_error(tmp, exc, f"while putting the records in input order; {safe_text(self.path)} and "
                              f"{safe_text(self.part)} are intact, free space and rerun with --resume") from None
        os.close(self.fd)  # the lock goes with the old inode: take it again on the new one
        self.fd = os.open(self.part, os.O_RDWR)
        try:
            self._lock()
        except OutputError:  # pragma: no cover - another run opened the part file meanwhile
            pass
        os.lseek(self.fd, 0, os.SEEK_END)

    def __del__(self) -> None:  # pragma: no cover - safety net
        if getattr(self, "fd", -1) >= 0:
            try:
                os.close(self.fd)
            except OSError:
                pass


def write_error(path: Path, exc: OSError, then: str) -> OutputError:
    """The one-line :class:`OutputError` for a failed write: E408 for a full disk or quota
    (``ENOSPC``, ``EDQUOT``), E409 otherwise; ``then`` says what was kept and what to do."""
    import errno

    full = exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1), errno.EFBIG)
    what = "disk full" if full else f"cannot write ({exc.strerror or exc})"
    return OutputError(f"{what}: {then}", path=path, code="E408" if full else "E409")


def _unlink(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)
