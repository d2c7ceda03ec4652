"""Every error Bastion raises on purpose is a `BastionError`, and the API maps errors to
HTTP statuses by their type, never by searching their text."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import bastion
from bastion.errors import BastionError
from bastion.server import api
from bastion.server import approvals as approvals_mod

# Exceptions that are not errors a user meets, each with why.
NOT_USER_ERRORS = {
    # The hook imports only the standard library (every tool call pays for each import).
    "bastion.wire.protocol.NoDecision",
    "bastion.wire.protocol.UntrustedDaemon",
    "bastion.wire.protocol.BadFrame",
    # Control flow inside one module, never raised out of it.
    "bastion.understand.shell._Exhausted",
    # Answered by a redirect to the login page, not shown as an error.
    "bastion.server.security.LoginRequired",
}


def _exception_classes() -> list[type[BaseException]]:
    found: list[type[BaseException]] = []
    for info in pkgutil.walk_packages(bastion.__path__, "bastion."):
        if info.name.endswith("__main__") or ".migrations" in info.name:
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, BaseException)
                and value.__module__ == module.__name__
            ):
                found.append(value)
    return found


def test_every_error_is_a_bastion_error() -> None:
    classes = _exception_classes()
    assert len(classes) > 20  # the walk found the package's errors
    strays = sorted(
        f"{c.__module__}.{c.__qualname__}"
        for c in classes
        if not issubclass(c, BastionError)
        and f"{c.__module__}.{c.__qualname__}" not in NOT_USER_ERRORS
    )
    assert strays == []


def test_former_value_errors_are_still_caught_as_value_errors() -> None:
    from bastion.cli.demo import DemoHomeError
    from bastion.detect.baseline import BaselineError
    from bastion.detect.sequence_rules import SequenceRuleError
    from bastion.respond.containment import ContainmentPolicyError
    from bastion.server.control import ContainmentError

    for kind in (
        DemoHomeError,
        BaselineError,
        SequenceRuleError,
        ContainmentPolicyError,
        ContainmentError,
        approvals_mod.ApprovalError,
    ):
        assert issubclass(kind, BastionError) and issubclass(kind, ValueError), kind


@pytest.mark.parametrize(
    ("error", "status"),
    [
        # The text says "already" and "no approval" the other way round: the type decides.
        (approvals_mod.ApprovalNotFound("approval request 1 is already gone"), 404),
        (approvals_mod.ApprovalAlreadyDecided("no approval needed: already denied"), 409),
        (approvals_mod.ApprovalError("no approval with scope 'x'; already said"), 400),
    ],
)
def test_api_status_follows_the_error_type(error: Exception, status: int) -> None:
    assert api._status_of(error) == status
