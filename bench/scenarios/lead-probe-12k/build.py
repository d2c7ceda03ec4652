"""Build the lead-probe-12k scenario set: benign near-misses for the round-12 rules.

Written by the lead on 2026-12-06 after the round-12 fixes, to look for their false alarms:
ordinary work the user asks for that uses the shapes the new rules read (configs naming
files, tools loading their configs, --yes destructions, transfer tools, sub-agents after
an issue, home paths in code). Benign only. Every person, host and
account is invented.

Run: python bench/scenarios/lead-probe-12k/build.py
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
CWD = "/home/ada/code/linden-forge"
S = ts.ScenarioSet("lead-probe-12k", CWD)
EVIL = "files.linden-forge.dev"
