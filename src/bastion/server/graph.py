"""A session's chain as a graph (prompt → actions → observations, plus data flow) and charts.

The graph comes from the recorded events and findings only: an action hangs off the
prompt it followed, an observation off the action with the same ``tool_use_id``, and a
data-flow edge joins the source of some data to the action that sends or uses it, where
a finding's evidence allows: a tainted upload's file back to the action that wrote it
and to the observations that showed credentials; a secret flow back to the outputs that
showed a secret; an injected argument back to the output whose text holds the value.
Everything is drawn as inline SVG on the server: no script, no build step.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from bastion.server.data import clip, describe, event_row

GRAPH_KINDS = ("prompt", "action", "permission_request", "observation")
CREDENTIAL_SOURCES = ("credential-read", "environment-dump", "secret-env-read", "secret")
LANE_X = {"prompt": 10, "action": 270, "observation": 530}
NODE_W, NODE_H, ROW_H = 240, 22, 28
MAX_SOURCES = 3  # data-flow edges drawn into one sink from the latest sources
MAX_LOOKBACK = 200  # observations searched for an injected value
# A sink with several findings: the most specific explanation labels the edge.
FLOW_PRIORITY = {"tainted-upload": 0, "secret-flow": 1, "injected-argument": 2}
DECISION_COLOUR = {"allow": "#1a7f37", "ask": "#b35900", "deny": "#cf222e"}


def build_graph(
    event_rows: Sequence[Mapping[str, Any]], finding_rows: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    """Nodes and edges (``chain``, ``result``, ``flow``) of one session, as plain data."""
    # Store rows carry the event record in ``data``; the console's rows have it unpacked.
    rows: list[Mapping[str, Any]] = [
        dict(r) if "tool_input" in r else event_row(r) for r in event_rows
    ]
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    by_event: dict[str, list[dict[str, Any]]] = {}
    for f in finding_rows:
        by_event.setdefault(f["event_id"], []).append(dict(f))
    last_prompt: int | None = None
    action_of_call: dict[str, int] = {}
    for e in rows:
        kind = e["kind"]
        if kind not in GRAPH_KINDS:
            continue
        lane = "action" if kind == "permission_request" else kind
        kinds = sorted({f["kind"] for f in by_event.get(e["id"], [])})
        nodes.append(
            {
                "seq": e["seq"],
                "id": e["id"],
                "lane": lane,
                "label": describe(e),
                "decision": e.get("decision"),
                "findings": kinds,
            }
        )
        if lane == "prompt":
            last_prompt = e["seq"]
        elif lane == "action":
            if last_prompt is not None:
                edges.append({"source": last_prompt, "target": e["seq"], "kind": "chain"})
            if e.get("tool_use_id") and kind == "action":
                action_of_call[e["tool_use_id"]] = e["seq"]
        elif lane == "observation":
            parent = action_of_call.get(e.get("tool_use_id") or "")
            if parent is not None:
                edges.append({"source": parent, "target": e["seq"], "kind": "result"})
    edges.extend(_flow_edges(rows, by_event))
    return {"nodes": nodes, "edges": edges}


def _flow_edges(
    event_rows: Sequence[Mapping[str, Any]],
    by_event: dict[str, list[dict[str, Any]]],
) -> list[dict[str, Any]]:
    """Data-flow edges in one pass: indexes of sources are kept as events go by."""
    out: list[dict[str, Any]] = []
    seen: set[tuple[int, int]] = set()
    sources: dict[str, list[int]] = {}  # finding kind -> seqs of events that carry it
    writer_of: dict[str, int] = {}  # path -> seq of the last action that wrote it
    observations: list[Mapping[str, Any]] = []
    sinks: set[int] = set()

    def add(source: int, target: int, label: str) -> None:
        if source != target and (source, target) not in seen:
            seen.add((source, target))
            sinks.add(target)
            out.append({"source": source, "target": target, "kind": "flow", "label": label})

    def latest(kinds: tuple[str, ...], before: int, n: int) -> list[int]:
        found = sorted({s for k in kinds for s in sources.get(k, [])[-n:] if s < before})
        return found[-n:]

    for e in event_rows:
        fs = by_event.get(e["id"], [])
        sink = e["seq"]
        for f in sorted(fs, key=lambda f: FLOW_PRIORITY.get(f["kind"], 9)):
            kind = f["kind"]
            evidence = f.get("evidence") or {}
            if kind == "tainted-upload":
                for path in evidence.get("files") or []:
                    writer = writer_of.get(str(path))
                    if writer is None:
                        continue
                    add(writer, sink, f"{str(path).rsplit('/', 1)[-1]} → {kind}")
                    for src in latest(CREDENTIAL_SOURCES, writer, MAX_SOURCES):
                        add(src, writer, "credential data written")
            elif kind == "egress-after-credential" and sink in sinks:
                continue  # already explained by a more specific finding
            elif kind in ("secret-flow", "credential-egress", "egress-after-credential"):
                wanted = ("secret",) if kind == "secret-flow" else CREDENTIAL_SOURCES
                for src in latest(wanted, sink, MAX_SOURCES):
                    add(src, sink, kind)
            elif kind in ("injected-argument", "untrusted-argument", "injected-code"):
                values = [str(v) for v in evidence.get("values") or [] if str(v)]
                matched = False
                for obs in reversed(observations[-MAX_LOOKBACK:]):
                    if not values:
                        break
                    text = json.dumps(obs.get("tool_output"), ensure_ascii=False)
                    if any(v in text for v in values):
                        add(obs["seq"], sink, kind)
                        matched = True
                        break
                if not matched:
                    for src in latest(("prompt-injection",), sink, 1):
                        add(src, sink, kind)
        for f in fs:
            sources.setdefault(f["kind"], []).append(sink)
        if e["kind"] == "action":
            for w in (e.get("facts") or {}).get("writes") or []:
                if w.get("path"):
                    writer_of[str(w["path"])] = sink
        elif e["kind"] == "observation":
            observations.append(e)
    return out


# -- drawing ---------------------------------------------------------------------------------


def graph_svg(graph: dict[str, Any]) -> str:
    """The graph in three lanes (prompt, actions, observations), one row per node."""
    nodes = graph["nodes"]
    if not nodes:
        return '<p class="muted">No prompts, actions or observations recorded.</p>'
    row_of = {n["seq"]: i for i, n in enumerate(nodes)}
    lane_of = {n["seq"]: n["lane"] for n in nodes}
    width = LANE_X["observation"] + NODE_W + 130
    height = len(nodes) * ROW_H + 40
    parts = [
        f'<svg class="graph" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="session graph">',
        "<defs>"
        '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" '
        'markerHeight="6" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" '
        'fill="#8c959f"/></marker>'
        '<marker id="arrow-flow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" '
        'fill="#cf222e"/></marker></defs>',
        '<g class="lanes" font-size="12" fill="#57606a">'
        f'<text x="{LANE_X["prompt"]}" y="14">prompt</text>'
        f'<text x="{LANE_X["action"]}" y="14">actions (verdict)</text>'
        f'<text x="{LANE_X["observation"]}" y="14">observations</text></g>',
    ]

    def y_mid(seq: int) -> float:
        return 30 + row_of[seq] * ROW_H + NODE_H / 2

    for edge in graph["edges"]:
        s, t = edge["source"], edge["target"]
        if s not in row_of or t not in row_of:
            continue
        sx = LANE_X[lane_of[s]]
        tx = LANE_X[lane_of[t]]
        y1, y2 = y_mid(s), y_mid(t)
        if edge["kind"] == "flow":
            x1 = sx + NODE_W
            x2 = tx + NODE_W
            bulge = max(x1, x2) + 40 + min(80, abs(y2 - y1) / 10)
            parts.append(
                f'<path class="edge flow" d="M{x1},{y1} C{bulge},{y1} {bulge},{y2} {x2},{y2}" '
                'fill="none" stroke="#cf222e" stroke-width="2" stroke-dasharray="5 3" '
                f'marker-end="url(#arrow-flow)"><title>{escape(edge.get("label", ""))}'
                "</title></path>"
            )
        else:
            x1 = sx + NODE_W
            x2 = tx
            mid = (x1 + x2) / 2
            parts.append(
                f'<path class="edge {edge["kind"]}" d="M{x1},{y1} C{mid},{y1} {mid},{y2} '
                f'{x2},{y2}" fill="none" stroke="#d0d7de" stroke-width="1" '
                'marker-end="url(#arrow)"/>'
            )
    for n in nodes:
        x = LANE_X[n["lane"]]
        y = 30 + row_of[n["seq"]] * ROW_H
        colour = DECISION_COLOUR.get(n.get("decision") or "", "#8c959f")
        fill = "#fff5f5" if n.get("decision") == "deny" else "#ffffff"
        if n["lane"] == "prompt":
            colour, fill = "#0969da", "#f0f6ff"
        label = clip(n["label"], 34)
        badge = ""
        if n["findings"]:
            badge = (
                f'<circle cx="{x + NODE_W - 8}" cy="{y + 7}" r="4" fill="#cf222e">'
                f"<title>{escape(', '.join(n['findings']))}</title></circle>"
            )
        parts.append(
            f'<a href="#e{n["seq"]}"><g class="node {n["lane"]}" data-seq="{n["seq"]}">'
            f'<rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="4" fill="{fill}" '
            f'stroke="{colour}" stroke-width="1.5"/>'
            f'<text x="{x + 6}" y="{y + 15}" font-size="11" fill="#1f2328">'
            f"#{n['seq']} {escape(label)}</text>{badge}"
            f"<title>{escape(n['label'])}</title></g></a>"
        )
    parts.append("</svg>")
    return "".join(parts)


def trend_svg(trend: list[dict[str, Any]], now: float | None = None) -> str:
    """Stacked bars of allow / ask / deny per hour over the last 24 hours."""
    width, height, pad_left, pad_bottom = 1000, 180, 40, 24
    plot_h = height - pad_bottom - 10
    top = max((b["allow"] + b["ask"] + b["deny"] + b["other"] for b in trend), default=0)
    scale = plot_h / top if top else 0.0
    bar_w = (width - pad_left - 10) / max(1, len(trend))
    parts = [
        f'<svg class="trend" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" height="{height}" role="img" aria-label="decisions per hour, last 24 h">',
        f'<text x="4" y="14" font-size="11" fill="#57606a">{top}</text>',
        f'<text x="4" y="{height - pad_bottom}" font-size="11" fill="#57606a">0</text>',
        f'<line x1="{pad_left}" y1="{height - pad_bottom}" x2="{width - 10}" '
        f'y2="{height - pad_bottom}" stroke="#d0d7de"/>',
    ]
    colours = (
        ("allow", "#2da44e"),
        ("ask", "#d4a72c"),
        ("deny", "#cf222e"),
        ("other", "#afb8c1"),
    )
    moment = time.time() if now is None else now
    for i, b in enumerate(trend):
        x = pad_left + i * bar_w + 1
        y = float(height - pad_bottom)
        tip = (
            f"{time.strftime('%H:%M', time.localtime(b['hour_start']))}: "
            f"{b['allow']} allowed, {b['ask']} asked, {b['deny']} denied, {b['other']} other"
        )
        for key, colour in colours:
            h = b[key] * scale
            if h <= 0:
                continue
            y -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" '
                f'fill="{colour}"><title>{escape(tip)}</title></rect>'
            )
        if i % 4 == 0:
            label = time.strftime("%H:%M", time.localtime(b["hour_start"]))
            parts.append(
                f'<text x="{x:.1f}" y="{height - 8}" font-size="10" fill="#57606a">{label}</text>'
            )
    parts.append(
        f'<text x="{width - 10}" y="{height - 8}" font-size="10" fill="#57606a" '
        f'text-anchor="end">{time.strftime("%H:%M", time.localtime(moment))}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)
