"""A hook that only records: it writes the payload it got on stdin to a file and allows.

Used to capture the real hook payloads each agent sends (``record_agent_fixtures.py``).
Usage in an agent's hook settings: ``python capture_hook.py DIR LABEL``; every call writes
``DIR/<ns-timestamp>-<LABEL>.json`` with the raw stdin and the environment variables the
agent set whose names mention it, then prints the agent's "allow" (nothing, exit 0).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

AGENT_ENV_PREFIXES = ("GEMINI_", "CODEX_", "COPILOT_", "CLAUDE_", "GITHUB_COPILOT")


def main() -> int:
    out_dir, label = Path(sys.argv[1]), sys.argv[2]
    raw = sys.stdin.read()
    out_dir.mkdir(parents=True, exist_ok=True)
    record = {
        "label": label,
        "argv": sys.argv[3:],
        "stdin": raw,
        "env": {k: v for k, v in os.environ.items() if k.startswith(AGENT_ENV_PREFIXES)},
    }
    name = f"{time.time_ns()}-{os.getpid()}-{label}.json"
    (out_dir / name).write_text(json.dumps(record, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
