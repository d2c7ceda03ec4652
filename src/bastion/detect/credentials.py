"""Credential access and where its data goes: reads, tainted files, and egress afterwards.

The classic incident is three allowed steps: read ``.env`` (or dump the environment),
write it somewhere "for debugging", upload that file. Each step alone is ordinary. This
detector remembers the first, follows the data into files written by commands that read
a credential, and raises findings when a later action sends data out of the machine.
"""

from __future__ import annotations

from bastion.detect.result import Detection
from bastion.detect.state import SessionState, StateUpdate, UpdateOp
from bastion.events import Event, Finding, Severity
from bastion.understand.actions import ActionFacts
from bastion.understand.shell_catalog import SECRET_ENV_NAME


def detect_action(event: Event, facts: ActionFacts, state: SessionState) -> Detection:
    out = Detection()
    reads_credential = False
    secret_env = sorted({n for n in facts.env_reads if n != "*" and SECRET_ENV_NAME.search(n)})
    if secret_env:
        reads_credential = True
        out.findings.append(
            Finding(
                kind="secret-env-read",
                severity=Severity.LOW,
                detail="uses environment variables that hold credentials "
                f"({', '.join(secret_env)})",
                rule="credentials.env-variable",
                evidence={"variables": secret_env},
            )
        )
        out.updates.extend(
            StateUpdate(UpdateOp.CREDENTIAL_READ, f"${n}", "environment-variable")
            for n in secret_env
        )
    for info in facts.credential_reads:
        reads_credential = True
        out.findings.append(
            Finding(
                kind="credential-read",
                severity=Severity.MEDIUM,
                detail=f"reads credential file {_short(info.path)} ({info.credential})",
                rule="credentials.read",
                evidence={"path": info.path, "credential": info.credential},
            )
        )
        out.updates.append(StateUpdate(UpdateOp.CREDENTIAL_READ, info.path, info.credential))
    if facts.env_dump:
        reads_credential = True
        out.findings.append(
            Finding(
                kind="environment-dump",
                severity=Severity.MEDIUM,
                detail="prints or saves the whole environment, which usually holds tokens",
                rule="credentials.env-dump",
            )
        )
        out.updates.append(StateUpdate(UpdateOp.ENV_DUMP))
    for store in facts.credential_stores:
        reads_credential = True
        out.findings.append(
            Finding(
                kind="credential-store-read",
                severity=Severity.HIGH,
                detail=f"reads a token from a credential store ({store})",
                rule="credentials.store",
                evidence={"store": store},
            )
        )
        out.updates.append(StateUpdate(UpdateOp.CREDENTIAL_STORE, store))

    tainted_inputs = [p.path for p in facts.reads if p.path in state.tainted_files]
    # Data flows into every file this action writes when it read a credential or a tainted file.
    if reads_credential or tainted_inputs:
        origin = ", ".join(
            [_short(p.path) for p in facts.credential_reads]
            + (["environment"] if facts.env_dump else [])
            + [state.tainted_files[p] for p in tainted_inputs]
        )
        for info in facts.writes:
            out.updates.append(StateUpdate(UpdateOp.TAINT, info.path, origin or "credential"))
        if state.workspace and _writes_git_objects(facts):
            # ``git notes add -m "$(env)"``, ``git commit -m "$(cat .env)"``: the data goes
            # into the repository's objects, which the next push carries.
            out.updates.append(
                StateUpdate(UpdateOp.TAINT, state.workspace.rstrip("/") + "/.git", origin)
            )

    senders = facts.sends_external
    for dest in facts.destinations:
        if dest.external:
            out.updates.append(StateUpdate(UpdateOp.HOST_SEEN, dest.host))
    if not senders:
        return out
    hosts = ", ".join(sorted({d.host or "an unknown host" for d in senders}))
    if tainted_inputs:
        out.findings.append(
            Finding(
                kind="tainted-upload",
                severity=Severity.CRITICAL,
                detail=(
                    f"sends {', '.join(_short(p) for p in tainted_inputs)} to {hosts}; "
                    f"it holds data from {state.tainted_files[tainted_inputs[0]]}"
                ),
                rule="credentials.tainted-upload",
                evidence={"files": tainted_inputs, "hosts": hosts},
            )
        )
    if reads_credential:
        out.findings.append(
            Finding(
                kind="credential-egress",
                severity=Severity.CRITICAL,
                detail=f"reads a credential and sends data to {hosts} in the same command",
                rule="credentials.read-and-send",
                evidence={"hosts": hosts},
            )
        )
    elif state.read_credential:
        out.findings.append(
            Finding(
                kind="egress-after-credential",
                severity=Severity.HIGH,
                detail=(
                    f"sends data to {hosts} after this session read {state.credential_summary()}"
                ),
                rule="credentials.egress-after-read",
                evidence={"hosts": hosts},
            )
        )
    return out


def _short(path: str) -> str:
    parts = path.rstrip("/").split("/")
    return "/".join(parts[-2:]) if len(parts) > 2 else path


# git subcommands that store text of the command in the repository's objects.
_GIT_OBJECT_WRITERS = frozenset({"commit", "notes", "tag", "stash", "hash-object", "mktag"})


def _writes_git_objects(facts: ActionFacts) -> bool:
    shell = facts.shell
    return shell is not None and any(
        c.program == "git" and any(a in _GIT_OBJECT_WRITERS for a in c.argv[1:4])
        for c in shell.commands
    )
