"""Print the size of each top-level part of ``src/bastion`` and which modules outside
``sensors/`` name an agent's native tools or files (issue #14: only sensors may).

A part is a package (``detect/``) or a top-level module (``engine.py``). Lines are physical
lines of ``.py`` files. A native name is a Claude Code tool name written as a string
literal (``"Bash"``, ``"WebFetch"``), the MCP prefix ``mcp__`` or the agent's directory
``/.claude/``; comments and docstrings count too, since they are where such knowledge
hides first. Usage: python scripts/structure_report.py [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "bastion"
TOOLS = (
    "Bash BashOutput KillShell Read Write Edit MultiEdit Glob Grep LS WebFetch WebSearch "
    "Task Agent NotebookEdit NotebookRead TodoWrite ExitPlanMode SlashCommand Skill"
).split()
NATIVE = re.compile(r"""["'](?:{})["']|mcp__|/\.claude/""".format("|".join(TOOLS)))


def part_of(path: Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0] + "/" if len(rel.parts) > 1 else rel.name


def report() -> dict[str, object]:
    lines: dict[str, int] = defaultdict(int)
    naming: list[str] = []
    for path in sorted(SRC.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        lines[part_of(path)] += text.count("\n")
        rel = path.relative_to(SRC).as_posix()
        if not rel.startswith("sensors/") and NATIVE.search(text):
            naming.append(rel)
    return {
        "lines_per_part": dict(sorted(lines.items(), key=lambda kv: -kv[1])),
        "total_lines": sum(lines.values()),
        "modules_naming_native_tools_outside_sensors": naming,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args()
    data = report()
    if args.json:
        print(json.dumps(data, indent=2))
        return 0
    for part, count in data["lines_per_part"].items():  # type: ignore[attr-defined]
        print(f"{count:7d}  {part}")
    print(f"{data['total_lines']:7d}  total")
    naming = data["modules_naming_native_tools_outside_sensors"]
    print(f"\nmodules outside sensors/ naming a native tool or file: {len(naming)}")  # type: ignore[arg-type]
    for rel in naming:  # type: ignore[attr-defined]
        print(f"  {rel}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
