"""Syslog delivery to a real rsyslog: RFC 5424 with CEF, over TCP and over TLS."""

from __future__ import annotations

from pathlib import Path

import pytest
from rsyslog import running
from test_ocsf import export_all

from bastion.export.cef import cef_line
from bastion.export.config import ExportConfig, SinkConfig
from bastion.export.delivery import Worker
from bastion.export.sinks import make_sink
from bastion.export.sinks.syslog import frame, rfc5424
from bastion.store import Store


def deliver(store: Store, options: dict, tmp_path: Path, batch: int = 8) -> Worker:
    conf = SinkConfig("syslog", "syslog", options)
    config = ExportConfig(sinks=[conf], batch=batch, backoff_seconds=0.01)
    w = Worker(store.engine, make_sink(conf), config, tmp_path / "dead.jsonl")
    w.drain()
    w.close()
    return w


@pytest.mark.parametrize("tls", [False, True], ids=["tcp", "tls"])
def test_rsyslog_receives_every_event_as_rfc5424_cef(
    recorded: Store, tmp_path: Path, tls: bool
) -> None:
    expected = export_all(recorded)
    with running(tmp_path / "rsyslog", tls=tls) as server:
        options = {"host": "127.0.0.1", "port": server.port, "tls": tls}
        if tls:
            options["ca_file"] = str(server.ca)
        deliver(recorded, options, tmp_path)
        rows = server.lines(len(expected))
    assert len(rows) == len(expected)
    for row, event in zip(rows, expected, strict=True):
        host, app, msgid, sd, msg = row
        assert host == event["device"]["hostname"] and app == "bastion"
        assert msgid == f"ocsf{event['class_uid']}"
        assert f'key="{event["metadata"]["uid"]}"' in sd  # rsyslog parsed the structured data
        assert msg.startswith("CEF:0|Bastion|Bastion|")
        assert msg == cef_line(event)  # the CEF line arrived whole


def test_tls_refuses_a_server_it_does_not_trust(recorded: Store, tmp_path: Path) -> None:
    with running(tmp_path / "rsyslog", tls=True) as server:
        conf = SinkConfig(
            "syslog", "syslog", {"host": "127.0.0.1", "port": server.port, "tls": True}
        )
        config = ExportConfig(sinks=[conf], max_attempts=1, backoff_seconds=0.01)
        w = Worker(recorded.engine, make_sink(conf), config, tmp_path / "dead.jsonl")
        errors: list[str] = []

        def note(_seconds: float) -> None:
            errors.append(w.stats.last_error)
            if len(errors) >= 3 or "certificate" in errors[-1]:
                w.stop.set()

        w.sleep = note
        w.run()
        w.close()
        # On a loaded machine a try may time out first; the refusal must come.
        assert any("certificate is not trusted" in e for e in errors), errors
        assert server.lines(1, timeout=0.5) == []


def test_cef_and_rfc5424_escape_what_would_break_a_parser() -> None:
    event = {
        "class_uid": 1007,
        "class_name": "Process Activity",
        "activity_name": "Launch",
        "type_uid": 100701,
        "time": 1_700_000_000_000,
        "severity_id": 5,
        "device": {"hostname": "dev box"},
        "metadata": {"uid": 'ab"]c', "correlation_uid": "s", "original_event_uid": "e"},
        "process": {"cmd_line": "echo a=b | tee x\\y\nrm -rf /"},
        "action": "Denied",
        "disposition": "Blocked",
        "actor": {"app_name": "claude-code"},
    }
    line = cef_line(event)
    assert "cs3=echo a\\=b | tee x\\\\y\\nrm -rf /" in line
    assert "\n" not in line and line.split("|")[6] == "10"
    message = rfc5424(event, facility=13, sd_id="bastion@32473")
    assert message.startswith(b"<106>1 2023-11-14T22:13:20.000Z devbox bastion - ocsf1007 ")
    assert b'key="ab\\"\\]c"' in message
    assert frame(b"abc") == b"3 abc"
