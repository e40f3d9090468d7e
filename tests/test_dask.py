"""`--engine dask`: the same records through dask.distributed on a LocalCluster."""
from __future__ import annotations

import pytest

from batch_samples import write_jsonl
from pntd_extract.runner import run

pytest.importorskip("dask.distributed", reason="dask[distributed] is a declared dependency")


def test_dask_local_cluster_gives_identical_records_and_errors(tmp_path):
    inp = write_jsonl(tmp_path / "in.jsonl", 12, bad_lines=(4,))
    ref = tmp_path / "ref.jsonl"
    assert run([str(inp)], ref).n_errors == 1
    out = tmp_path / "dask.jsonl"
    seen: list[str] = []
    res = run([str(inp)], out, engine="dask", workers=2, chunk_size=3, on_error=seen.append)
    assert (res.n_records, res.n_errors) == (12, 1)
    assert out.read_bytes() == ref.read_bytes()
    assert (tmp_path / "dask.errors.jsonl").read_bytes() == (tmp_path / "ref.errors.jsonl").read_bytes()
    assert len(seen) == 1 and seen[0].startswith(f"{inp}:4: ")


def test_dask_resume_skips_done_inputs(tmp_path):
    inp = write_jsonl(tmp_path / "in.jsonl", 6)
    ref = tmp_path / "ref.jsonl"
    run([str(inp)], ref)
    out = tmp_path / "kb.jsonl"
    lines = ref.read_bytes().splitlines(keepends=True)
    (tmp_path / "kb.jsonl.part").write_bytes(b"".join(lines[:2]))
    res = run([str(inp)], out, engine="dask", workers=1, dask_processes=False, resume=True)
    assert res.n_skipped == 2 and res.n_records == 4
    assert out.read_bytes() == ref.read_bytes()


def test_scheduler_needs_dask_engine(tmp_path):
    with pytest.raises(ValueError, match="engine dask"):
        run([str(tmp_path)], tmp_path / "kb.jsonl", scheduler="tcp://127.0.0.1:1")


def test_dask_wait_is_bounded_when_every_worker_is_gone():
    import logging

    from dask.distributed import Client, LocalCluster

    from pntd_extract.runner import RunnerError, _DaskFuture

    cluster = LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0",
                           silence_logs=logging.ERROR)
    client = Client(cluster)
    try:
        cluster.scale(0)
        for _ in range(200):  # the worker leaves within a few hundred ms
            if not client.nthreads():
                break
            client.sync(client.scheduler.identity)  # let the scheduler catch up
        fut = _DaskFuture(client.submit(sum, [1, 2], pure=False), client, grace=0.5, poll=0.2)
        with pytest.raises(RunnerError, match="no Dask worker left"):
            fut.result()
        fut.cancel()
    finally:
        client.close()
        cluster.close()


def test_local_cluster_binds_only_to_loopback():
    """Issue 17: the dashboard listened on 0.0.0.0. Scheduler, worker and dashboard of the
    LocalCluster that --engine dask starts are on 127.0.0.1 only."""
    from urllib.parse import urlparse

    from pntd_extract.runner import LOCAL_HOST, _DaskEngine

    eng = _DaskEngine(1, None, 2, None, processes=True)
    try:
        sched = eng.cluster.scheduler
        assert urlparse(eng.cluster.scheduler_address).hostname == LOCAL_HOST == "127.0.0.1"
        workers = list(eng.client.scheduler_info()["workers"])
        assert workers and all(urlparse(w).hostname == LOCAL_HOST for w in workers), workers
        socks = list(sched.http_server._sockets.values())  # the dashboard's listening sockets
        assert socks and all(sock.getsockname()[0] == LOCAL_HOST for sock in socks)
        assert urlparse(eng.cluster.dashboard_link).hostname in (LOCAL_HOST, None)
    finally:
        eng.close()


def test_a_cluster_that_cannot_start_is_one_coded_error(tmp_path, monkeypatch):
    import dask.distributed as dd

    from pntd_extract.runner import RunnerError

    def broken(*a, **k):
        raise RuntimeError("Cluster failed to start: port in use")

    monkeypatch.setattr(dd, "LocalCluster", broken)
    (tmp_path / "a.txt").write_text("Tin\n\nNgày 9/1, Hội trao quà.", encoding="utf-8")
    with pytest.raises(RunnerError, match=r"cannot start a local Dask cluster: RuntimeError.*\[E603\]"):
        run([str(tmp_path / "a.txt")], tmp_path / "o" / "kb.jsonl", engine="dask")
