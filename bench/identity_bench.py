"""Benchmark session credentials: issue, verify, and the identity stage's whole check.

Measures, one call at a time after a warm-up: issuing an EdDSA session credential,
verifying it (header, cached public key, Ed25519 signature, claims), verifying a token
signed by a rotated-out key, rejecting a forged one, the full ``IdentityService.check``
of one PreToolUse event (epoch stat, verification, revocation, scope, guard stats), and
an RS256 OIDC ID token verification with a cached JWKS. Prints p50/p99/max in
microseconds, writes bench/results/identity.json, and checks the 1 ms p99 target.

    .venv/bin/python bench/identity_bench.py              # 20,000 rounds, a few seconds
    .venv/bin/python bench/identity_bench.py --rounds 2000
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cryptography
from cryptography.hazmat.primitives.asymmetric import rsa

from bastion.config import Home
from bastion.events import Event, EventKind, Principal, Session
from bastion.identity import IdentityService, TokenInvalid, jws
from bastion.identity.credentials import Scope
from bastion.identity.oidc import OIDCVerifier

TARGET_VERIFY_P99_MS = 1.0
RESULTS = Path(__file__).resolve().parent / "results" / "identity.json"


def measure(fn: Callable[[], Any], rounds: int, warmup: int = 200) -> dict[str, float]:
    for _ in range(warmup):
        fn()
    samples = []
    clock = time.perf_counter_ns
    for _ in range(rounds):
        start = clock()
        fn()
        samples.append((clock() - start) / 1000.0)
    samples.sort()
    return {
        "rounds": rounds,
        "p50_us": round(statistics.median(samples), 1),
        "p99_us": round(samples[int(len(samples) * 0.99) - 1], 1),
        "max_us": round(samples[-1], 1),
        "mean_us": round(statistics.fmean(samples), 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=20_000)
    parser.add_argument("--no-write", action="store_true", help="Do not write the JSON file.")
    args = parser.parse_args(argv)
    rounds = args.rounds

    with tempfile.TemporaryDirectory(prefix="bastion-identity-bench-") as tmp:
        root = Path(tmp)
        project = root / "src" / "demo"
        (project / ".git").mkdir(parents=True)
        service = IdentityService(Home.resolve(root / "h"), host="bench")
        tokens = service.tokens
        scope = Scope(workspace=str(project), repositories=(str(project),))

        def issue() -> str:
            return tokens.issue(
                human="alice@example.com",
                agent_instance="agt-0123456789abcdef",
                agent="claude-code",
                session_id="bench-session",
                scope=scope,
                ttl=3600,
                auth_time=time.time(),
            ).token

        token = issue()
        old_token = token
        service.admin.rotate_keys(by="bench")
        new_token = issue()
        head, body, sig = new_token.split(".")
        claims = json.loads(jws.b64url_decode(body))
        claims["scope"]["hosts"] = ["*"]  # a tampered claim: parses, then fails the signature
        forged = f"{head}.{jws.b64url_encode(json.dumps(claims).encode())}.{sig}"

        def reject() -> None:
            try:
                tokens.verify(forged)
            except TokenInvalid:
                return
            raise AssertionError("forged token verified")

        start_event = Event(
            session_id="bench-session",
            kind=EventKind.SESSION_START,
            agent="claude-code",
            native_name="SessionStart",
            cwd=str(project),
            transcript_path=str(root / "home" / ".claude" / "projects" / "x" / "s.jsonl"),
        )
        session = Session(
            id="bench-session",
            agent=Principal("agent", "claude-code", "claude-code", {"version": "2.1.329"}),
            human=service.logins.human(),
            host="bench",
            cwd=str(project),
            workspace=str(project),
        )
        service.on_session_start(session, start_event)
        action = Event(
            session_id="bench-session",
            kind=EventKind.ACTION,
            agent="claude-code",
            native_name="PreToolUse",
            tool="Bash",
            tool_input={"command": "curl https://api.github.com/user > out.json"},
            cwd=str(project),
            permission_mode="default",
        )
        hosts, paths = ["api.github.com"], [str(project / "out.json")]

        def check() -> None:
            result = service.check("bench-session", action, hosts, paths)
            assert result.denial is None

        rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        issuer = "https://login.example.com"
        oidc = OIDCVerifier(issuer, "bastion")
        oidc._keys = {"k1": jws.jwk_from_public_key(rsa_key.public_key(), "k1", "RS256")}
        oidc._fetched = time.time()  # a warm cache, as after the first fetch
        now = int(time.time())
        id_token = jws.sign(
            {"iss": issuer, "aud": "bastion", "sub": "u1", "iat": now, "exp": now + 3600},
            rsa_key,
            "RS256",
            "k1",
        )

        figures = {
            "issue": measure(issue, rounds),
            "verify": measure(lambda: tokens.verify(new_token), rounds),
            "verify_rotated_key": measure(lambda: tokens.verify(old_token), rounds),
            "reject_forged": measure(reject, rounds),
            "check_pretooluse": measure(check, rounds),
            "oidc_verify_rs256": measure(lambda: oidc.verify(id_token), max(rounds // 4, 100)),
        }
        token_bytes = len(new_token)
        service.close()

    out = {
        "figures": figures,
        "token_bytes": token_bytes,
        "target_verify_p99_ms": TARGET_VERIFY_P99_MS,
        "python": platform.python_version(),
        "cryptography": cryptography.__version__,
        "machine": platform.machine(),
        "platform": platform.platform(),
        "command": "python bench/identity_bench.py --rounds " + str(rounds),
    }
    width = max(len(k) for k in figures)
    for name, f in figures.items():
        print(
            f"{name:<{width}}  p50 {f['p50_us']:8.1f} us  p99 {f['p99_us']:8.1f} us  "
            f"max {f['max_us']:9.1f} us  ({f['rounds']} rounds)"
        )
    print(f"token size {token_bytes} bytes")
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(out, indent=2, sort_keys=True) + "\n")
        print(f"written to {RESULTS}")
    ok = figures["verify"]["p99_us"] < TARGET_VERIFY_P99_MS * 1000
    ok &= figures["verify_rotated_key"]["p99_us"] < TARGET_VERIFY_P99_MS * 1000
    print(("meets" if ok else "MISSES") + f" the {TARGET_VERIFY_P99_MS} ms p99 verify target")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
