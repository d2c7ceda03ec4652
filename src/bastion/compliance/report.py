"""A compliance report: each control of a framework with its status, evidence and proofs.

`build` runs the catalogue's evidence queries over a window and picks, per control, a
few log entries that show the evidence; `write` saves ``report.html``, ``report.pdf``
and ``proofs.json``, a ``bastion-audit-bundle/1`` holding those entries with RFC 9162
inclusion proofs against one signed checkpoint, which an auditor checks offline with
``bastion audit verify-bundle proofs.json --key <the log's verifier key>``.

Status of a control: *evidenced* (every evidence item present), *partly evidenced*,
*no evidence* (none present in the window), *outside scope* (Bastion holds none by
design). Scope ``partial`` is shown beside it: the record covers part of the control.
"""

from __future__ import annotations

import datetime
import html
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bastion.compliance.catalogue import Control, load
from bastion.compliance.evidence import Context, Evidence, Window, run
from bastion.errors import StoreError

STATUS_OK = "evidenced"
STATUS_PART = "partly evidenced"
STATUS_NONE = "no evidence"
STATUS_OUTSIDE = "outside scope"


@dataclass
class ControlResult:
    control: Control
    status: str
    evidence: list[Evidence]

    @property
    def samples(self) -> list[int]:
        return sorted({s for e in self.evidence for s in e.samples})


@dataclass
class Report:
    framework: str
    framework_title: str
    window: Window
    generated_at: float
    controls: list[ControlResult]
    decided_events: int
    proofs: dict[int, int] = field(default_factory=dict)  # seq -> leaf index proved
    checkpoint: str = ""
    verifier_key: str = ""
    seconds: float = 0.0

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for c in self.controls:
            out[c.status] = out.get(c.status, 0) + 1
        return out


def status_of(control: Control, evidence: list[Evidence]) -> str:
    if control.scope == "outside":
        return STATUS_OUTSIDE
    present = sum(1 for e in evidence if e.ok)
    if evidence and present == len(evidence):
        return STATUS_OK
    return STATUS_PART if present else STATUS_NONE


def build(conn: Any, framework: str, window: Window, sinks: Any = ()) -> Report:
    """Run the framework's evidence queries on one connection (one consistent view)."""
    started = time.perf_counter()
    catalogue = load()
    controls = catalogue.of(framework)
    ctx = Context(conn, window, sinks)
    # Every OWASP code the framework asks about, counted in one pass over the findings
    # (the reader remembers them) rather than one scan per code.
    tags = [i.partition(":")[2] for c in controls for i in c.evidence if i.startswith("owasp:")]
    if tags:
        ctx.read.tagged_counts(tags)
    results = []
    for control in controls:
        evidence = [run(ctx, item) for item in control.evidence]
        results.append(ControlResult(control, status_of(control, evidence), evidence))
    return Report(
        framework,
        catalogue.frameworks[framework],
        window,
        time.time(),
        results,
        ctx.decided(),
        seconds=time.perf_counter() - started,
    )


def prove(
    store: Any, report: Report, signer: Any, sign: Callable[[], None] | None = None
) -> dict[str, Any]:
    """A verifiable bundle of every sampled entry, proved against a signed checkpoint
    (a new one is signed when the newest does not cover the log).

    ``sign`` signs that new checkpoint: the CLI asks the home's daemon while one runs
    (`bastion.daemon.home_writes`, issue #18: a report stopped inside the log's lock
    would stall every decision); by default this store signs it. Entries appended after
    the checkpoint are left out of the proofs."""
    from bastion.audit.bundle import BundleEntry, build_bundle
    from bastion.audit.merkle import inclusion_proof

    seqs = sorted({s for c in report.controls for s in c.samples})
    latest = store.latest_checkpoint()
    size = store.log_size()
    if latest is None or latest.size < size or latest.origin != signer.origin:
        if sign is None:
            latest = store.checkpoint()
        else:
            sign()
            latest = store.latest_checkpoint()
            if latest is None or latest.origin != signer.origin:
                raise StoreError(
                    "no checkpoint signed with this home's log key; check <home>/keys "
                    "and `bastion status`, then run the report again"
                )
    with store.log_reader() as reader:
        found = sorted(reader.entries(seqs), key=lambda e: e.index)
        entries = [
            BundleEntry(e.index, e.entry, inclusion_proof(e.index, latest.size, reader.read_nodes))
            for e in found
            if e.index < latest.size
        ]
        report.proofs = {e.seq: e.index for e in found if e.index < latest.size}
    report.checkpoint = latest.note
    report.verifier_key = signer.verifier_key
    bundle = build_bundle(
        session={},
        entries=entries,
        checkpoint_note=latest.note,
        verifier_keys=[signer.verifier_key],
    )
    bundle["session"]["note"] = (
        f"compliance evidence for {report.framework}, not one session: entries from many "
        "sessions, each proved against the checkpoint"
    )
    return bundle


def _iso(ts: float) -> str:
    return datetime.datetime.fromtimestamp(ts, datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")


def to_dict(report: Report) -> dict[str, Any]:
    """The report as JSON (the console's API and tests read this)."""
    return {
        "framework": report.framework,
        "title": report.framework_title,
        "since": report.window.since,
        "until": report.window.until,
        "generated_at": report.generated_at,
        "decided_events": report.decided_events,
        "counts": report.counts(),
        "seconds": round(report.seconds, 3),
        "controls": [
            {
                "id": c.control.id,
                "title": c.control.title,
                "bastion": c.control.bastion,
                "scope": c.control.scope,
                "status": c.status,
                "evidence": [
                    {
                        "name": e.name,
                        "label": e.label,
                        "statement": e.statement,
                        "ok": e.ok,
                        "counts": e.counts,
                        "samples": [
                            {"seq": s, "leaf_index": report.proofs.get(s)} for s in e.samples
                        ],
                    }
                    for e in c.evidence
                ],
            }
            for c in report.controls
        ],
    }


_CSS = """
body{font-family:system-ui,sans-serif;margin:2em;color:#1b1f24;max-width:70em}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #d0d7de;padding:.4em;
vertical-align:top;text-align:left}th{background:#f6f8fa}.evidenced{color:#116329}
.partly{color:#9a6700}.none{color:#cf222e}.outside{color:#57606a}code{font-size:.9em}
li{margin:.2em 0}.small{color:#57606a;font-size:.9em}
"""


def _status_class(status: str) -> str:
    return {
        STATUS_OK: "evidenced",
        STATUS_PART: "partly",
        STATUS_NONE: "none",
        STATUS_OUTSIDE: "outside",
    }[status]


def to_html(report: Report, *, proofs_name: str = "proofs.json", standalone: bool = True) -> str:
    """The report as one HTML page (inline CSS, no scripts, nothing fetched)."""
    e = html.escape
    rows = []
    for c in report.controls:
        items = []
        for ev in c.evidence:
            mark = "✔" if ev.ok else "✘"
            proofs = ", ".join(
                f"seq {s}" + (f" (leaf {report.proofs[s]})" if s in report.proofs else "")
                for s in ev.samples
            )
            items.append(
                f"<li>{mark} <b>{e(ev.label)}</b>: {e(ev.statement)}"
                + (f'<br><span class="small">proved entries: {e(proofs)}</span>' if proofs else "")
                + "</li>"
            )
        rows.append(
            f"<tr><td><b>{e(c.control.id)}</b></td><td>{e(c.control.title)}"
            f'<br><span class="small">{e(c.control.bastion)}</span></td>'
            f'<td class="{_status_class(c.status)}">{e(c.status)}'
            + (" (in part)" if c.control.scope == "partial" else "")
            + f"</td><td><ul>{''.join(items) or '<li>none</li>'}</ul></td></tr>"
        )
    counts = ", ".join(f"{n} {s}" for s, n in sorted(report.counts().items()))
    verify = (
        f"<p>Each proved entry is in <code>{e(proofs_name)}</code> with its RFC 9162 inclusion "
        "proof against the signed checkpoint below. Check it offline: <code>bastion audit "
        f"verify-bundle {e(proofs_name)} --key '{e(report.verifier_key)}'</code> (take the key "
        "from a copy you trust, not from this page).</p>"
        f"<pre class=small>{e(report.checkpoint)}</pre>"
        if report.checkpoint
        else ""
    )
    body = (
        f"<h1>Compliance evidence: {e(report.framework_title)}</h1>"
        f"<p>Window {_iso(report.window.since)} to {_iso(report.window.until)}; generated "
        f"{_iso(report.generated_at)} from {report.decided_events} decided events. Controls: "
        f"{e(counts)}.</p>"
        "<table><tr><th>Control</th><th>What it asks, what Bastion records</th><th>Status</th>"
        f"<th>Evidence</th></tr>{''.join(rows)}</table>{verify}"
        '<p class="small">Status is what Bastion\'s record shows; a control "in part" also '
        "needs the organisation's own processes. This report is evidence for an assessor, not "
        "a certification.</p>"
    )
    if not standalone:
        return body
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        f"<title>Bastion compliance: {e(report.framework)}</title><style>{_CSS}</style></head>"
        f"<body>{body}</body></html>\n"
    )


def to_pdf(report: Report, path: Path, *, proofs_name: str = "proofs.json") -> None:
    """The same report as a PDF (fpdf2, core fonts: text is reduced to Latin-1)."""
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    def latin(text: str) -> str:
        return (
            text.replace("✔", "[ok]")
            .replace("✘", "[--]")
            .replace("→", "->")
            .encode("latin-1", "replace")
            .decode("latin-1")
        )

    pdf = FPDF(format="A4")

    def para(height: float, text: str) -> None:
        pdf.multi_cell(0, height, latin(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    para(8, f"Compliance evidence: {report.framework_title}")
    pdf.set_font("Helvetica", size=9)
    counts = ", ".join(f"{n} {s}" for s, n in sorted(report.counts().items()))
    para(
        5,
        f"Window {_iso(report.window.since)} to {_iso(report.window.until)}; generated "
        f"{_iso(report.generated_at)} from {report.decided_events} decided events. "
        f"Controls: {counts}.",
    )
    for c in report.controls:
        pdf.ln(2)
        pdf.set_font("Helvetica", "B", 10)
        scope = " (in part)" if c.control.scope == "partial" else ""
        para(5, f"{c.control.id}  {c.control.title}  [{c.status}{scope}]")
        pdf.set_font("Helvetica", size=8)
        para(4, c.control.bastion)
        for ev in c.evidence:
            mark = "[ok]" if ev.ok else "[--]"
            proofs = ", ".join(
                f"seq {s}" + (f" (leaf {report.proofs[s]})" if s in report.proofs else "")
                for s in ev.samples
            )
            line = f"  {mark} {ev.label}: {ev.statement}"
            if proofs:
                line += f". Proved: {proofs}"
            para(4, line)
    if report.checkpoint:
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 10)
        para(5, "Verification")
        pdf.set_font("Helvetica", size=8)
        para(
            4,
            f"Proved entries are in {proofs_name} with RFC 9162 inclusion proofs. Check "
            f"offline: bastion audit verify-bundle {proofs_name} --key <the log's verifier "
            f"key>. Checkpoint:\n{report.checkpoint}",
        )
    pdf.output(str(path))


def write(report: Report, out: Path, bundle: dict[str, Any] | None) -> list[Path]:
    """Write report.html, report.pdf, report.json and (with a bundle) proofs.json."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    if bundle is not None:
        proofs = out / "proofs.json"
        proofs.write_text(json.dumps(bundle, indent=1, default=str) + "\n")
        written.append(proofs)
    page = out / "report.html"
    page.write_text(to_html(report), encoding="utf-8")
    pdf = out / "report.pdf"
    to_pdf(report, pdf)
    data = out / "report.json"
    data.write_text(json.dumps(to_dict(report), indent=1) + "\n")
    return [page, pdf, data, *written]
