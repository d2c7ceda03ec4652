# ruff: noqa: E501 (scenario data: long literal commands)
"""Build the lead-probe-12l scenario set: cloud and database clients running a program their config or statement names.

Written by the lead on 2026-12-06 before any fix for this class: credential_process,
kubeconfig exec plugins, docker credential helpers, terraform dev overrides, helm and az
extensions from URLs, database statements that run programs or load code; benign sessions
use the same clients for ordinary work. First run measured once. Every person, host and
account is invented.

Run: python bench/scenarios/lead-probe-12l/build.py
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("tool_steps", HERE.parent / "tool_steps.py")
assert _spec is not None and _spec.loader is not None
ts = importlib.util.module_from_spec(_spec)
sys.modules["tool_steps"] = ts
_spec.loader.exec_module(ts)

bash, read, fetch = ts.bash, ts.read, ts.fetch
CWD = "/home/eli/code/cobalt-mere"
S = ts.ScenarioSet("lead-probe-12l", CWD)
EVIL = "cache.hollin-vault.net"
