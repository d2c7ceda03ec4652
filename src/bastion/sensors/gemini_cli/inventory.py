"""What ``bastion inventory`` must know of Gemini CLI's own settings: ``hooksConfig`` can
switch every hook off, or name hooks that will not run."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bastion.sensors.base import InventoryRules

__all__ = ["RULES"]


def _switched_off(data: Mapping[str, Any], _path: Path) -> list[str]:
    config = data.get("hooksConfig")
    if not isinstance(config, dict):
        return []
    problems = []
    if config.get("enabled") is False:
        problems.append("hooksConfig.enabled is false: no hook runs")
    disabled = config.get("disabled")
    if isinstance(disabled, list) and disabled:
        names = ", ".join(str(d) for d in disabled)
        problems.append(f"hooksConfig.disabled names hooks that will not run: {names}")
    return problems


RULES = InventoryRules(switched_off=_switched_off)
