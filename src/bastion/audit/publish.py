"""Where a home's checkpoints are witnessed, read from ``config.toml``; wires them to a store.

```toml
[audit]
witness_file = "/var/lib/bastion-witness/checkpoints.log"   # default <home>/witness/...
[[audit.witnesses]]
url = "https://witness.example.com"          # POST <url>/add-checkpoint
key = "witness.example.com/w1+1a2b3c4d+BA..."  # its cosigner (0x04) verifier key
timeout = 5

[witness]                # this console as a witness for other machines' logs
name = "bastion.example/witness"
logs = ["bastion.log/0123456789abcdef+abcd1234+AQ..."]
```
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from bastion.audit.cosignature import CosignerKey
from bastion.audit.errors import KeyFileError
from bastion.audit.keys import generate_signing_key, load_private_key, save_private_key
from bastion.audit.note import VerifierKey
from bastion.audit.tlog_witness import RemoteWitness, Witness, WitnessPublisher
from bastion.audit.witness import WitnessFile, default_path
from bastion.config import Home
from bastion.errors import BastionError, ConfigError

__all__ = [
    "WITNESS_KEY_FILE",
    "WITNESS_STATE_FILE",
    "attach",
    "check_remote",
    "console_witness",
    "cosigner_keys",
    "remote_witnesses",
    "witness_file",
]

if TYPE_CHECKING:
    from bastion.store import CheckpointRow, Store

WITNESS_KEY_FILE = "witness.pem"
WITNESS_STATE_FILE = "witness-state.json"


def _audit_settings(home: Home) -> dict[str, Any]:
    # The settings in force: a config.toml broken since the last start keeps the last good
    # one running (bastion/daemon/lastgood.py), and the witnesses with it.
    from bastion.daemon.lastgood import load_settings

    value = load_settings(home)[0].extra.get("audit") or {}
    if not isinstance(value, dict):
        raise ConfigError(f"{home.config_path}: [audit] must be a table")
    return value


def witness_file(home: Home) -> WitnessFile:
    """The home's local witness file (config ``[audit] witness_file``, else in the home)."""
    configured = _audit_settings(home).get("witness_file")
    if configured is not None and not isinstance(configured, str):
        raise ConfigError(f"{home.config_path}: [audit] witness_file must be a path string")
    return WitnessFile(Path(configured).expanduser() if configured else default_path(home.root))


def remote_witnesses(home: Home) -> list[RemoteWitness]:
    """The ``[[audit.witnesses]]`` to publish to."""
    out = []
    for number, entry in enumerate(_audit_settings(home).get("witnesses") or [], 1):
        if not isinstance(entry, dict) or not entry.get("url") or not entry.get("key"):
            raise ConfigError(
                f"{home.config_path}: [[audit.witnesses]] entry {number} needs url and key"
            )
        out.append(
            RemoteWitness(
                str(entry["url"]),
                CosignerKey.parse(str(entry["key"])),
                timeout=float(entry.get("timeout") or 5.0),
            )
        )
    return out


def cosigner_keys(home: Home, extra: list[str] | None = None) -> dict[str, Ed25519PublicKey]:
    """Trusted witness keys for verify: the configured witnesses' and any given."""
    keys = {w.key.name: w.key.public_key for w in remote_witnesses(home)}
    for text in extra or []:
        key = CosignerKey.parse(text)
        keys[key.name] = key.public_key
    return keys


def attach(home: Home, store: Store) -> WitnessPublisher | None:
    """Publish every checkpoint the store signs: to the witness file, then remotely.

    The local file is written synchronously (one fsync per checkpoint, about one per
    thousand events); remote witnesses from a background thread, never in a decision's
    way. Returns the publisher (None without remote witnesses) so the caller can close it.
    """
    signer = store.signer
    if signer is None:
        return None
    local = witness_file(home)
    vkey = signer.verifier_key

    def to_file(row: CheckpointRow) -> None:
        local.publish(row.note, vkey)

    store.on_checkpoint.append(to_file)
    remotes = remote_witnesses(home)
    if not remotes:
        return None

    def proof_from(old: int, new: int) -> list[bytes]:
        from bastion.audit.merkle import consistency_proof

        return consistency_proof(old, new, store.read_nodes)

    def store_note(checkpoint_id: int, note: str) -> None:
        store.add_signature(checkpoint_id, note)
        local.publish(note, vkey, kind="cosigned")

    publisher = WitnessPublisher(remotes, proof_from, store_note)
    store.on_checkpoint.append(lambda row: publisher(row.id, row.note))
    store.on_close.append(publisher.close)
    return publisher


def check_remote(
    home: Home,
    store: Store,
    timeout: float | None = None,
    keep: Callable[[int, str], None] | None = None,
) -> tuple[list[str], dict[str, int]]:
    """Ask every configured remote witness whether the log's latest checkpoint extends
    what it cosigned (`audit verify --online`); returns problems and cosigned sizes.

    This is what catches a store whose tail was cut and whose local witness file was
    deleted with it: the remote witness still holds the larger size. ``keep`` stores a
    witness's cosigned note (checkpoint id, note): the CLI has the daemon write it while
    one runs (issue #18); by default ``store.add_signature``. A note that could not be
    kept is a problem, the witness's answer still counts.
    """
    from bastion.audit.errors import AuditError
    from bastion.audit.merkle import consistency_proof
    from bastion.audit.tlog_witness import WitnessRequestError

    problems: list[str] = []
    sizes: dict[str, int] = {}
    latest = store.latest_checkpoint()
    witnesses = remote_witnesses(home)
    if latest is None:
        if witnesses:
            problems.append("no checkpoint to show the remote witnesses")
        return problems, sizes
    for witness in witnesses:
        if timeout is not None:
            witness.timeout = timeout
        try:
            size = latest.size

            def proof_from(old: int, size: int = size) -> list[bytes]:
                return consistency_proof(old, size, store.read_nodes)

            note = witness.cosign(latest.note, proof_from)
            sizes[witness.key.name] = latest.size
            try:
                (keep or store.add_signature)(latest.id, note)
            except BastionError as exc:
                problems.append(f"remote witness {witness.key.name}'s cosignature not kept: {exc}")
        except WitnessRequestError as exc:
            problems.append(
                f"remote witness {witness.key.name} refuses the log's latest checkpoint "
                f"(size {latest.size}): {exc}; the log was truncated, rewritten or replaced "
                "since the witness cosigned it"
                if exc.status in (409, 422)
                else f"remote witness {witness.key.name}: {exc}"
            )
        except (AuditError, OSError) as exc:
            problems.append(f"remote witness {witness.key.name} at {witness.url}: {exc}")
    return problems, sizes


def console_witness(home: Home) -> Witness | None:
    """This home as a witness for the logs in ``[witness] logs`` (None when none)."""
    value = home.settings().extra.get("witness") or {}
    if not isinstance(value, dict):
        raise ConfigError(f"{home.config_path}: [witness] must be a table")
    logs: dict[str, Ed25519PublicKey] = {}
    for text in value.get("logs") or []:
        key = VerifierKey.parse(str(text))
        logs[key.name] = key.public_key
    if not logs:
        return None
    home.ensure()
    path = home.keys_dir / WITNESS_KEY_FILE
    if not path.exists():
        with contextlib.suppress(KeyFileError):  # another process made it first
            save_private_key(generate_signing_key(), path)
    private = load_private_key(path)
    name = str(value.get("name") or f"bastion.witness/{os.uname().nodename}")
    return Witness(name, private, logs, home.witness_dir / WITNESS_STATE_FILE)
