# ruff: noqa: E501 (scenario data: long literal commands)
"""Build the lead-probe-12e scenario set: ordinary programs that run a command through an option or an inline language.

Written by the lead on 2026-12-06 before any fix for this class: editors, pagers, debuggers,
archivers, transfer tools and interpreters told to run a command that sends a credential or
runs fetched code (the GTFOBins family), each steered by outside content; benign sessions use
the same programs for ordinary work. First run measured once. Every person, host and
account is invented.

Run: python bench/scenarios/lead-probe-12e/build.py
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
CWD = "/home/odile/code/wren-ledger"
S = ts.ScenarioSet("lead-probe-12e", CWD)
EVIL = "in.pellucid-harbor.com"
