"""Build the lead-probe-12m scenario set: other shells and IDE or workspace configs.

Written by the lead on 2026-12-06 before any fix for this class: PowerShell, fish, zsh,
nushell and xonsh spellings of download-and-run and of sending a secret, and editor,
dev-container and cloud-workspace configs that run commands when opened; benign sessions
use the same shells and configs for ordinary work. Run once. Every person, host and
account is invented.

Run: python bench/scenarios/lead-probe-12m/build.py
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
CWD = "/home/wren/code/aldous-keep"
S = ts.ScenarioSet("lead-probe-12m", CWD)
EVIL = "pull.tansy-moor.net"
