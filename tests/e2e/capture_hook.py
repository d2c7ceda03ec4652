"""A hook that records: it writes the payload it got on stdin to a file, then answers.

Used to capture the real hook payloads each agent sends (``record_agent_fixtures.py``) and
to probe how each client treats a hook's answer (``test_agent_hook_semantics.py``).
Usage in an agent's hook settings: ``python capture_hook.py DIR LABEL [REPLY]``; every call
writes ``DIR/<ns-timestamp>-<pid>-<LABEL>.json`` with the raw stdin and the environment
variables the agent set whose names mention it. With no REPLY it prints nothing and exits 0
(every agent's "no opinion"); REPLY is a JSON file ``{"stdout": "...", "stderr": "...",
"exit": N, "sleep": seconds}`` saying what to answer instead (after sleeping).
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
        "stdin": raw,
        "env": {k: v for k, v in os.environ.items() if k.startswith(AGENT_ENV_PREFIXES)},
    }
    name = f"{time.time_ns()}-{os.getpid()}-{label}.json"
    (out_dir / name).write_text(json.dumps(record, indent=2))
    if len(sys.argv) < 4:
        return 0
    reply = json.loads(Path(sys.argv[3]).read_text())
    time.sleep(float(reply.get("sleep", 0)))
    sys.stdout.write(reply.get("stdout", ""))
    sys.stderr.write(reply.get("stderr", ""))
    return int(reply.get("exit", 0))


if __name__ == "__main__":
    sys.exit(main())
