"""Delivery: durable positions, outages, resends absorbed by the key, dead letters."""

from __future__ import annotations

import json
import stat
import threading
import time
from pathlib import Path

from export_support import other_session, record
from receivers import Webhook
from test_ocsf import export_all

from bastion.export.config import ExportConfig, SinkConfig
from bastion.export.delivery import Worker
from bastion.export.sinks import make_sink
from bastion.store import Store, export_positions
from bastion.store.export_log import last_seq

SECRET = "fake-webhook-" + "secret"


def hook_worker(store: Store, hook: Webhook, tmp_path: Path, name: str = "hook", **conf) -> Worker:
    secret_file = tmp_path / "secret"
    secret_file.write_text(SECRET)
    sink = SinkConfig(name, "webhook", {"url": hook.url, "secret_file": str(secret_file)})
    config = ExportConfig(sinks=[sink], backoff_seconds=0.01, poll_seconds=0.02, **conf)
    return Worker(store.engine, make_sink(sink), config, tmp_path / f"{name}.dead.jsonl")


def wait_until(check, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_positions_survive_a_restart_on_both_backends(recorded_any: Store, tmp_path: Path) -> None:
    hook = Webhook(SECRET.encode())
    try:
        w = hook_worker(recorded_any, hook, tmp_path, batch=5)
        w.step()
        w.step()
        w.close()
        first = export_positions.get(recorded_any.engine, "hook")
        assert first.delivered == 10
        # A new process (a new worker) goes on from the stored position: no event twice.
        w2 = hook_worker(recorded_any, hook, tmp_path, batch=5)
        w2.drain()
        w2.close()
        keys = hook.uids()
        assert keys == [e["metadata"]["uid"] for e in export_all(recorded_any)]
        with recorded_any.engine.connect() as conn:
            head = last_seq(conn)
        assert export_positions.get(recorded_any.engine, "hook").seq == head
    finally:
        hook.close()


def test_an_outage_loses_nothing_and_resends_only_what_the_key_absorbs(
    recorded: Store, tmp_path: Path
) -> None:
    hook = Webhook(SECRET.encode())
    w = hook_worker(recorded, hook, tmp_path, batch=4, max_attempts=3)
    thread = threading.Thread(target=w.run, daemon=True)
    try:
        hook.down = True  # the receiver answers 503 from the start
        thread.start()
        wait_until(lambda: hook.requests >= 5)
        # Meanwhile the agent goes on: the log keeps growing during the outage.
        record(recorded, other_session("oth-2"))
        assert hook.events == []
        assert "HTTP 503" in export_positions.get(recorded.engine, "hook").last_error
        # One delivery is accepted but its answer is lost (the receiver stores, then fails):
        # the worker must send it again.
        original = hook.handle
        lost = {"done": False}

        def accept_then_fail(path, headers, body):  # type: ignore[no-untyped-def]
            code, out = original(path, headers, body)
            if not lost["done"]:
                lost["done"] = True
                return 503, b"{}"
            return code, out

        hook.handle = accept_then_fail  # type: ignore[method-assign]
        hook.down = False
        with recorded.engine.connect() as conn:
            head = last_seq(conn)
        wait_until(lambda: export_positions.get(recorded.engine, "hook").seq == head)
    finally:
        w.stop.set()
        thread.join(10)
        w.close()
        hook.close()
    expected = [e["metadata"]["uid"] for e in export_all(recorded)]
    keys = hook.uids()
    assert set(keys) == set(expected)  # nothing lost
    assert list(dict.fromkeys(keys)) == expected  # in log order once duplicates are dropped
    duplicates = len(keys) - len(set(keys))
    assert 0 < duplicates <= 4 * 10  # only the resent batch (4 entries, their events)
    assert not (tmp_path / "hook.dead.jsonl").exists()


def test_an_entry_the_receiver_refuses_is_dead_lettered_alone(
    recorded: Store, tmp_path: Path
) -> None:
    hook = Webhook(SECRET.encode())
    upload = next(
        e
        for e in recorded.events("inc-1")
        if e["decision"] == "deny" and "telemetry" in json.dumps(e["data"])
    )
    hook.refuse_marker = upload["id"]  # 422 for any batch holding that event
    try:
        w = hook_worker(recorded, hook, tmp_path, batch=8)
        w.drain()
        w.close()
    finally:
        hook.close()
    dead_file = tmp_path / "hook.dead.jsonl"
    lines = [json.loads(x) for x in dead_file.read_text().splitlines()]
    assert [x["seq"] for x in lines] == [upload["seq"]]
    assert "HTTP 422" in lines[0]["error"] and lines[0]["entry"].startswith('{"alerts":')
    assert stat.S_IMODE(dead_file.stat().st_mode) == 0o600
    delivered = {k.split(":")[0] for k in hook.uids()}
    everything = {e["metadata"]["uid"].split(":")[0] for e in export_all(recorded)}
    assert everything - delivered == {lines[0]["key"]}
    pos = export_positions.get(recorded.engine, "hook")
    assert pos.dead_lettered == 1 and pos.delivered == len(everything) - 1


def test_a_dead_sink_does_not_hold_up_another(recorded: Store, tmp_path: Path) -> None:
    dead = Webhook(SECRET.encode())
    alive = Webhook(SECRET.encode())
    dead.down = True
    w_dead = hook_worker(recorded, dead, tmp_path, name="dead")
    w_alive = hook_worker(recorded, alive, tmp_path, name="alive")
    threads = [threading.Thread(target=w.run, daemon=True) for w in (w_dead, w_alive)]
    for t in threads:
        t.start()
    try:
        with recorded.engine.connect() as conn:
            head = last_seq(conn)
        wait_until(lambda: export_positions.get(recorded.engine, "alive").seq == head)
        assert export_positions.get(recorded.engine, "dead").seq == 0
    finally:
        for w in (w_dead, w_alive):
            w.stop.set()
        for t in threads:
            t.join(10)
        for w in (w_dead, w_alive):
            w.close()
        dead.close()
        alive.close()


def test_the_collector_is_paused_only_while_a_batch_is_formatted(
    recorded: Store, tmp_path: Path
) -> None:
    """The worker turns cyclic collection off while it reads and formats a batch (a
    quarter of its CPU went there) and back on after, even when formatting raises; a
    collector that was off before stays off."""
    import gc

    from bastion.export.sinks.base import Sink

    seen: list[bool] = []

    class Probe(Sink):
        pipelined = True

        def __init__(self, fail: bool = False) -> None:
            self.name = "probe-fail" if fail else "probe"
            self.fail = fail

        def prepare(self, items, book):  # type: ignore[no-untyped-def]
            seen.append(gc.isenabled())
            if self.fail:
                raise RuntimeError("a sink bug while formatting")
            return len(items)

        def deliver(self, payload) -> None:  # type: ignore[no-untyped-def]
            return None

    assert gc.isenabled()
    w = Worker(recorded.engine, Probe(), ExportConfig(batch=7), tmp_path / "p.dead")
    moved = w.drain()
    w.close()
    assert moved > 7 and len(seen) > 1  # several batches
    assert not any(seen)  # off for every batch formatted
    assert gc.isenabled()

    broken = Worker(recorded.engine, Probe(fail=True), ExportConfig(batch=7), tmp_path / "f.dead")
    try:
        broken.drain()
    except RuntimeError:
        pass
    else:
        raise AssertionError("the sink's error must reach the caller")
    finally:
        broken.close()
    assert gc.isenabled()

    gc.disable()
    try:
        seen.clear()
        export_positions.reset(recorded.engine, "probe")
        w = Worker(recorded.engine, Probe(), ExportConfig(batch=7), tmp_path / "p.dead")
        w.drain()
        w.close()
        assert not gc.isenabled()
    finally:
        gc.enable()
