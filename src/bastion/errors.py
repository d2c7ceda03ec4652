"""Typed errors a user can meet; each message names the fix."""

from __future__ import annotations


class BastionError(Exception):
    """Base of every error Bastion raises on purpose."""


class ConfigError(BastionError):
    """The configuration or home directory is unusable."""


class PolicyError(BastionError):
    """A policy file does not parse or does not validate against the schema."""

    def __init__(self, message: str, *, file: str = "", line: int = 0, column: int = 0) -> None:
        self.file = file
        self.line = line
        self.column = column
        where = f"{file}:{line}:{column}: " if file else ""
        super().__init__(f"{where}{message}")


class PayloadError(BastionError):
    """A native hook payload cannot be understood."""


class StoreError(BastionError):
    """The store cannot be opened or written."""
