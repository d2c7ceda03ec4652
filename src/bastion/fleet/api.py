"""The control plane's HTTP enrolment API (FastAPI, like the console server), and the
device's client for it (``bastion fleet enrol URL --token T``).

A human gets a one-time invitation from an administrator (``bastion fleet invite``: the
token is shown once, only its SHA-256 is stored, it expires). The device sends its audit
log's verifier key with the token, signed by that same log key over
``bastion-fleet-enrol/v1\\n`` + canonical JSON: the control plane learns that whoever
enrols holds the key, and binds the device to the invitation's human. The answer carries
the control plane's public keys (witness, control) and where to sync, which the device
keeps in its enrolment file. A revoked or refused device cannot enrol again.

**Device key rotation** (``POST /v1/rotate``, ``rotate_over_http``): a device moving to a
new log key proves it holds both, the enrolled one and the new one: the same request
(old and new verifier keys, the time) signed by each over ``bastion-fleet-rotate/v1\n`` +
canonical JSON. No invitation is needed; the new key is enrolled for the old one's human
and the old device becomes ``rotated`` (its later batches are refused). A revoked, refused
or already rotated key cannot rotate.

The API is stateless over PostgreSQL: run as many replicas as needed behind a balancer.
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
from cryptography.exceptions import InvalidSignature
from pydantic import BaseModel

from bastion.audit.note import VerifierKey
from bastion.audit.signer import LogSigner
from bastion.errors import BastionError
from bastion.fleet.enrolment import Enrolment
from bastion.fleet.errors import FleetError

__all__ = [
    "CONTEXT",
    "MAX_SKEW",
    "EnrolRequest",
    "EnrolmentRefused",
    "RotateRequest",
    "create_app",
    "enrol_over_http",
    "rotate_over_http",
    "token_digest",
]

CONTEXT = b"bastion-fleet-enrol/v1\n"
ROTATE_CONTEXT = b"bastion-fleet-rotate/v1\n"
MAX_SKEW = 300.0


class EnrolmentRefused(FleetError):
    """The control plane refused an enrolment (bad invitation, key or signature)."""


class EnrolRequest(BaseModel):
    """``POST /v1/enrol``: the device's log verifier key, the invitation, the time, and
    an Ed25519 signature by that log key over ``CONTEXT`` + canonical JSON of the rest."""

    vkey: str
    token: str
    time: float
    signature: str  # base64


class RotateRequest(BaseModel):
    """``POST /v1/rotate``: the enrolled key, the new one, the time, and the signature of
    each key over ``ROTATE_CONTEXT`` + canonical JSON of the three."""

    old: str
    new: str
    time: float
    old_signature: str  # base64
    new_signature: str  # base64


def _rotate_body(old: str, new: str, when: float) -> bytes:
    return orjson.dumps({"old": old, "new": new, "time": when}, option=orjson.OPT_SORT_KEYS)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _request_body(vkey: str, token: str, when: float) -> bytes:
    return orjson.dumps({"vkey": vkey, "token": token, "time": when}, option=orjson.OPT_SORT_KEYS)


def create_app(
    plane: Any,
    keys_dir: str | Path,
    *,
    nats_url: str,
    stream: str,
    clock: Callable[[], float] = time.time,
) -> Any:
    """The FastAPI app. ``plane`` is a `controlplane.ControlPlane` (set up)."""
    from fastapi import FastAPI, HTTPException

    from bastion.fleet.witness import WITNESS_VKEY_FILE

    folder = Path(keys_dir)
    witness_key = (folder / WITNESS_VKEY_FILE).read_text().strip()
    app = FastAPI(title="Bastion fleet control plane", docs_url=None, redoc_url=None)

    @app.get("/v1/health")
    def health() -> dict[str, bool]:
        return {"ok": True}

    @app.post("/v1/enrol")
    def enrol(req: EnrolRequest) -> dict[str, str]:
        try:
            key = VerifierKey.parse(req.vkey)
            signature = base64.b64decode(req.signature, validate=True)
            key.public_key.verify(signature, CONTEXT + _request_body(req.vkey, req.token, req.time))
        except (BastionError, ValueError, InvalidSignature):
            raise HTTPException(401, "the request is not signed by the log key it names") from None
        now = clock()
        if abs(now - req.time) > MAX_SKEW:
            raise HTTPException(401, "the request's time is off by more than 5 minutes")
        human = plane.use_invite(token_digest(req.token), key.name, now)
        if human is None:
            raise HTTPException(
                403, "the invitation is unknown, expired or used by another device; ask for one"
            )
        device = plane.enrol_key(req.vkey, human)
        if device.status != "active":
            raise HTTPException(403, f"this device is {device.status}")
        return answer(device.origin, device.human)

    def answer(origin: str, human: str) -> dict[str, str]:
        return {
            "device": origin,
            "human": human,
            # Read at each answer: a rotated control key reaches devices enrolled later.
            "witness_key": witness_key,
            "control_key": (folder / "fleet-command.pub.pem").read_text(),
            "nats": nats_url,
            "stream": stream,
        }

    @app.post("/v1/rotate")
    def rotate(req: RotateRequest) -> dict[str, str]:
        body = ROTATE_CONTEXT + _rotate_body(req.old, req.new, req.time)
        try:
            old, new = VerifierKey.parse(req.old), VerifierKey.parse(req.new)
            for key, sig in ((old, req.old_signature), (new, req.new_signature)):
                key.public_key.verify(base64.b64decode(sig, validate=True), body)
        except (BastionError, ValueError, InvalidSignature):
            raise HTTPException(401, "the request is not signed by both keys it names") from None
        if abs(clock() - req.time) > MAX_SKEW:
            raise HTTPException(401, "the request's time is off by more than 5 minutes")
        enrolled = plane.device(old.name)
        if enrolled is None or enrolled.vkey != str(old):
            raise HTTPException(403, "the old key is not enrolled; enrol with an invitation")
        device = plane.rotate(old.name, new.name, str(new))
        if device is None:
            raise HTTPException(
                403, f"the old key is {enrolled.status} or the new one is enrolled already"
            )
        return answer(device.origin, device.human)

    return app


def enrol_over_http(url: str, token: str, signer: LogSigner, *, timeout: float = 10.0) -> Enrolment:
    """Enrol this home's log key at ``url``; raises `EnrolmentRefused` or `FleetError`."""
    when = time.time()
    vkey = signer.verifier_key
    body = _request_body(vkey, token, when)
    signature = base64.b64encode(signer.private_key.sign(CONTEXT + body)).decode()
    payload = {"vkey": vkey, "token": token, "time": when, "signature": signature}
    return _post(url, "/v1/enrol", payload, timeout)


def rotate_over_http(
    url: str, old: LogSigner, new: LogSigner, *, timeout: float = 10.0
) -> Enrolment:
    """Move this device from its enrolled key ``old`` to ``new`` at ``url`` (signed by
    both); the answer is the new key's enrolment. Raises `EnrolmentRefused`/`FleetError`."""
    when = time.time()
    body = ROTATE_CONTEXT + _rotate_body(old.verifier_key, new.verifier_key, when)
    payload = {
        "old": old.verifier_key,
        "new": new.verifier_key,
        "time": when,
        "old_signature": base64.b64encode(old.private_key.sign(body)).decode(),
        "new_signature": base64.b64encode(new.private_key.sign(body)).decode(),
    }
    return _post(url, "/v1/rotate", payload, timeout)


def _post(url: str, path: str, payload: dict[str, Any], timeout: float) -> Enrolment:
    request = urllib.request.Request(
        url.rstrip("/") + path,
        data=json.dumps(payload).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            answer = json.loads(reply.read(1024 * 1024))
    except urllib.error.HTTPError as exc:
        detail = exc.read(4096).decode("utf-8", "replace")
        raise EnrolmentRefused(f"{exc.code}: {detail}") from exc
    except (OSError, ValueError) as exc:
        raise FleetError(f"control plane at {url} unreachable: {exc}; check the URL") from exc
    try:
        return Enrolment(
            device=str(answer["device"]),
            human=str(answer["human"]),
            witness_key=str(answer["witness_key"]),
            control_key=str(answer["control_key"]),
            nats=str(answer.get("nats", "")),
            stream=str(answer.get("stream", "BASTION_AUDIT")),
            api=url,
        )
    except (KeyError, TypeError) as exc:
        raise FleetError(f"control plane at {url} answered without {exc}") from exc
