"""Members of a package loaded on first use (PEP 562).

A package whose light members the hook's fallback imports (``audit``, ``daemon``) must not
load its heavy ones (the store, SQLAlchemy, ``cryptography``) with them: it names where
each member lives, and this module's ``members`` gives it the ``__getattr__`` that imports
the home module on first access and keeps the value in the package for the next.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["members"]


def members(package: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """The module ``__getattr__`` of ``package``: ``homes`` maps a member to its module."""

    def load(name: str) -> Any:
        module = homes.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        setattr(sys.modules[package], name, value)
        return value

    return load
