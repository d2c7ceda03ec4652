"""Hand-written rules for instructions aimed at the agent inside data (tool outputs)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bastion.detect.injection.features import stem

# Each rule is one idea an injection needs, written broadly enough to cover wordings that are
# in no corpus. Rules run on the normalised text (lower-case; URLs, e-mail addresses and AI
# model names already replaced by "xurl", "xemail" and "xai", offsets unchanged), so their
# spans are offsets into the input. Gaps are bounded ({0,N}) so no rule backtracks badly.
#
# Python's `re` tries every alternative at every position, so eleven rules over 16 KB cost
# several milliseconds. Each pattern therefore has a gate: groups of anchor words, every group
# needing one of its words among the text's tokens. A set lookup rejects nearly all tool
# outputs before any regex runs. A gate must be a necessary condition of its pattern.

_AI = (
    r"(?:ai|assistant|ai assistant|chatbot|language model|llm|large language model|"
    r"model|agent|ai agent|coding agent|bot|xai)"
)
_AI_WORDS = "ai assistant chatbot language llm large model agent coding bot xai"
# The AI words that rarely name anything else; "model", "agent" and "bot" are everywhere in
# code, so greetings must use one of these to count.
_AI_STRICT = r"(?:ai|assistant|ai assistant|chatbot|language model|llm|ai agent|xai)"
_AI_STRICT_WORDS = "ai assistant chatbot language llm xai"
_OUTPUT = r"(?:response|answer|reply|output|summary|result|completion)"
_OUTPUT_WORDS = "response answer reply output summary result completion"
_SEND = (
    r"(?:send|forward|transfer|wire|upload|post|e-?mail|share|exfiltrate|leak|copy|paste|"
    r"publish|submit|invite|add|delete|remove|erase|wipe|pay|grant|change|reset|rename)"
)
_SEND_WORDS = (
    "send forward transfer wire upload post email e share exfiltrate leak copy paste "
    "publish submit invite add delete remove erase wipe pay grant change reset rename"
)


@dataclass(frozen=True, slots=True)
class Rule:
    """One pattern of a heuristic: the signal it reports, the regex, and its gate."""

    name: str
    pattern: re.Pattern[str]
    gate: tuple[frozenset[str], ...]
    # Substrings of which every match contains one: the regex only runs around them.
    anchors: tuple[str, ...]


def _rule(name: str, pattern: str, *gate: str, anchors: tuple[str, ...]) -> Rule:
    """A rule; each gate argument is one group of space-separated anchor words."""
    groups = tuple(frozenset(stem(w) for w in group.split()) for group in gate)
    return Rule(name, re.compile(pattern, re.MULTILINE), groups, anchors)


RULES: tuple[Rule, ...] = (
    _rule(
        "override-instructions",
        r"\b(?:ignore|disregard|forget|override|overrule|bypass|skip|discard|abandon)\b"
        r"[\w ,'-]{0,40}?\b(?:previous|prior|above|earlier|preceding|original|initial|"
        r"system|all|any|other|your|the user'?s?|existing)\b[\w ,'-]{0,20}?"
        r"\b(?:instructions?|prompts?|rules|directions|directives|guidelines|guardrails|"
        r"commands|constraints|task|orders|programming)\b",
        "ignore disregard forget override overrule bypass skip discard abandon",
        (
            "instructions prompt prompts rules directions directives guidelines "
            "guardrails commands constraints task orders programming"
        ),
        anchors=(
            "ignor",
            "disregard",
            "forget",
            "overrid",
            "overrul",
            "bypass",
            "skip",
            "discard",
            "abandon",
        ),
    ),
    _rule(
        "override-instructions",
        r"\b(?:new|updated|real|actual|true|revised) (?:instructions?|task|directives?|orders)"
        r"\s*(?::|follow|are\b|is\b)",
        "new updated real actual true revised",
        "instructions task directives orders",
        anchors=("instruction", "task", "directive", "orders"),
    ),
    _rule(
        "override-instructions",
        r"\bfrom now on,? (?:you|your|always|only|never|respond|answer|act)\b"
        r"|\binstead of (?:the|your) (?:original|user'?s?|assigned|current) task\b",
        "now instead",
        "you your always only never respond answer act task",
        anchors=("now on", "instead of"),
    ),
    _rule(
        "addressed-to-assistant",
        r"\b(?:dear|hey|hi|hello|attention|note to|message (?:for|to)|instructions? for|"
        r"this is for|to you,?|calling all)\s*,?\s*(?:the |an |any |all |my )?"
        + _AI_STRICT
        + r"s?\b",
        "dear hey hi hello attention note message instructions this you calling",
        _AI_STRICT_WORDS,
        anchors=(
            "assistant",
            "chatbot",
            "language model",
            "llm",
            "xai",
            " ai",
            "\nai",
            "\tai",
            ",ai",
        ),
    ),
    _rule(
        "addressed-to-assistant",
        r"\b(?:if|when|since|because|as) you are (?:an? |the )?" + _AI_STRICT + r"\b"
        r"|\byou are (?:now )?(?:an? |the )?(?:ai|artificial intelligence|helpful|"
        r"language model|large language model|llm)\b"
        r"|\b(?:as|being) an? (?:ai|language model|llm|assistant)\b",
        "you being as",
        _AI_STRICT_WORDS + " artificial helpful",
        anchors=("you are", "as a", "being a"),
    ),
    _rule(
        "addressed-to-assistant",
        r"\b(?:ai|llm|language model|assistant|agent|xai)s? (?:reading|processing|"
        r"summari[sz]ing|parsing|that reads?) this\b",
        "ai llm language assistant agent agents xai",
        "reading processing summarising summarizing parsing that",
        "this",
        anchors=(
            "reading this",
            "processing this",
            "summarising this",
            "summarizing this",
            "parsing this",
            "that read",
        ),
    ),
    _rule(
        "task-hijack",
        r"\bbefore (?:you |we )?(?:can |do |start |begin )?(?:solv|answer|complet|"
        r"continu|proceed|respond|finish|reply|do(?:ing)? (?:the|your|that|this))\w*"
        r"[\w ,'-]{0,50}?\b(?:task|request|question|that|this)\b",
        "before",
        "task request question that this",
        anchors=("before",),
    ),
    _rule(
        "task-hijack",
        r"\b(?:after|once) you(?:'ve| have)? (?:do(?:ne)?|complet\w*|finish\w*) "
        r"(?:that|this|the above|these steps)\b[\w ,'-]{0,40}\b(?:you can|continue|proceed|"
        r"go back|resume|return)\b"
        r"|\bthe (?:original |initial )?task (?:that )?(?:i|the user) (?:gave|assigned|asked)\b",
        "after once task",
        "you gave assigned asked",
        anchors=("after you", "once you", "task "),
    ),
    _rule(
        "task-hijack",
        r"\b(?:first|before anything else|before that),? (?:you (?:must|need to|should) |"
        r"please )(?:\w+ ){0,2}?" + _SEND + r"\b",
        "first before",
        "you please",
        _SEND_WORDS,
        anchors=("first", "before"),
    ),
    _rule(
        "fake-marker",
        r"<\s*/?\s*(?:information|important|instructions?|system|admin|im_start|im_end|"
        r"sys)\s*>"
        r"|\[\s*/?\s*(?:inst|system|admin|important|sys)\s*\]"
        r"|<\|(?:im_start|im_end|system|endoftext)\|>",
        "information important instructions system admin im sys inst endoftext",
        anchors=("sys", "inst", "im_", "admin", "important", "information", "endoftext"),
    ),
    _rule(
        "fake-marker",
        r"\b(?:system|admin(?:istrator)?|developer|important|urgent) (?:message|note|notice|"
        r"instructions?|override|prompt|update)\s*[:!]"
        r"|\bimportant (?:message|instructions?|notice|update) (?:from|for|to)\b"
        r"|\bsystem prompt\b",
        "system admin administrator developer important urgent",
        "message note notice instructions override prompt update",
        anchors=("system", "admin", "developer", "important", "urgent"),
    ),
    _rule(
        "fake-marker",
        r"\b(?:end|begin|start) of (?:the )?(?:user |system )?(?:prompt|instructions?|"
        r"conversation)\b",
        "end begin start",
        "prompt instructions instruction conversation",
        anchors=("end of", "begin of", "start of"),
    ),
    _rule(
        "exfiltration-request",
        r"\b" + _SEND + r"\b[^\n;]{0,80}?\b(?:to|at|into|on|via)\s+['\"(<]*"
        r"(?:xemail|xurl)",
        _SEND_WORDS,
        "to at into on via",
        "xemail xurl",
        anchors=("xemail", "xurl"),
    ),
    _rule(
        "exfiltration-request",
        r"\b(?:send|transfer|wire|pay)\b[^\n;]{0,80}?\b(?:to|into)\s+(?:the )?(?:iban |account )?"
        r"['\"(<]*[a-z]{2}[0-9]{2}[a-z0-9]{8,}\b",
        "send transfer wire pay",
        "to into",
        anchors=("send", "transfer", "wire", "pay"),
    ),
    _rule(
        "exfiltration-request",
        r"\b(?:visit|go to|open|browse to|navigate to|click|download (?:\w+ ){0,3}from|"
        r"fetch|curl|wget)\s+(?:the (?:link|url|site|website|page) )?['\"(<]*xurl",
        "visit go open browse navigate click download fetch curl wget",
        "xurl",
        anchors=("xurl",),
    ),
    _rule(
        "exfiltration-request",
        r"\b(?:send|forward|e-?mail|upload|post|share|leak)\b[\w ,'-]{0,40}\b(?:password|"
        r"credentials?|secret|token|api key|private key|ssh key|security code|"
        r"2fa|otp|cookies?|env(?:ironment)? variables?)\b",
        "send forward email e upload post share leak",
        (
            "password credentials credential secret token api private ssh security fa "
            "otp cookie cookies env environment"
        ),
        anchors=(
            "password",
            "credential",
            "secret",
            "token",
            "api key",
            "private key",
            "ssh key",
            "security code",
            "2fa",
            "otp",
            "cookie",
            "env",
        ),
    ),
    _rule(
        "response-directive",
        r"\b(?:in|to|into|within|at the (?:end|start|beginning) of) your (?:final |next )?"
        + _OUTPUT
        + r"s?\b"
        r"|\byour (?:final )?" + _OUTPUT + r" (?:should|must|has to|needs to|will)\b"
        r"|\b(?:provide|give|write|format|begin|start|end) your " + _OUTPUT + r"\b",
        "your",
        _OUTPUT_WORDS,
        anchors=(
            "your response",
            "your answer",
            "your reply",
            "your output",
            "your summary",
            "your result",
            "your completion",
            "your final",
            "your next",
        ),
    ),
    _rule(
        "response-directive",
        r"\b(?:respond|reply|answer|write) (?:only |solely |exclusively )?"
        r"(?:in|with|using) (?:base64|hex|rot13|reverse|emoji|morse|pig latin|all caps|"
        r"uppercase|french|spanish|german|chinese|a \w+ (?:tone|style|accent))\b",
        "respond reply answer write",
        (
            "base hex rot reverse emoji morse pig all uppercase french spanish german "
            "chinese tone style accent"
        ),
        anchors=("respond", "reply", "answer", "write "),
    ),
    _rule(
        "code-directive",
        r"\b(?:add|append|insert|include|incorporate|integrate|embed|inject|meld|enlist|"
        r"execute|run|use|utili[sz]e|employ|apply|paste)\b[\w ,'-]{0,40}?"
        r"\b(?:following|below|this|subsequent|given|provided)\b[\w ,'-]{0,20}?"
        r"\b(?:code|snippet|excerpt|block|script|command|payload|function|lines?)\b"
        r"[\w ,'-]{0,40}?\b(?:your|the user'?s?)\b",
        "following below this subsequent given provided",
        "code snippet excerpt block script command payload function line lines",
        "your user",
        anchors=("your", "the user"),
    ),
    _rule(
        "code-directive",
        r"\b(?:your|the user'?s?) (?:code|solution|implementation|codebase|program|"
        r"script|project) (?:should|must|needs to) (?:include|contain|embody|call|run)\b",
        "your user",
        "should must needs",
        "include contain embody call run",
        anchors=("your", "the user"),
    ),
    _rule(
        "conceal-from-user",
        r"\b(?:do not|don'?t|never|without) (?:tell|tells|telling|inform|informing|mention|"
        r"mentioning|notify|notifying|alert|alerting|reveal|revealing|let|letting)"
        r"(?: (?:the|your|any))? (?:user|human|owner|operator|anyone|them)\b",
        "not don dont never without",
        "tell tells telling inform informing mention mentioning notify notifying alert "
        "alerting reveal revealing let letting",
        "user human owner operator anyone them",
        anchors=("tell", "inform", "mention", "notify", "alert", "reveal", "let"),
    ),
    _rule(
        "conceal-from-user",
        r"\bwithout (?:the )?(?:user|human|owner)'?s? (?:knowing|knowledge|consent|noticing)\b",
        "without",
        "knowing knowledge consent noticing",
        anchors=("without",),
    ),
    _rule(
        "conceal-from-user",
        r"\b(?:secretly|silently|covertly|quietly)\b[\w ,'-]{0,30}?\b" + _SEND + r"\b"
        r"|\bdelete (?:the|this|that) (?:e-?mail|message|file|evidence) (?:you )?"
        r"(?:have |just )?(?:sent|created|after)\b",
        "secretly silently covertly quietly delete",
        _SEND_WORDS,
        anchors=("secretly", "silently", "covertly", "quietly", "delete"),
    ),
    _rule(
        "roleplay-jailbreak",
        r"\b(?:you are now|from now on you are|pretend (?:to be|that you|you are)|"
        r"act as (?:if|an?|the)|roleplay as|role-play as|play the role of)\b",
        "you pretend act roleplay role play",
        "now be that are if a an the as of",
        anchors=(
            "you are now",
            "from now on you are",
            "pretend",
            "act as",
            "roleplay",
            "role-play",
            "play the role",
        ),
    ),
    _rule(
        "roleplay-jailbreak",
        r"\b(?:developer|god|jailbreak|unrestricted|dan) mode\b"
        r"|\bdo anything now\b"
        r"|\b(?:without|free of|ignore (?:all|any|your)) (?:any )?(?:ethical |moral |"
        r"safety )?(?:restrictions|filters|guidelines|limitations|censorship)\b",
        "developer god jailbreak unrestricted dan anything without free ignore",
        "mode now restrictions filters guidelines limitations censorship",
        anchors=(
            " mode",
            "anything now",
            "restriction",
            "filter",
            "guideline",
            "limitation",
            "censorship",
        ),
    ),
    _rule(
        "hidden-text",
        # A comment hidden from a rendered page that addresses its machine reader. Bare
        # "instructions" is not enough: templates say "Instructions for filing a bug" to
        # the humans who fill them in; "new/following/your instructions" speaks to an agent.
        r"<!--[^>]{0,160}?\b(?:ignore|(?:new|following|updated|real|hidden|secret|system|"
        r"previous|prior|your|these)\s+instructions?|instructions? (?:for|to) (?:the |any )?"
        r"(?:ai|assistant|agent|model|llm)|assistant|ai|agent|prompt|you must|do not tell)\b",
        "ignore instruction instructions assistant ai agent prompt must tell",
        anchors=("<!--",),
    ),
    _rule(
        "hidden-text",
        r"\b(?:display\s*:\s*none|font-size\s*:\s*0|color\s*:\s*(?:white|#fff\b|#ffffff))"
        r"[^>]{0,80}>[^<]{0,80}\b(?:ignore|instructions?|assistant|you must|please)\b",
        "display font color",
        "ignore instruction instructions assistant must please",
        anchors=("display", "font-size", "color"),
    ),
    _rule(
        "urgent-imperative",
        r"\b(?:urgent(?:ly)?|immediately|right now|right away|asap|as soon as possible|"
        r"without delay|without (?:asking|confirmation|confirming|hesitation|checking))\b"
        r"[^\n.]{0,60}?\b(?:you must|you need to|you should|please|must|" + _SEND + r")\b",
        "urgent urgently immediately right asap soon without",
        "must need should please " + _SEND_WORDS,
        anchors=(
            "urgent",
            "immediately",
            "right now",
            "right away",
            "asap",
            "as soon as possible",
            "without",
        ),
    ),
    _rule(
        "urgent-imperative",
        r"\byou (?:must|need to|have to|are required to) (?:immediately |now |first )?"
        + _SEND
        + r"\b[^\n.]{0,60}?\b(?:to|at)\b",
        "you",
        "must need have required",
        _SEND_WORDS,
        anchors=("you must", "you need to", "you have to", "you are required to"),
    ),
)

RULE_NAMES: tuple[str, ...] = tuple(dict.fromkeys(rule.name for rule in RULES))

# Invisible characters used to hide text from a human reader; checked by a plain scan (a
# gate on tokens cannot see them).
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\u2062\u2063\u2064\U000e0000-\U000e007f]{3,}")

# A floor under each rule's learned log-odds weight. The training corpora exercise only a
# few rules (AgentDojo's template, BIPIA's phrasings); these floors are judgement, so that a
# rule that no training sample exercised still counts: the unambiguous ones (overriding the
# agent's instructions, concealment, role-play) are enough on their own.
PRIOR_WEIGHTS: dict[str, float] = {
    "override-instructions": 7.0,
    "addressed-to-assistant": 5.0,
    "task-hijack": 5.0,
    "fake-marker": 3.0,
    "exfiltration-request": 3.0,
    "response-directive": 3.0,
    "code-directive": 3.0,
    "conceal-from-user": 5.0,
    "roleplay-jailbreak": 5.0,
    "hidden-text": 5.0,
    "urgent-imperative": 2.0,
}

# How many matches of one pattern count: a document that repeats a phrase is not more
# hostile each time, and the cap bounds the work of mapping matches to token positions.
MAX_HITS_PER_RULE = 3

# Every pattern's match spans fewer than _REACH characters on either side of its anchor.
_REACH = 200
_MAX_ANCHORS = 400


@dataclass(frozen=True, slots=True)
class Hit:
    """One rule match: the rule's signal name and the character span it covers."""

    name: str
    start: int
    end: int


def find_hits(normalised: str, token_set: set[str] | frozenset[str]) -> list[Hit]:
    """Rule matches in a normalised text whose tokens are `token_set`, in text order."""
    hits: list[Hit] = []
    for rule in RULES:
        if not all(token_set & group for group in rule.gate):
            continue
        count = 0
        for lo, hi in _regions(normalised, rule.anchors):
            for match in rule.pattern.finditer(normalised, lo, hi):
                hits.append(Hit(rule.name, match.start(), match.end()))
                count += 1
                if count >= MAX_HITS_PER_RULE:
                    break
            if count >= MAX_HITS_PER_RULE:
                break
    if _has_invisible(normalised):
        for count, match in enumerate(_INVISIBLE_RE.finditer(normalised), start=1):
            hits.append(Hit("hidden-text", match.start(), match.end()))
            if count >= MAX_HITS_PER_RULE:
                break
    hits.sort(key=lambda hit: hit.start)
    return hits


def _regions(text: str, anchors: tuple[str, ...]) -> list[tuple[int, int]]:
    """Merged stretches of `text` within `_REACH` of an anchor, in order."""
    spans: list[tuple[int, int]] = []
    for anchor in anchors:
        at = text.find(anchor)
        while at != -1:
            spans.append((max(at - _REACH, 0), at + len(anchor) + _REACH))
            if len(spans) > _MAX_ANCHORS:
                return [(0, len(text))]  # so many anchors that one full scan is cheaper
            at = text.find(anchor, at + len(anchor))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    # Start each stretch after a space so that \b at its edge is a real word boundary.
    return [(text.rfind(" ", 0, lo) + 1 if lo else 0, min(hi, len(text))) for lo, hi in merged]


def _has_invisible(text: str) -> bool:
    # str.isascii is a C-speed check that clears nearly every tool output at once.
    return not text.isascii() and _INVISIBLE_RE.search(text) is not None
