"""What ``bastion inventory`` and ``bastion coverage`` must know of Codex: a feature switch
in ``config.toml`` stops every hook, and Codex skips, without a word, a hook whose hash is
not recorded as trusted (read from ``config.toml``, or asked of Codex's app-server)."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bastion.sensors.base import InventoryRules

__all__ = ["RULES"]


def _switched_off(data: Mapping[str, Any], path: Path) -> list[str]:
    if path.suffix != ".toml":
        return []
    features = data.get("features")
    if isinstance(features, dict) and False in (
        features.get("hooks"),
        features.get("codex_hooks"),
    ):
        return ["[features] hooks = false: no hook runs"]
    return []


def _trusted_keys(settings: list[Path]) -> set[str]:
    """Every hook key with a trusted hash in the ``config.toml`` files found."""
    keys: set[str] = set()
    for path in settings:
        if path.suffix != ".toml":
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, tomllib.TOMLDecodeError):
            continue
        hooks = data.get("hooks")
        state = hooks.get("state") if isinstance(hooks, dict) else None
        if isinstance(state, dict):
            keys |= {k for k, v in state.items() if isinstance(v, dict) and v.get("trusted_hash")}
    return keys


def _untrusted(ours: list[str], settings: list[Path]) -> list[str]:
    """Our hooks files with no trusted hash recorded for any of their hooks."""
    trusted = _trusted_keys(settings)
    return [
        f"{path}: no trusted hash recorded in config.toml, so Codex skips these "
        "hooks silently (trust them in Codex's /hooks)"
        for path in ours
        if path.endswith("hooks.json") and not any(k.startswith(path + ":") for k in trusted)
    ]


def _asked_untrusted(project: Path) -> list[tuple[str, str]]:
    from bastion.sensors.codex import trust

    return [(problem, "bastion install codex --scope user") for problem in trust.problems(project)]


RULES = InventoryRules(
    switched_off=_switched_off, untrusted=_untrusted, asked_untrusted=_asked_untrusted
)
