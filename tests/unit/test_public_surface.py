"""The contract parts declare their public surface and are type-checked strictly (#14).

Each module of ``core``, ``wire``, ``policy``, ``audit``, ``hook``, ``sensors``, ``store`` and
``record`` names what others may import in ``__all__`` (every listed name exists), and each
is under mypy's strict per-module flags in ``pyproject.toml``.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import tomllib
from pathlib import Path

import pytest

import bastion

ROOT = Path(__file__).resolve().parents[2]
CONTRACT_PARTS = ("core", "wire", "policy", "audit", "hook", "sensors", "store", "record")
STRICT_PARTS = CONTRACT_PARTS


def _modules() -> list[str]:
    names = []
    for part in CONTRACT_PARTS:
        package = importlib.import_module(f"bastion.{part}")
        names.append(package.__name__)
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if ".migrations" not in info.name:
                names.append(info.name)
    return names


@pytest.mark.parametrize("name", _modules())
def test_each_contract_module_declares_its_surface(name: str) -> None:
    module = importlib.import_module(name)
    declared = getattr(module, "__all__", None)
    assert isinstance(declared, list), f"{name} has no __all__"
    # A package may list its submodules (``from bastion.wire import *`` imports them).
    missing = [
        n
        for n in declared
        if not hasattr(module, n)
        and not (hasattr(module, "__path__") and importlib.util.find_spec(f"{name}.{n}"))
    ]
    assert missing == [], f"{name}.__all__ lists names it does not define: {missing}"


def test_the_contract_parts_are_strictly_typed() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    strict: set[str] = set()
    for override in config["tool"]["mypy"]["overrides"]:
        if override.get("disallow_any_generics") and override.get("warn_return_any"):
            strict |= set(override["module"])
    for part in STRICT_PARTS:
        assert {f"bastion.{part}", f"bastion.{part}.*"} <= strict, part
    assert bastion.__name__ == "bastion"
