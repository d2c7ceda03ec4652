"""CPU per provenance look-up as a session's remembered outputs grow (issues #13, #16).

One session observes N tool outputs of realistic sizes (short JSON records, mail bodies,
listings; a few with base64 runs), then looks argument values up with ``origins_of``:
a value in the first output, one in the last, one seen nowhere, a grouped account number
and a short record id. Prints CPU (time.process_time) per look-up at each N.

    .venv/bin/python bench/provenance_scaling.py [--n 10 100 1000 5000] [--reps 200]
"""

from __future__ import annotations

import argparse
import base64
import random
import time

from bastion.core.events import Event, EventKind
from bastion.core.state import SessionState
from bastion.detect import provenance


def _output(i: int, rnd: random.Random) -> str:
    """One tool output: a record, a mail or a listing, 80 to 2,000 characters."""
    kind = i % 4
    if kind == 0:
        return (
            f'{{"id": {1000 + i}, "owner": "user{i}@corp{i % 7}.test", "status": "open", '
            f'"title": "ticket number {i} about the build"}}'
        )
    if kind == 1:
        words = " ".join(
            rnd.choice(["deploy", "the", "report", "was", "sent", "to", "team"])
            for _ in range(rnd.randint(20, 300))
        )
        return f"From: person{i}@mail{i % 5}.test\nSubject: note {i}\n\n{words}\n"
    if kind == 2:
        rows = "\n".join(
            f"| file{i}_{r}.txt | {r * 13} | host{r}.files{i}.test |"
            for r in range(rnd.randint(2, 25))
        )
        return "| name | size | host |\n" + rows
    blob = base64.b64encode(f"contact admin{i}@hidden.test now".encode()).decode()
    return f"Page {i} body text with an encoded run {blob} and more words follow here."


def _session(n: int) -> SessionState:
    state = SessionState(session_id="bench", prompt="Summarise my open tickets and the mail.")
    rnd = random.Random(n)
    for i in range(n):
        event = Event(
            session_id="bench",
            kind=EventKind.OBSERVATION,
            agent="bench",
            native_name="PostToolUse",
            id=f"obs-{i}",
            tool=f"mcp__srv__tool_{i % 9}",
            tool_input={"query": f"item {i}"},
        )
        provenance.on_observation(event, _output(i, rnd), state, trusted=False, flagged=False)
    return state


def _values(n: int) -> list[str]:
    return [
        "user0@corp0.test",  # in the first output (if still remembered)
        f"person{n - 3}@mail{(n - 3) % 5}.test" if n > 3 else "person1@mail1.test",
        "nobody@nowhere.test",  # absent: every output has to be ruled out
        "de44500105175407324931",  # grouped-number path (regex), absent
        "13",  # a short id, in many outputs
        "admin3@hidden.test",  # only in a decoded (hidden) form
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, nargs="+", default=[10, 100, 1000, 5000])
    parser.add_argument("--reps", type=int, default=100)
    args = parser.parse_args()
    print(f"{'N':>6} {'kept':>6} {'ms/look-up':>11} {'ms/observe':>11}")
    for n in args.n:
        t0 = time.process_time()
        state = _session(n)
        observe_ms = (time.process_time() - t0) * 1000 / n
        values = _values(n)
        for v in values:  # warm caches as a live session would
            list(provenance.origins_of(v, state.observed))
        t0 = time.process_time()
        for _ in range(args.reps):
            for v in values:
                list(provenance.origins_of(v, state.observed))
        per = (time.process_time() - t0) * 1000 / (args.reps * len(values))
        print(f"{n:>6} {len(state.observed):>6} {per:>11.4f} {observe_ms:>11.4f}")


if __name__ == "__main__":
    main()
