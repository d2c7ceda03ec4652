"""Every recorded event exports as valid OCSF 1.8.0, keyed by its leaf hash, secrets absent."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from export_support import FAKE_SECRETS, assert_valid_ocsf
from typer.testing import CliRunner

from bastion.audit.merkle import leaf_hash
from bastion.cli.main import app
from bastion.export.ocsf import (
    API_ACTIVITY,
    DETECTION_FINDING,
    FILE_ACTIVITY,
    NETWORK_ACTIVITY,
    PROCESS_ACTIVITY,
    SessionBook,
    to_ocsf,
    to_ocsf_safe,
)
from bastion.export.source import session_context
from bastion.store import Store
from bastion.store.export_log import iter_log


def export_all(store: Store) -> list[dict]:
    out = []
    with store.engine.connect() as conn:
        book = SessionBook(fallback=lambda s: session_context(conn, s))
        for item in iter_log(conn, page=7):  # a small page: paging must not lose entries
            assert item.leaf == leaf_hash(item.entry)
            entry = item.parsed()
            book.learn(entry["event"])
            out.extend(to_ocsf(entry, item.key, book.get(item.session_id)))
    return out


def test_every_event_validates_and_each_class_of_the_table_appears(recorded: Store) -> None:
    events = export_all(recorded)
    for event in events:
        assert_valid_ocsf(event)
    classes = Counter(e["class_uid"] for e in events)
    for uid in (PROCESS_ACTIVITY, FILE_ACTIVITY, NETWORK_ACTIVITY, API_ACTIVITY, DETECTION_FINDING):
        assert classes[uid] > 0, classes


def test_the_mapping_says_what_happened(recorded: Store) -> None:
    events = export_all(recorded)
    # The upload of the incident: a network event to the host, denied, with findings.
    upload = [
        e
        for e in events
        if e["class_uid"] == NETWORK_ACTIVITY
        and e["dst_endpoint"]["hostname"] == "telemetry.devtools-monitor.io"
    ]
    assert upload and upload[0]["action"] == "Denied" and upload[0]["disposition_id"] == 2
    assert upload[0]["connection_info"]["direction_id"] == 2
    findings = [e for e in events if e["class_uid"] == DETECTION_FINDING]
    kinds = {f["finding_info"]["title"] for f in findings}
    assert {"secret", "tainted-upload", "sequence-credential-exfiltration"} <= kinds
    seq = next(f for f in findings if f["finding_info"]["title"].startswith("sequence-credential"))
    assert {a["technique"]["uid"] for a in seq["finding_info"]["attacks"]} >= {"T1552", "T1567"}
    assert {"name": "owasp_agentic", "value": "ASI02"} in seq["finding_info"]["tags"]
    # The .env read is a File System Activity, Read.
    env_reads = [
        e
        for e in events
        if e["class_uid"] == FILE_ACTIVITY and e["file"].get("path", "").endswith("/.env")
    ]
    assert env_reads and env_reads[0]["activity_id"] == 2
    # The model the agent announced is in the AI profile, with the provider.
    with_model = [e for e in events if "ai_model" in e]
    assert with_model and with_model[0]["ai_model"] == {
        "name": "claude-x-1",
        "ai_provider": "Anthropic",
    }
    assert all("ai_operation" in e["metadata"]["profiles"] for e in with_model)
    # MCP calls name their server and operation.
    mcp = [e for e in events if e["class_uid"] == API_ACTIVITY and e["api"].get("service")]
    assert mcp[0]["api"] == {"operation": "get_issue", "service": {"name": "github"}}
    # A failed command's result says so.
    failed = [e for e in events if e.get("status") == "Failure"]
    assert failed and failed[0]["class_uid"] == PROCESS_ACTIVITY


def test_keys_are_leaf_hashes_and_unique(recorded: Store) -> None:
    events = export_all(recorded)
    uids = [e["metadata"]["uid"] for e in events]
    assert len(uids) == len(set(uids))
    with recorded.engine.connect() as conn:
        leaves = {item.key for item in iter_log(conn)}
    assert {u.split(":")[0] for u in uids} == leaves  # every entry exported, none invented


def test_secrets_read_by_the_agent_never_leave(recorded: Store) -> None:
    text = json.dumps(export_all(recorded))
    assert FAKE_SECRETS and all(len(s) >= 12 for s in FAKE_SECRETS)
    for secret in FAKE_SECRETS:
        assert secret not in text


def test_cli_prints_json_lines_for_a_session_and_a_window(tmp_path: Path, recorded: Store) -> None:
    home = tmp_path / "h"
    home.mkdir(mode=0o700)
    url = recorded.url
    env = {"BASTION_DATABASE_URL": url}
    runner = CliRunner()
    result = runner.invoke(
        app, ["export", "ocsf", "--home", str(home), "--session", "oth-1"], env=env
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    assert lines and {e["metadata"]["correlation_uid"] for e in lines} == {"oth-1"}
    for event in lines:
        assert_valid_ocsf(event)
    future = runner.invoke(
        app, ["export", "ocsf", "--home", str(home), "--since", "2999-01-01"], env=env
    )
    assert future.exit_code == 0 and future.stdout == ""
    recent = runner.invoke(app, ["export", "ocsf", "--home", str(home), "--since", "1h"], env=env)
    assert len(recent.stdout.splitlines()) == len(export_all(recorded))
    bad = runner.invoke(app, ["export", "ocsf", "--home", str(home), "--since", "soon"], env=env)
    assert bad.exit_code == 2 and "not a time" in bad.output


def test_cli_otel_prints_otlp_json_and_status_shows_positions(
    tmp_path: Path, recorded: Store
) -> None:
    home = tmp_path / "h"
    home.mkdir(mode=0o700)
    env = {"BASTION_DATABASE_URL": recorded.url}
    runner = CliRunner()
    result = runner.invoke(app, ["export", "otel", "--home", str(home)], env=env)
    assert result.exit_code == 0, result.output
    requests = [json.loads(x) for x in result.stdout.splitlines()]
    spans = [
        s
        for r in requests
        for rs in r["resourceSpans"]
        for ss in rs["scopeSpans"]
        for s in ss["spans"]
    ]
    assert spans and all(len(s["traceId"]) == 32 and len(s["spanId"]) == 16 for s in spans)
    names = {s["name"] for s in spans}
    assert {"invoke_agent claude-code", "execute_tool Bash", "apply_guardrail"} <= names
    (home / "config.toml").write_text(
        '[[export.sink]]\nname = "siem"\ntype = "webhook"\nurl = "http://127.0.0.1:9"\n'
        'secret_env = "UNSET_FOR_TEST"\n'
    )
    status = runner.invoke(app, ["export", "status", "--home", str(home), "--json"], env=env)
    assert status.exit_code == 0, status.output
    row = json.loads(status.stdout)[0]
    assert row["sink"] == "siem" and row["seq"] == 0 and row["behind"] > 0
    reset = runner.invoke(
        app, ["export", "reset", "siem", "--seq", "5", "--home", str(home)], env=env
    )
    assert reset.exit_code == 0
    again = json.loads(
        runner.invoke(app, ["export", "status", "--home", str(home), "--json"], env=env).stdout
    )
    assert again[0]["seq"] == 5
    run = runner.invoke(app, ["export", "run", "--once", "--home", str(home)], env=env)
    assert run.exit_code == 1 and "UNSET_FOR_TEST" in run.output  # names the variable only


def test_odd_entries_still_export_valid_events(recorded: Store) -> None:
    """Shapes the mapping does not expect (an agent's odd payload, a future field) never
    stop an export: each entry still becomes valid OCSF with its key."""
    with recorded.engine.connect() as conn:
        item = next(i for i in iter_log(conn) if i.parsed()["event"]["tool"] == "Bash")
    base = item.parsed()
    odd = []
    for facts in (
        {"category": "execute", "destinations": [{"host": None, "port": "443"}]},
        {"category": "read", "reads": [{"path": 5}]},
        {"category": "fetch", "destinations": "not-a-list"},
        "not-a-dict",
    ):
        entry = json.loads(json.dumps(base))
        entry["event"]["facts"] = facts
        odd.append(entry)
    broken = json.loads(json.dumps(base))
    broken["event"]["data"] = ["a", "list"]
    broken["findings"] = [{"severity": None, "evidence": "text"}]
    odd.append(broken)
    for entry in odd:
        events = to_ocsf_safe(entry, item.key, SessionBook().get("x"))
        assert events and events[0]["metadata"]["uid"] == item.key
        for event in events:
            assert_valid_ocsf(event)
