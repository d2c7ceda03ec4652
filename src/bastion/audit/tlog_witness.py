"""The C2SP tlog-witness protocol: a witness (``add-checkpoint``) and a client that submits.

A log POSTs ``old <size>\\n``, the consistency proof from that size (base64 lines), a
blank line and its signed checkpoint. The witness checks the log's signature, that
``old`` is the size it last cosigned for that origin (else 409 with its size), the
proof (else 422), persists the new size and root atomically, and answers with its
``cosignature/v1`` lines. Having cosigned size N, it will never cosign a history that
does not extend it: a log that was truncated, rewritten or re-signed with a stolen log
key is refused by every witness that saw the original.

The witness here is small and file-backed (one JSON state file, replaced atomically
under an exclusive lock) so the console can serve it and another machine can witness
ours. The client never blocks a decision: `WitnessPublisher` submits from a background
thread with timeouts, after the checkpoint is committed.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import fcntl
import json
import logging
import os
import queue
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from bastion.audit.checkpoint import Checkpoint, verify_note
from bastion.audit.cosignature import (
    CosignerKey,
    add_signature_lines,
    cosign_body,
    verify_cosignatures,
)
from bastion.audit.errors import (
    AuditError,
    CheckpointFormatError,
    CheckpointSignatureError,
    ConsistencyProofError,
)
from bastion.audit.merkle import HASH_SIZE, verify_consistency
from bastion.audit.note import SignedNote

__all__ = [
    "MAX_BODY",
    "MAX_PROOF_LINES",
    "SIZE_CONTENT_TYPE",
    "RemoteWitness",
    "Witness",
    "WitnessAnswer",
    "WitnessPublisher",
    "WitnessRequestError",
    "format_request",
    "log",
    "parse_request",
]

log = logging.getLogger("bastion.witness")

MAX_PROOF_LINES = 63
MAX_BODY = 64 * 1024
SIZE_CONTENT_TYPE = "text/x.tlog.size"


class WitnessRequestError(AuditError):
    """An add-checkpoint request that must be refused; ``status`` is the HTTP status."""

    def __init__(self, status: int, message: str, body: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.body = body if body is not None else message + "\n"


# -- wire format ------------------------------------------------------------------------


def format_request(old_size: int, proof: Sequence[bytes], note: str) -> bytes:
    """The add-checkpoint request body."""
    lines = [f"old {old_size}"] + [base64.b64encode(h).decode() for h in proof]
    return ("\n".join(lines) + "\n\n" + note).encode()


def parse_request(body: bytes) -> tuple[int, list[bytes], str]:
    """Split a request body into old size, proof hashes and the signed note (status 400)."""
    if len(body) > MAX_BODY:
        raise WitnessRequestError(400, f"request body over {MAX_BODY} bytes")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise WitnessRequestError(400, "request body is not UTF-8") from None
    head, sep, note = text.partition("\n\n")
    if not sep:
        raise WitnessRequestError(400, "request has no blank line before the checkpoint")
    lines = head.split("\n")
    first = lines[0]
    size_text = first[4:] if first.startswith("old ") else ""
    if (
        not size_text.isdigit()
        or not size_text.isascii()
        or (len(size_text) > 1 and size_text[0] == "0")
    ):
        raise WitnessRequestError(400, f"first line {first[:40]!r} is not 'old <size>'")
    if len(lines) - 1 > MAX_PROOF_LINES:
        raise WitnessRequestError(400, f"more than {MAX_PROOF_LINES} consistency proof lines")
    proof: list[bytes] = []
    for line in lines[1:]:
        try:
            value = base64.b64decode(line, validate=True)
        except binascii.Error:
            raise WitnessRequestError(400, f"proof line {line[:60]!r} is not base64") from None
        if len(value) != HASH_SIZE:
            raise WitnessRequestError(400, f"proof line {line[:60]!r} is not a 32-byte hash")
        proof.append(value)
    return int(size_text), proof, note


# -- the witness ------------------------------------------------------------------------


@dataclass(frozen=True)
class WitnessAnswer:
    status: int
    body: str
    content_type: str = "text/plain; charset=utf-8"


class Witness:
    """A witness for a set of logs, keeping each log's latest cosigned size and root.

    ``logs`` maps an origin to the log's Ed25519 key. State lives in ``state_path``
    (JSON), replaced atomically while an exclusive lock on ``<state>.lock`` is held, so
    the check of ``old`` and the update are one step even across processes.
    """

    def __init__(
        self,
        name: str,
        private_key: Ed25519PrivateKey,
        logs: Mapping[str, Ed25519PublicKey],
        state_path: str | os.PathLike[str],
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.key = CosignerKey(name, private_key.public_key())
        self.private_key = private_key
        self.logs = dict(logs)
        self.state_path = Path(state_path)
        self.clock = clock
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return self.key.name

    def add_checkpoint(self, body: bytes) -> WitnessAnswer:
        """Answer one add-checkpoint request as the spec prescribes."""
        try:
            return self._add(body)
        except WitnessRequestError as exc:
            content = SIZE_CONTENT_TYPE if exc.status == 409 and exc.body[:1].isdigit() else None
            return WitnessAnswer(exc.status, exc.body, content or "text/plain; charset=utf-8")

    def _add(self, body: bytes) -> WitnessAnswer:
        old_size, proof, note_text = parse_request(body)
        try:
            note = SignedNote.parse(note_text)
            checkpoint = Checkpoint.parse(note.text)
        except CheckpointFormatError as exc:
            raise WitnessRequestError(400, f"bad checkpoint: {exc}") from None
        log_key = self.logs.get(checkpoint.origin)
        if log_key is None:
            raise WitnessRequestError(404, f"unknown log {checkpoint.origin!r}")
        try:
            verify_note(note_text, {checkpoint.origin: log_key})
        except AuditError as exc:
            raise WitnessRequestError(403, f"checkpoint signature: {exc}") from None
        if old_size > checkpoint.size:
            raise WitnessRequestError(400, "old size is larger than the checkpoint size")
        with self._locked():
            state = self._load()
            latest = state.get(checkpoint.origin)
            have_size = int(latest["size"]) if latest else 0
            if old_size != have_size:
                raise WitnessRequestError(409, "old size mismatch", f"{have_size}\n")
            if latest is None:
                if proof:
                    raise WitnessRequestError(422, "the proof from size 0 must be empty")
            else:
                old_root = base64.b64decode(latest["root"])
                if checkpoint.size == have_size:
                    if old_root != checkpoint.root_hash:
                        raise WitnessRequestError(
                            409, "same size, different root", f"{have_size}\n"
                        )
                else:
                    try:
                        verify_consistency(
                            have_size, checkpoint.size, old_root, checkpoint.root_hash, proof
                        )
                    except ConsistencyProofError as exc:
                        log.warning(
                            "log %s: checkpoint %d is not consistent with %d: %s",
                            checkpoint.origin,
                            checkpoint.size,
                            have_size,
                            exc,
                        )
                        raise WitnessRequestError(422, f"consistency proof: {exc}") from None
            state[checkpoint.origin] = {
                "size": checkpoint.size,
                "root": base64.b64encode(checkpoint.root_hash).decode(),
                "note": note_text,
            }
            self._save(state)
        line = cosign_body(note.text, self.private_key, self.name, int(self.clock()))
        return WitnessAnswer(200, line.line())

    def latest(self, origin: str) -> tuple[int, bytes] | None:
        entry = self._load().get(origin)
        return (int(entry["size"]), base64.b64decode(entry["root"])) if entry else None

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.state_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with self._lock:
            fd = os.open(f"{self.state_path}.lock", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                yield
            finally:
                os.close(fd)

    def _load(self) -> dict[str, dict[str, Any]]:
        try:
            data = json.loads(self.state_path.read_text())
        except FileNotFoundError:
            return {}
        if not isinstance(data, dict):
            raise WitnessRequestError(500, f"witness state {self.state_path} is damaged")
        return data

    def _save(self, state: Mapping[str, object]) -> None:
        tmp = self.state_path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, json.dumps(state, sort_keys=True).encode())
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, self.state_path)


# -- the client -------------------------------------------------------------------------


@dataclass
class RemoteWitness:
    """A witness we publish to: its add-checkpoint URL prefix and its cosigner key."""

    url: str
    key: CosignerKey
    timeout: float = 5.0
    size: int | None = None
    """The size it last cosigned for our log, learnt from its answers (None: unknown)."""

    def submit(self, body: bytes) -> tuple[int, str]:
        request = urllib.request.Request(
            self.url.rstrip("/") + "/add-checkpoint",
            data=body,
            method="POST",
            headers={"Content-Type": "text/plain; charset=utf-8"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as reply:
                return int(reply.status), reply.read(MAX_BODY).decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return int(exc.code), exc.read(MAX_BODY).decode("utf-8", "replace")

    def cosign(self, note: str, proof_from: Callable[[int], list[bytes]]) -> str:
        """Get this witness's cosignature on ``note``; returns the note with it added.

        ``proof_from(old)`` gives the consistency proof from size ``old`` to the note's
        size. One 409 (we did not know its size) is followed by a retry from the size it
        names. Raises `WitnessRequestError` on any refusal, `OSError` when unreachable.
        """
        checkpoint = Checkpoint.parse(SignedNote.parse(note).text)
        old = 0 if self.size is None else self.size
        for _attempt in range(3):  # a 409 names the size to retry from (twice at most)
            if old > checkpoint.size:
                raise WitnessRequestError(
                    409,
                    f"witness {self.key.name} has cosigned {old} entries of this log but the "
                    f"log now has {checkpoint.size}: the log was truncated or replaced",
                )
            proof = proof_from(old) if old else []
            status, text = self.submit(format_request(old, proof, note))
            if status == 200:
                merged = add_signature_lines(note, text)
                if not verify_cosignatures(merged, {self.key.name: self.key.public_key}):
                    raise CheckpointSignatureError(
                        f"witness {self.key.name} answered without a cosignature by its key"
                    )
                self.size = checkpoint.size
                return merged
            if status == 409 and text.strip().isdigit():
                old = int(text.strip())
                self.size = old
                continue
            raise WitnessRequestError(status, f"witness {self.key.name}: {status} {text[:200]}")
        raise WitnessRequestError(409, f"witness {self.key.name} kept answering 409")


class WitnessPublisher:
    """Sends each new checkpoint to every remote witness from one background thread.

    ``proof_from(old, new)`` reads a consistency proof from the store; ``store_note``
    saves the cosigned note (store and local witness file). Failures are logged and
    retried with the next checkpoint: decisions never wait on a witness.
    """

    def __init__(
        self,
        witnesses: Sequence[RemoteWitness],
        proof_from: Callable[[int, int], list[bytes]],
        store_note: Callable[[int, str], None],
    ) -> None:
        self.witnesses = list(witnesses)
        self.proof_from = proof_from
        self.store_note = store_note
        self.errors: list[str] = []
        self._queue: queue.Queue[tuple[int, str] | None] = queue.Queue(maxsize=64)
        self._thread = threading.Thread(target=self._run, name="bastion-witness", daemon=True)
        self._thread.start()

    def __call__(self, checkpoint_id: int, note: str) -> None:
        with contextlib.suppress(queue.Full):
            self._queue.put_nowait((checkpoint_id, note))

    def close(self, timeout: float = 1.0) -> None:
        """Let queued checkpoints go out for at most ``timeout`` seconds, then stop.

        Short on purpose: the hook's in-process fallback closes its store before it
        answers. A checkpoint left unsent costs nothing lasting: the next one sent
        carries a consistency proof from whatever the witness last saw.
        """
        with contextlib.suppress(queue.Full):
            self._queue.put_nowait(None)
        self._thread.join(timeout)

    def drain(self, timeout: float = 10.0) -> None:
        """Wait until queued checkpoints were submitted (tests, shutdown)."""
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks and time.monotonic() < deadline:
            time.sleep(0.02)

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            try:
                if item is None:
                    return
                self._publish(*item)
            finally:
                self._queue.task_done()

    def _publish(self, checkpoint_id: int, note: str) -> None:
        size = Checkpoint.parse(SignedNote.parse(note).text).size
        merged = note
        for witness in self.witnesses:
            try:
                merged = witness.cosign(merged, lambda old: self.proof_from(old, size))
            except (AuditError, OSError, ValueError) as exc:
                message = f"witness {witness.key.name} at {witness.url}: {exc}"
                log.warning("checkpoint %d not cosigned: %s", checkpoint_id, message)
                self.errors.append(message)
                del self.errors[:-20]
        if merged != note:
            try:
                self.store_note(checkpoint_id, merged)
            except Exception:
                log.exception("could not save the cosigned checkpoint %d", checkpoint_id)
