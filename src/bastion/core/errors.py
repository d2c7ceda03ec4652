"""Typed errors a user can meet (re-exported from ``bastion.errors``, their one home)."""

from bastion.errors import BastionError, PayloadError

__all__ = ["BastionError", "PayloadError"]
