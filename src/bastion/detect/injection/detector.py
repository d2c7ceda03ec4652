"""Scores one tool output for prompt injection: heuristics and the linear model, per window."""

from __future__ import annotations

from dataclasses import dataclass

from bastion.detect.injection.code_window import is_code_window
from bastion.detect.injection.features import TOKEN_RE, normalise, token_spans, tokens
from bastion.detect.injection.heuristics import Hit, find_hits
from bastion.detect.injection.model import LinearModel, logit, shipped_model, sigmoid

# Outputs longer than this are not scored whole: the head, the tail and the chunks with the
# most injection vocabulary are. Keeps the worst case bounded for multi-megabyte outputs.
MAX_SCORED_CHARS = 64 * 1024
_CHUNK = 16 * 1024
_SUSPICIOUS = (
    "ignore",
    "instruction",
    "assistant",
    "you must",
    "your response",
    "important",
    "<information",
    "system",
    "before you",
    "do not tell",
)


@dataclass(frozen=True, slots=True)
class InjectionAssessment:
    """How likely a tool output carries instructions aimed at the agent, and why."""

    score: float  # 0..1
    is_injection: bool  # score >= the shipped threshold
    signals: tuple[str, ...]  # short names of what fired, strongest first
    span: tuple[int, int] | None  # where the strongest signal is, offsets into the text
    confirmed: bool = False  # score >= the model's calibrated confirm threshold
    # A rule that reads the text as addressed to its machine reader fired in the scored
    # window (CORROBORATING), or two different rules did. The n-grams alone say "this reads
    # like an injection"; a rule says where the instruction is and to whom it speaks.
    corroborated: bool = False

    @property
    def affects_session(self) -> bool:
        """Flagged and either corroborated by a rule or above the confirm threshold.

        Only such a flag may change how the session is judged (values it introduced become
        injected, containment). A classifier-only flag below confirm is recorded: on
        ordinary code, docs and release notes from unseen projects it is the kind of hit
        that is wrong about one output in a hundred (docs/injection-model.md)."""
        return self.is_injection and (self.corroborated or self.confirmed)


# Rules that, alone, read a passage as an instruction to the agent: overriding its
# instructions, addressing it as an AI, hijacking its task, faking a system or user turn,
# hiding the act from the user, role-play, hidden text for a machine reader, or telling it
# what its answer or code must contain. Not alone: "send/upload ... to <url>" and urgency,
# which ordinary READMEs and tickets also say.
CORROBORATING = frozenset(
    {
        "override-instructions",
        "addressed-to-assistant",
        "task-hijack",
        "fake-marker",
        "conceal-from-user",
        "roleplay-jailbreak",
        "hidden-text",
        "response-directive",
        "code-directive",
    }
)


@dataclass(frozen=True, slots=True)
class _Scored:
    ngram: float
    rules: float
    window_start: int
    window_end: int
    toks: list[str]
    hits: list[Hit]
    rule_positions: list[tuple[str, int]]
    normalised: str


def rule_positions(normalised: str, hits: list[Hit]) -> list[tuple[str, int]]:
    """Each hit as (rule name, index of the token it starts at, or the last token)."""
    if not hits:
        return []
    # Count tokens between consecutive hits (hits are in text order): one pass up to the
    # last hit, at regex speed. Hits start at word boundaries, so no token is split.
    out: list[tuple[str, int]] = []
    index, pos = 0, 0
    for hit in hits:
        if hit.start > pos:
            index += len(TOKEN_RE.findall(normalised, pos, hit.start))
            pos = hit.start
        out.append((hit.name, index))
    total = index + len(TOKEN_RE.findall(normalised, pos))
    last = max(total - 1, 0)
    return [(name, min(at, last)) for name, at in out]


def _score_piece(model: LinearModel, text: str) -> _Scored:
    normalised = normalise(text)
    toks = tokens(normalised)
    hits = find_hits(normalised, set(toks))
    positions = rule_positions(normalised, hits)
    ngram, rules, start = model.best_window(toks, positions)
    return _Scored(ngram, rules, start, start + model.window, toks, hits, positions, normalised)


def _pieces(text: str) -> list[tuple[int, str]]:
    """(offset, text) of the parts of a long output that are scored."""
    if len(text) <= MAX_SCORED_CHARS:
        return [(0, text)]
    chunks = [(at, text[at : at + _CHUNK]) for at in range(0, len(text), _CHUNK)]
    head, tail, middle = chunks[0], chunks[-1], chunks[1:-1]
    lowered = [(chunk[1].lower(), chunk) for chunk in middle]
    ranked = sorted(
        lowered, key=lambda item: sum(item[0].count(word) for word in _SUSPICIOUS), reverse=True
    )
    return [head, *(chunk for _, chunk in ranked[:2]), tail]


def assess(text: str, model: LinearModel | None = None) -> InjectionAssessment:
    """Assess one tool output (any text: code, shell output, e-mail, web page, JSON)."""
    model = model or shipped_model()
    best: tuple[float, int, _Scored] | None = None
    for offset, piece in _pieces(text):
        scored = _score_piece(model, piece)
        total = model.bias + scored.ngram + scored.rules
        if best is None or total > best[0]:
            best = (total, offset, scored)
    assert best is not None
    total, offset, scored = best
    score = sigmoid(total)
    flagged = score >= model.threshold
    in_window = [
        hit
        for hit, (_, pos) in zip(scored.hits, scored.rule_positions, strict=True)
        if scored.window_start <= pos < scored.window_end
    ]
    in_window.sort(key=lambda hit: model.rules.get(hit.name, 0.0), reverse=True)
    signals = list(dict.fromkeys(hit.name for hit in in_window))
    if model.bias + scored.ngram >= logit(model.threshold):
        signals.append("classifier")
    span: tuple[int, int] | None = None
    if in_window:
        span = (offset + in_window[0].start, offset + in_window[0].end)
    elif flagged and scored.toks:
        span = _window_span(scored, offset)
    confirmed = flagged and score >= model.confirm
    rules = {hit.name for hit in in_window}
    corroborated = bool(rules & CORROBORATING) or len(rules) >= 2
    if confirmed and not corroborated and not in_window and scored.toks:
        # the classifier alone, on a window of code statements: recorded, not confirmed
        # (code_window says why)
        start, end = _window_span(scored, offset)
        if is_code_window(text[start:end]):
            confirmed = False
    return InjectionAssessment(score, flagged, tuple(signals), span, confirmed, corroborated)


def _window_span(scored: _Scored, offset: int) -> tuple[int, int]:
    spans = token_spans(scored.normalised)
    first = spans[min(scored.window_start, len(spans) - 1)][0]
    last = spans[min(scored.window_end, len(spans)) - 1][1]
    return offset + first, offset + last
