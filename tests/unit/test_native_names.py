"""Nothing outside ``sensors/`` names an agent's native tools or files (#14).

The scanner is ``scripts/structure_report.py`` (one implementation for the report and this
test); its pattern is built from what the registered sensors declare (tool tables, MCP
prefix, agent directory), so it cannot drift from them and a new agent's names are searched
for as soon as its package is listed.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from bastion.sensors import registry
from bastion.sensors.claude_code import tools as claude_tools

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def structure() -> ModuleType:
    spec = importlib.util.spec_from_file_location("structure", ROOT / "scripts/structure_report.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["structure"] = module
    spec.loader.exec_module(module)
    return module


def test_the_scanner_sees_each_kind_of_native_name(structure: ModuleType) -> None:
    pattern = structure.native_pattern()
    gemini_dir = registry.files_of("gemini-cli").config_dir
    for leak in (
        'if tool == "Bash":',
        "kind = {'WebFetch': 1}",
        'name.startswith("mcp__")',
        "# reads ~/.claude/settings.json",
        f'path = home + "/{gemini_dir}/settings.json"',
        'TOOL = "run_shell_command"',
        # Hook event names, an agent's directory joined as a path segment, declared files
        # spelt as paths (the installers' event lists and the inventory's file catalogue).
        'EVENTS = ("SessionStart", "PreToolUse")',
        'if event == "BeforeTool":',
        'EVENTS = ("pre_run_command",)',
        'home / ".claude" / "settings.json"',
        'h / ".codeium/windsurf/hooks.json"',
        'Path("/etc/claude-code/managed-settings.json")',
        'glob = "~/.codex/auth.json"',
    ):
        assert structure.names_native(leak, pattern), leak
    for fine in (
        "spec.kind is ToolKind.SHELL",
        'errors="replace"',  # a Gemini tool name that is also an ordinary word
        '"Read"  # not an agent\'s name: OCSF activity',
        "Claude Code is an agent",  # the product's name is not a native name
        'if word == "stop":',  # a Cursor event that is also an ordinary word
    ):
        assert not structure.names_native(fine, pattern), fine
    # Every Claude Code tool in its sensor's table is searched for.
    for name in claude_tools.TOOLS:
        assert structure.names_native(f'x = "{name}"', pattern), name


# Modules outside sensors/ that the scanner may still find: none since #14's last step (the
# explain command, describe, replay, the gateway and the sequence rules ask the sensors).
KNOWN: set[str] = set()


def test_no_module_outside_sensors_names_a_native_tool_or_file(structure: ModuleType) -> None:
    naming = set(structure.report()["modules_naming_native_tools_outside_sensors"])
    assert naming <= KNOWN, (
        f"{sorted(naming - KNOWN)} name an agent's native tools, events or files: ask the "
        "sensor registry (tool_spec, files_of, every_agent_files) instead"
    )
    assert not KNOWN - naming, f"{sorted(KNOWN - naming)} no longer name any: drop from KNOWN"


def test_the_scan_catches_a_new_module_naming_a_native_tool(
    structure: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The emptied ``KNOWN`` is not vacuous: the same scan, run over a tree where a module
    spells Claude Code's shell tool and a rule file its MCP prefix, reports both (and not the
    sensor that may name them)."""
    (tmp_path / "leaky").mkdir()
    (tmp_path / "leaky" / "mod.py").write_text('if tool == "Bash":\n    pass\n')
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "r.toml").write_text('tool = ["mcp__*__send_*"]\n')
    (tmp_path / "sensors" / "agent").mkdir(parents=True)
    (tmp_path / "sensors" / "agent" / "tools.py").write_text('SHELL = "Bash"\n')
    (tmp_path / "neutral.py").write_text("kind = ToolKind.SHELL\n")
    monkeypatch.setattr(structure, "SRC", tmp_path)
    naming = structure.report()["modules_naming_native_tools_outside_sensors"]
    assert naming == ["leaky/mod.py", "rules/r.toml"]


# Modules outside sensors/ that still branch on an agent by name (a comparison, a set or a
# dict keyed by it): what each agent needs there belongs in its sensor package. The
# installers left the command line for their packages (`sensors/<agent>/install`); these
# remain, each a known debt of docs/architecture.md.
BRANCHING_KNOWN: set[str] = set()


def _branching_on_an_agent(src: Path) -> set[str]:
    """Modules (outside sensors/) comparing with a registered agent name, testing membership
    in a literal holding one, or keying a literal dict by one (a key whose value is a name,
    as an MCP page's ``{"cursor": cursor}``, is no agent)."""
    names = "|".join(re.escape(n) for n in registry.AGENTS)
    quoted = rf"[\"'](?:{names})[\"']"
    branch = re.compile(
        rf"(?:==|!=)\s*{quoted}|{quoted}\s*(?:==|!=)|\bin\s*[\(\[\{{][^\n]*{quoted}|{quoted}\s*:\s*[\(\[\"']"
    )
    found = set()
    for path in src.rglob("*.py"):
        rel = path.relative_to(src).as_posix()
        if rel.startswith("sensors/"):
            continue
        if branch.search(path.read_text(encoding="utf-8")):
            found.add(rel)
    return found


def test_no_module_outside_sensors_branches_on_an_agent_by_name() -> None:
    """Adding an agent is one package and one registry line: the command line installs
    each through its sensor's ``install.INSTALLER`` and knows no agent by name."""
    branching = _branching_on_an_agent(ROOT / "src" / "bastion")
    assert branching <= BRANCHING_KNOWN, (
        f"{sorted(branching - BRANCHING_KNOWN)} branch on an agent's name: put what that "
        "agent needs in its sensor package (its files, sensor or installer) and ask the registry"
    )
    assert not BRANCHING_KNOWN - branching, f"{sorted(BRANCHING_KNOWN - branching)}: drop them"


def test_the_branch_scan_sees_a_command_line_that_names_an_agent(tmp_path: Path) -> None:
    """Not vacuous: the forms the command line used to branch in are each found."""
    for i, leak in enumerate(
        (
            'if agent == "codex":\n    pass\n',
            'INSTALLERS = {"gemini-cli": ("m", "f", "n")}\n',
            'if name in ("cursor", "windsurf"):\n    pass\n',
        )
    ):
        (tmp_path / "cli").mkdir(exist_ok=True)
        (tmp_path / "cli" / f"m{i}.py").write_text(leak)
    (tmp_path / "sensors" / "codex").mkdir(parents=True)
    (tmp_path / "sensors" / "codex" / "install.py").write_text('if a == "codex":\n    pass\n')
    (tmp_path / "fine.py").write_text('params = {"cursor": cursor}\nword = "codex users"\n')
    assert _branching_on_an_agent(tmp_path) == {"cli/m0.py", "cli/m1.py", "cli/m2.py"}


def test_every_installable_agent_is_installed_through_its_sensor_package() -> None:
    """Each agent the registry lists has its installer in its own package, or none at all
    (the MCP gateway is started as a server, not installed as hooks)."""
    for name, package in registry.AGENTS.items():
        installer = registry.installer_of(name)
        if installer is None:
            continue
        assert installer is importlib.import_module(package + ".install").INSTALLER
        assert installer.noun and installer.scopes
    assert registry.installer_of("mcp-gateway") is None
    assert "mcp-gateway" not in registry.installable()
