"""`bastion secrets scan` through Typer's CliRunner (mounted on a local root app)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from bastion.cli.secrets_cmd import app

FAKE_AWS_ID = "AKIAQ7RT2SPL4MNB6WXY"
root = typer.Typer()
root.add_typer(app, name="secrets")
runner = CliRunner()


def run(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(root, ["secrets", *args], input=stdin)


def test_help_texts() -> None:
    result = run("--help")
    assert result.exit_code == 0 and "scan" in result.output
    result = run("scan", "--help")
    assert result.exit_code == 0
    assert "--jsonl" in result.output and "Exit status" in result.output


def test_directory_scan_reports_file_line_kind_preview(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / ".env").write_text(f"DEBUG=1\nAWS_ACCESS_KEY_ID={FAKE_AWS_ID}\n")
    (tmp_path / "clean.py").write_text("print('hello')\n")
    (tmp_path / "blob.bin").write_bytes(b"\0\1\2" + FAKE_AWS_ID.encode())
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text(f"token={FAKE_AWS_ID}\n")
    result = run("scan", str(tmp_path))
    assert result.exit_code == 1, result.output
    lines = [ln for ln in result.stdout.splitlines() if "aws-access-key" in ln]
    assert len(lines) == 1
    assert ".env:2:19" in lines[0] and "AKIA…[REDACTED aws-access-key]" in lines[0]
    assert FAKE_AWS_ID not in result.stdout


def test_clean_input_exits_zero(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("nothing to see\n")
    assert run("scan", str(f)).exit_code == 0


def test_stdin(tmp_path: Path) -> None:
    result = run("scan", "-", stdin=f"export KEY={FAKE_AWS_ID}\n")
    assert result.exit_code == 1 and "<stdin>:1:" in result.stdout


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("scan").exit_code == 2
    assert run("scan", str(tmp_path / "missing")).exit_code == 2
    assert run("scan", "--bogus").exit_code == 2
    assert run("scan", "--jsonl", str(tmp_path / "missing.jsonl")).exit_code == 2
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n")
    assert run("scan", "--jsonl", str(bad)).exit_code == 2


def test_jsonl_one_output_line_per_input_line(tmp_path: Path) -> None:
    rows = [{"text": f"k={FAKE_AWS_ID}"}, {"text": "clean"}, {"text": "", "label": "x"}]
    path = tmp_path / "in.jsonl.gz"
    with gzip.open(path, "wt") as fh:
        for row in rows:
            fh.write(json.dumps(row) + "\n")
    result = run("scan", "--jsonl", str(path))
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert out == [
        {"findings": [{"kind": "aws-access-key", "start": 2, "end": 22}]},
        {"findings": []},
        {"findings": []},
    ]
    result = run("scan", "--jsonl", "-", stdin='{"text": "clean"}\n')
    assert result.exit_code == 0 and json.loads(result.stdout) == {"findings": []}
