"""The evidence reader's one-pass event tally answers exactly what a query per count would.

`bastion.store.evidence.EvidenceReader` counts events from one grouped pass and reads
samples newest-first from the newest match it saw (it was some twenty scans per report
at a million events). The oracle here is the plain query for each count and each sample,
over a record the real engine made, for windows covering all of it, part of it and none."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from test_store_support import backend_url

from bastion.cli.demo import incident_payloads
from bastion.engine import Engine
from bastion.policy.engine import PolicyEngine
from bastion.sensors.claude_code import SENSOR as CLAUDE_CODE
from bastion.store import Store
from bastion.store.evidence import EvidenceReader
from bastion.store.schema import events


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """The real engine's record of two sessions, on SQLite and on PostgreSQL."""
    for url in backend_url(request, tmp_path):
        made = Store(url)
        engine = Engine(made, PolicyEngine.load(), home_dir="/home/dev")
        for session in ("inc-1", "inc-2"):
            for payload in incident_payloads(session):
                engine.process(CLAUDE_CODE.to_event(payload))
        yield made
        made.close()


DECISIONS = (None, "allow", "deny", "ask")
NAMES = (None, "PreToolUse", "ModeChange", "Configuration", "SessionAttribution")
KINDS: tuple[tuple[str, ...], ...] = ((), ("action",), ("action", "permission_request", "prompt"))


def test_counts_and_samples_match_a_query_each(store: Store) -> None:
    with store.snapshot() as conn:
        times = sorted(float(t) for (t,) in conn.execute(select(events.c.time)))
        assert len(times) > 30
        middle = times[len(times) // 2]
        windows = [(0.0, times[-1] + 1), (middle, times[-1] + 1), (0.0, middle), (0.0, 1.0)]
        checked = nonzero = 0
        for since, until in windows:
            reader = EvidenceReader(conn, since, until)
            for decision, name, kinds, windowed in itertools.product(
                DECISIONS, NAMES, KINDS, (True, False)
            ):
                where = []
                if windowed:
                    where += [events.c.time >= since, events.c.time < until]
                if decision is not None:
                    where.append(events.c.decision == decision)
                if name is not None:
                    where.append(events.c.native_name == name)
                if kinds:
                    where.append(events.c.kind.in_(kinds))
                want = conn.execute(select(func.count()).select_from(events).where(*where))
                count = want.scalar_one()
                newest = [
                    int(s)
                    for (s,) in conn.execute(
                        select(events.c.seq).where(*where).order_by(events.c.seq.desc()).limit(3)
                    )
                ]
                args = {"decision": decision, "native_name": name, "kinds": kinds}
                assert reader.count_events(**args, windowed=windowed) == count, args
                assert reader.latest_event_seqs(3, **args, windowed=windowed) == newest, args
                checked += 1
                nonzero += count > 0
            decided = dict(
                conn.execute(
                    select(events.c.decision, func.count())
                    .where(
                        events.c.time >= since,
                        events.c.time < until,
                        events.c.kind.in_(KINDS[2]),
                    )
                    .group_by(events.c.decision)
                ).all()
            )
            assert reader.decision_counts(KINDS[2]) == {
                str(d or "none"): n for d, n in decided.items()
            }
    assert checked == 4 * len(DECISIONS) * len(NAMES) * len(KINDS) * 2
    assert nonzero > checked // 4  # the record has matches for many of the filters


def test_tag_counts_of_one_pass_match_a_query_per_tag(store: Store) -> None:
    from sqlalchemy import Text

    from bastion.store.schema import findings

    tags = [f"ASI{n:02d}" for n in range(1, 11)] + ["not-a-tag"]
    with store.snapshot() as conn:
        times = sorted(float(t) for (t,) in conn.execute(select(findings.c.time)))
        for since, until in ((0.0, times[-1] + 1), (times[len(times) // 2], times[-1] + 1)):
            reader = EvidenceReader(conn, since, until)
            got = reader.tagged_counts(tags)
            for tag in tags:
                text = func.coalesce(findings.c.evidence.cast(Text()), "")
                where = (findings.c.time >= since, findings.c.time < until)
                query = select(func.count()).where(*where, text.contains(f'"{tag}"'))
                assert got[tag] == conn.execute(query).scalar_one(), tag
                assert reader.count_tagged_findings(tag) == got[tag]
                seqs = reader.tagged_finding_seqs(tag, 3)
                # Events of the first matching findings (several may share an event).
                assert (len(seqs) > 0) == (got[tag] > 0) and len(seqs) <= 3, tag
            assert any(got.values())  # the incident's sequence rules carry an OWASP code


def test_the_credential_tally_counts_the_registry_in_the_window(
    store: Store, tmp_path: Path
) -> None:
    from bastion.identity.registry import Registry
    from bastion.store.identity import GrantRow, IdentitySessionRow

    def session(sid: str, issued: float, minutes: int) -> IdentitySessionRow:
        return IdentitySessionRow(
            sid, "alice@example.test", "inst-1", f"jti-{sid}", "not-a-real-token",
            issued, issued + minutes * 60, issued, "", {},
        )  # fmt: skip

    root = tmp_path / "registry-home"
    root.mkdir(mode=0o700)
    registry = Registry(root, store=store)
    registry.save_session(session("old", 1000.0, 600))  # before the window: not counted
    registry.save_session(session("a", 5000.0, 60))
    registry.save_session(session("b", 5100.0, 30))
    registry.add_grant(GrantRow("g1", "a", "host", "pypi.org", 5200.0, 5800.0, "bob", "why"))
    registry.add_grant(GrantRow("g2", "a", "tool", "Bash", 5300.0, 5900.0, "", "why"))
    registry.revoke("session", "b", "bob", "test", 5400.0)
    registry.revoke("session", "old", "bob", "test", 1500.0)  # before the window
    with store.snapshot() as conn:
        tally = EvidenceReader(conn, 4000.0, 6000.0).credential_tally()
        empty = EvidenceReader(conn, 0.0, 1.0).credential_tally()
    assert (tally.issued, tally.longest_seconds) == (2, 3600)
    assert (tally.grants, tally.grants_unapproved, tally.revocations) == (2, 1, 1)
    assert (empty.issued, empty.longest_seconds, empty.grants, empty.revocations) == (0, 0, 0, 0)
