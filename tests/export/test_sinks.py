"""Each HTTP sink delivers the whole record to a receiver speaking its protocol on loopback."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from receivers import OtlpHttp, SentinelStandIn, SplunkHec, Webhook
from test_ocsf import export_all

from bastion.export.config import ExportConfig, ExportConfigError, SinkConfig
from bastion.export.delivery import Worker
from bastion.export.sinks import make_sink
from bastion.store import Store, export_positions

# Obviously fake credentials, built so no scanner mistakes them for real ones.
HEC_TOKEN = "fake-hec-" + "0000-1111"
HOOK_SECRET = "fake-webhook-" + "secret"
CLIENT_SECRET = "fake-client-" + "secret"


def worker(store: Store, sink_conf: SinkConfig, tmp_path: Path, **conf: Any) -> Worker:
    config = ExportConfig(sinks=[sink_conf], backoff_seconds=0.01, **conf)
    return Worker(store.engine, make_sink(sink_conf), config, tmp_path / "dead.jsonl")


@pytest.fixture
def hec() -> Iterator[SplunkHec]:
    r = SplunkHec(HEC_TOKEN)
    yield r
    r.close()


@pytest.mark.parametrize("window", [1, 4])
def test_splunk_hec_batches_with_indexer_acknowledgement(
    recorded: Store,
    hec: SplunkHec,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    window: int,
) -> None:
    monkeypatch.setenv("TEST_HEC_TOKEN", HEC_TOKEN)
    conf = SinkConfig(
        "splunk",
        "splunk_hec",
        {
            "url": hec.url,
            "token_env": "TEST_HEC_TOKEN",
            "ack_poll_seconds": 0.01,
            "index": "x",
            "window": window,
        },
    )
    w = worker(recorded, conf, tmp_path, batch=10)
    if window == 1:
        moved = w.drain()
    else:
        # The indexers hold every ack until `window` batches are waiting side by side.
        hec.hold_acks = True
        result: list[int] = []
        drained = threading.Thread(target=lambda: result.append(w.drain()), daemon=True)
        drained.start()
        deadline = time.monotonic() + 30
        while hec.next_ack < window:
            assert time.monotonic() < deadline, f"only {hec.next_ack} batches in flight"
            time.sleep(0.01)
        time.sleep(0.1)  # a fifth batch would be posted now if the window allowed it
        assert hec.next_ack == window
        hec.hold_acks = False
        drained.join(30)
        moved = result[0]
    w.close()
    expected = [e["metadata"]["uid"] for e in export_all(recorded)]
    assert moved == recorded.count_events()
    if window == 1:
        assert hec.uids() == expected  # all, in log order, once
        assert hec.most_pending == 1
    else:
        # Batches wait on their acks side by side and are indexed in any order:
        # every event still arrives exactly once.
        assert sorted(hec.uids()) == sorted(expected) and len(set(hec.uids())) == len(expected)
        assert hec.most_pending == window
    assert len(hec.channels) == 1 and hec.next_ack == -(-moved // 10)  # batches of 10
    assert all(n >= 2 for n in hec.polls.values())  # waited for the indexers
    pos = export_positions.get(recorded.engine, "splunk")
    assert pos.seq == max(e["metadata"]["sequence"] for e in export_all(recorded))
    assert pos.delivered == moved and pos.dead_lettered == 0


def test_a_window_moves_positions_in_log_order_whatever_lands_first(
    recorded: Store, tmp_path: Path
) -> None:
    """Later batches finish before the first one: the position waits for the first."""
    from bastion.export.sinks.base import Sink

    release_first = threading.Event()
    calls: list[int] = []

    class SlowFirst(Sink):
        name = "slow-first"
        pipelined = True
        window = 3

        def deliver(self, payload: Any) -> None:
            first = payload[0].seq
            calls.append(first)
            if len(calls) == 1:
                assert release_first.wait(10)

    sink_conf = SinkConfig("slow-first", "webhook", {"url": "http://127.0.0.1:9"})
    config = ExportConfig(sinks=[sink_conf], batch=5, backoff_seconds=0.01)
    w = Worker(recorded.engine, SlowFirst(), config, tmp_path / "dead.jsonl")
    moves: list[int] = []
    original = w._moved

    def spy(items, delivered, dead):  # type: ignore[no-untyped-def]
        moves.append(items[-1].seq)
        original(items, delivered, dead)

    w._moved = spy  # type: ignore[method-assign]
    drained = threading.Thread(target=w.drain, daemon=True)
    drained.start()
    deadline = time.monotonic() + 10
    while len(calls) < 3:  # three batches in flight, the first one held
        assert time.monotonic() < deadline, f"window never filled: {calls}"
        time.sleep(0.01)
    assert moves == []  # nothing moves past the held first batch
    release_first.set()
    drained.join(10)
    w.close()
    assert moves == sorted(moves) and len(moves) == -(-recorded.count_events() // 5)
    assert export_positions.get(recorded.engine, "slow-first").delivered == (
        recorded.count_events()
    )


def test_a_wrong_token_holds_the_position_and_never_shows_the_token(
    recorded: Store, hec: SplunkHec, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    secret_file = tmp_path / "hec-token"
    secret_file.write_text("fake-wrong-" + "token\n")
    conf = SinkConfig("splunk", "splunk_hec", {"url": hec.url, "token_file": str(secret_file)})
    w = worker(recorded, conf, tmp_path, max_attempts=2)
    sleeps: list[float] = []

    def stop_after_three(seconds: float) -> None:
        sleeps.append(seconds)
        if len(sleeps) >= 3:
            w.stop.set()

    w.sleep = stop_after_three
    with caplog.at_level(logging.WARNING, logger="bastion.export"):
        w.run()
    w.close()
    assert sleeps == [0.01, 0.02, 0.04]  # exponential backoff
    pos = export_positions.get(recorded.engine, "splunk")
    assert pos.seq == 0 and "HTTP 401" in pos.last_error
    assert not (tmp_path / "dead.jsonl").exists()  # a configuration error dead-letters nothing
    assert "fake-wrong-token" not in caplog.text + pos.last_error
    assert hec.events == []


def test_secrets_in_clear_in_the_config_are_refused(tmp_path: Path) -> None:
    conf = SinkConfig("s", "splunk_hec", {"url": "http://x", "token": "fake-" + "clear"})
    with pytest.raises(ExportConfigError, match="token_file") as info:
        make_sink(conf)
    assert "fake-clear" not in str(info.value)


def test_webhook_requests_are_signed(recorded: Store, tmp_path: Path) -> None:
    hook = Webhook(HOOK_SECRET.encode())
    secret_file = tmp_path / "hook-secret"
    secret_file.write_text(HOOK_SECRET)
    try:
        conf = SinkConfig("hook", "webhook", {"url": hook.url, "secret_file": str(secret_file)})
        w = worker(recorded, conf, tmp_path, batch=25)
        w.drain()
        w.close()
        assert hook.bad_signatures == 0
        assert hook.uids() == [e["metadata"]["uid"] for e in export_all(recorded)]
        # A receiver with another secret refuses every request: nothing is delivered.
        other = Webhook(b"another")
        conf2 = SinkConfig("hook2", "webhook", {"url": other.url, "secret_file": str(secret_file)})
        w2 = worker(recorded, conf2, tmp_path, max_attempts=1)
        w2.sleep = lambda s: w2.stop.set()
        w2.run()
        w2.close()
        assert other.bad_signatures >= 1 and other.events == []
        assert export_positions.get(recorded.engine, "hook2").seq == 0
        other.close()
    finally:
        hook.close()


def test_sentinel_client_credentials_and_dcr_stream_on_a_local_stand_in(
    recorded: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Sentinel's cloud cannot be reached from here: this checks the request shape and the
    # OAuth client-credentials flow against a local stand-in (receivers.SentinelStandIn).
    standin = SentinelStandIn("tenant-1", "client-1", CLIENT_SECRET, "dcr-abc", "Custom-Bastion")
    monkeypatch.setenv("TEST_SENTINEL_SECRET", CLIENT_SECRET)
    try:
        conf = SinkConfig(
            "sentinel",
            "sentinel",
            {
                "endpoint": standin.url,
                "authority_host": standin.url,
                "tenant_id": "tenant-1",
                "client_id": "client-1",
                "client_secret_env": "TEST_SENTINEL_SECRET",
                "dcr_immutable_id": "dcr-abc",
                "stream": "Custom-Bastion",
            },
        )
        w = worker(recorded, conf, tmp_path, batch=15)
        w.drain()
        assert standin.tokens_issued == 1  # cached across batches
        standin.valid.clear()  # the token is revoked: the sink fetches a new one once
        recorded.append_control(
            {
                "id": "ctl-x",
                "session_id": "bastion:control",
                "time": 1.0,
                "kind": "other",
                "native_name": "Configuration",
                "tool": None,
                "tool_use_id": None,
                "decision": None,
                "data": {"control": "Configuration"},
                "facts": None,
                "verdict": None,
            }
        )
        w.drain()
        w.close()
        assert standin.tokens_issued == 2
        assert (
            standin.uids()[: len(export_all(recorded)) - 1]
            == [e["metadata"]["uid"] for e in export_all(recorded)][:-1]
        )
        assert len(standin.uids()) == len(export_all(recorded))
    finally:
        standin.close()


@pytest.mark.parametrize("compression", ["none", "gzip"])
def test_otlp_traces_follow_the_genai_conventions(
    recorded: Store, tmp_path: Path, compression: str
) -> None:
    receiver = OtlpHttp()
    try:
        conf = SinkConfig("otel", "otlp", {"url": receiver.url, "compression": compression})
        w = worker(recorded, conf, tmp_path, batch=9)
        w.drain()
        w.close()
    finally:
        receiver.close()
    spans = receiver.spans
    attrs = [{a.key: a.value for a in s.attributes} for s in spans]
    ops = [a["gen_ai.operation.name"].string_value for a in attrs]
    assert {"invoke_agent", "execute_tool", "apply_guardrail"} <= set(ops)
    by_session: dict[str, set[bytes]] = {}
    for s, a in zip(spans, attrs, strict=True):
        by_session.setdefault(a["gen_ai.conversation.id"].string_value, set()).add(s.trace_id)
    assert set(by_session) == {"inc-1", "oth-1"}
    assert all(len(t) == 1 for t in by_session.values())  # one trace per session
    roots = {s.span_id: s for s, op in zip(spans, ops, strict=True) if op == "invoke_agent"}
    assert len(roots) == 2 and all(not s.parent_span_id for s in roots.values())
    tools = [s for s, op in zip(spans, ops, strict=True) if op == "execute_tool"]
    assert all(s.parent_span_id in roots for s in tools)
    tool_ids = {s.span_id for s in tools}
    # One span per call, even for a denied call whose result the client still reported.
    assert len(tool_ids) == len(tools)
    guards = [s for s, op in zip(spans, ops, strict=True) if op == "apply_guardrail"]
    assert all(g.parent_span_id in tool_ids | set(roots) for g in guards)
    denied = [g for g in guards if any(e.name == "gen_ai.guardrail.result" for e in g.events)]
    decisions = {
        a.value.string_value
        for g in denied
        for e in g.events
        for a in e.attributes
        if a.key == "bastion.decision"
    }
    assert {"allow", "deny"} <= decisions
    names = {
        a["gen_ai.tool.name"].string_value
        for a, op in zip(attrs, ops, strict=True)
        if op == "execute_tool"
    }
    assert {"Bash", "Read", "WebFetch", "mcp__github__get_issue"} <= names
    model = {a["gen_ai.request.model"].string_value for a in attrs if "gen_ai.request.model" in a}
    assert model == {"claude-x-1"}
    assert receiver.encodings == {"gzip" if compression == "gzip" else ""}


def test_otlp_refuses_an_unknown_compression() -> None:
    with pytest.raises(ExportConfigError, match="gzip"):
        make_sink(SinkConfig("otel", "otlp", {"url": "http://127.0.0.1:9", "compression": "zstd"}))
