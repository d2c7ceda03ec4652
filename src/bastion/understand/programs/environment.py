"""Builtins that print or change the environment: env, printenv, set, export, unset."""

from __future__ import annotations

from bastion.understand.programs.base import (
    NO_OUTPUT,
    PASS,
    Invocation,
    Output,
    Sink,
    add_change,
    handles,
)


@handles("env", "printenv")
def _env_dump(inv: Invocation, sink: Sink) -> Output:
    names = [w.text for w in inv.args if not w.text.startswith("-")]
    if inv.program == "printenv" and names:
        for name in names:
            sink.env_read(name)
    else:
        sink.env_read("*")
    return PASS


@handles("set", "export", "declare", "typeset", "compgen")
def _set(inv: Invocation, sink: Sink) -> Output:
    texts = inv.argv[1:]
    if (
        not texts
        or texts in (["-p"], ["-x"], ["-px"], ["-xp"])
        or (
            (inv.program == "compgen" and "-v" in texts)
            or (inv.program == "compgen" and "-e" in texts)
        )
    ):
        sink.env_read("*")
    return PASS


@handles("unset")
def _unset_program(inv: Invocation, sink: Sink) -> Output:
    for name in inv.argv[1:]:
        if name.upper().startswith("BASTION"):
            add_change(sink, "self_tamper", "guard-env", name, f"unset {name}")
        if name in {"HISTFILE"}:
            add_change(sink, "destructive", "history-clear", name, f"unset {name}")
    return NO_OUTPUT
