"""Agents Bastion has no sensor for yet, but whose hook wiring it guards.

A project's or user's hook file of one of these can run a command on the developer's next
session or switch a hook off, so the guard's ground (`bastion.guard_paths`) protects them as
it does the files of the agents with a sensor (docs/agents.md says where each comes from).
When one of them gets a sensor, its declaration moves into that package.
"""

from __future__ import annotations

from bastion.sensors.base import AgentFiles

__all__ = ["OTHERS"]

# Every agent whose hooks Bastion guards has a sensor now (issue #16 moved Codex, Copilot CLI,
# Cursor and Windsurf into their packages); a newly found agent's files go here until it has
# one. These agents have none, and no hooks Bastion wires, but a file they read as standing
# orders is written by one agent and carried out by the next (`understand/agent_instructions`).
OTHERS: tuple[AgentFiles, ...] = (
    AgentFiles(
        agent="cline", instruction_files=(".clinerules",), instruction_dirs=(".clinerules",)
    ),
    AgentFiles(
        agent="roo-code", instruction_files=(".roorules",), instruction_dirs=(".roo/rules*",)
    ),
    AgentFiles(agent="goose", instruction_files=(".goosehints",)),
    AgentFiles(agent="aider", instruction_files=("CONVENTIONS.md",)),
    AgentFiles(agent="amp", instruction_files=("AGENT.md",)),
    AgentFiles(agent="amazon-q", instruction_dirs=(".amazonq/rules",)),
    AgentFiles(agent="continue", instruction_dirs=(".continue/rules",)),
)
