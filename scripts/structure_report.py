"""Print the size of each top-level part of ``src/bastion`` and which modules outside
``sensors/`` name an agent's native tools or files (issue #14: only sensors may).

A part is a package (``detect/``) or a top-level module (``engine.py``). Lines are physical
lines of ``.py`` files. A native name is what the registered sensors declare, so a new
agent's names are searched for as soon as its package is listed: each sensor's tool names
written as a string literal (``"Bash"``, ``"run_shell_command"``; names without an upper-case
letter or an underscore, such as ``"glob"``, are ordinary words and left out), an MCP prefix
with a double underscore (``mcp__``) and each agent's directory as a path segment
(``/.claude/``, ``/.gemini/``). Comments and docstrings count too, since they are where such
knowledge hides first. A line that must spell such a word for another reason (a standard's
own term) says so with ``# not an agent's name: <why>`` and is skipped.
Usage: python scripts/structure_report.py [--json]
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "bastion"
EXEMPT = "# not an agent's name:"


def native_pattern() -> re.Pattern[str]:
    """The native names every registered sensor declares, as one pattern."""
    sys.path.insert(0, str(SRC.parent))
    from bastion.sensors.registry import AGENTS, files_of

    words: set[str] = set()
    fragments: set[str] = set()
    for agent, package in AGENTS.items():
        try:
            tools = importlib.import_module(package + ".tools")
        except ModuleNotFoundError:
            tools = None  # a sensor with no native tools of its own (the MCP gateway)
        if tools is not None:
            words |= {n for n in tools.TOOLS if n != n.lower() or "_" in n}
            if "__" in tools.MCP_PREFIX:
                fragments.add(re.escape(tools.MCP_PREFIX))
        files = files_of(agent)
        if files.config_dir:
            fragments.add(re.escape(f"/{files.config_dir}/"))
            words.add(files.config_dir)  # joined as a path segment: home / ".claude" / ...
        # Hook event names ("PreToolUse", "BeforeTool", "pre_run_command"); lower-case
        # words without an underscore ("stop") are ordinary words and left out.
        events = {*files.hook_events, *files.guard_events, *files.tool_events,
                  *files.pre_tool_events}  # fmt: skip
        words |= {e for e in events if e != e.lower() or "_" in e}
        # Files spelt as paths below a directory (".codeium/windsurf/hooks.json"), and
        # absolute ones ("/etc/claude-code/managed-settings.json").
        declared = (*files.settings, *files.also_guarded, *files.inventory_hooks,
                    *files.inventory_mcp, *files.mcp_configs)  # fmt: skip
        paths = {f.path for f in declared} | set(files.credentials)
        fragments |= {re.escape(p) for p in paths if "/" in p.strip("/")}
        # Files every session of the agent reads as orders ("CLAUDE.md") and folders of them
        # (".github/prompts"; one below the agent's directory is a path as above).
        words |= set(files.instruction_files)
        fragments |= {re.escape(d.rstrip("*")) for d in files.instruction_dirs if "/" in d}
    quoted = r"""["'](?:{})["']""".format("|".join(sorted(map(re.escape, words))))
    return re.compile("|".join([quoted, *sorted(fragments)]))


def part_of(path: Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0] + "/" if len(rel.parts) > 1 else rel.name


def names_native(text: str, pattern: re.Pattern[str]) -> list[str]:
    """The lines of a module's text that name a native tool or file (exempt lines skipped)."""
    return [line for line in text.splitlines() if pattern.search(line) and EXEMPT not in line]


def report() -> dict[str, object]:
    pattern = native_pattern()
    lines: dict[str, int] = defaultdict(int)
    naming: list[str] = []
    for path in sorted([*SRC.rglob("*.py"), *SRC.rglob("*.toml")]):
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(SRC).as_posix()
        if path.suffix == ".py":
            lines[part_of(path)] += text.count("\n")
        if not rel.startswith("sensors/") and names_native(text, pattern):
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
