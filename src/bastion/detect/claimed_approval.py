"""Approval the data claims instead of the approval the session saw.

A record that asks for a guarded action (a disbursement released, a loan approved, a
takedown filed) often carries its own reason why the usual check need not happen: "the
programme officer said to release now", "the director already agreed by phone", "we'll sort
the paperwork later". That is the oldest pretext of fraud: an approval nobody in the session
gave, or a check deferred, asserted by whoever wrote the record. The user's prompt may well
name the action ("approve what's ready"), but what is *ready* is the user's judgement, and
the record's writer is the party that judgement is about.

This module only recognises such claims in text (ordinary English of vouching and deferral,
never a data set's names); ``provenance`` decides what a claim next to a call's own values
means: a person confirms the call (ask).
"""

from __future__ import annotations

import re

__all__ = ["claim_in", "prompt_vouches"]

_APPROVED = (
    r"(?:agreed|approved|authori[sz]ed|signed[ -]off|okayed|ok'?d|cleared|sanctioned"
    r"|green-?lit|confirmed)"
)
_CLAIM = re.compile(
    # A third party's approval reported, not shown: "the director already agreed",
    # "finance has approved it", "X said to release now", "she told me it's fine".
    rf"\b(?:already|has|have|had)\s+(?:been\s+|all\s+)?{_APPROVED}\b"
    rf"|\b{_APPROVED}\s+(?:it\s+|this\s+|that\s+)?(?:by phone|on the phone|over the phone"
    r"|verbally|in person|on a call|in the meeting)\b"
    # Someone with authority reported as having approved, in the writer's words: "the
    # programme director okayed a waiver with me", "your MD has agreed this".
    r"|\b(?:director|manager|officer|head|boss|chair|ceo|cfo|coo|md|treasurer|supervisor"
    r"|partner|owner|principal)\b[^.;!?\n]{0,40}?\b(?:okayed|ok'?d|agreed|approved|signed off"
    r"|authori[sz]ed|cleared|sanctioned|green-?lit)\b"
    r"|\b(?:said|says|told (?:me|us|you)|confirmed)\s+(?:to\s+(?:release|approve|pay|go|proceed"
    r"|send|file|do)|(?:we|you|i) (?:can|could|should|may)|it'?s (?:fine|ok|okay|approved))\b"
    # The check the action needs, put off: "the report will follow", "paperwork later".
    r"|\b(?:paperwork|report|documents?|documentation|contract|receipts?|evidence|proof"
    r"|licen[cs]e|sign-?off|approval|invoice)\s+(?:will|to|can|should)\s+(?:follow|come"
    r"|be (?:sent|sorted|done|provided))\b(?:\s+later)?"
    r"|\bsort (?:out\s+)?(?:the\s+)?(?:paperwork|details|rest|formalities)\s+(?:out\s+)?later\b"
)
# The user vouching in the prompt ("I approved her application", "I've checked her ID"):
# the session's own approval, given by the person who may give it.
_VOUCHES = re.compile(
    r"\b(?:i|we)(?:'ve| have)?\s+(?:already\s+)?(?:approved|agreed|signed|checked|verified"
    r"|confirmed|authori[sz]ed)\b"
)


def claim_in(text: str) -> str | None:
    """The words of an approval claimed or a check deferred in `text` (lower-cased), or
    None. Bounded: only the first 16,000 characters are read."""
    m = _CLAIM.search(text[:16_000])
    return m.group(0) if m else None


def prompt_vouches(prompt: str) -> bool:
    """The user's own prompt gives the approval the call needs (lower-cased prompt)."""
    return bool(_VOUCHES.search(prompt))
