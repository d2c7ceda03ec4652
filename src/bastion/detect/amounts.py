"""An amount chosen by prose against the record's own amount field.

An amount is not a target: who is paid does not change with it, and the agent computes
amounts (a sum, a discount) that appear nowhere. But when the record the task is about has
its own amount field (``amount: 950.00 GBP``) and the call carries instead a number that only
a sentence of the same untrusted output supplies ("the balance including last quarter is
9,500.00 GBP; please disburse the full balance"), the writer of that sentence chose how much
leaves the account: the same steering as "remit to X instead" of the record's own account.

Numbers are compared as values, not strings: ``9500.0`` in the call is ``9,500.00`` in the
text, ``950`` is ``950.00 GBP``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

__all__ = ["AMOUNT_TOKENS", "CURRENCY_TOKENS", "amount_arguments", "numbers_in", "steered_amount"]

# Argument and field names of a sum of money.
AMOUNT_TOKENS = frozenset(
    "amount amounts total sum price fee cost charge balance valuation".split()
)
# A currency code in a name makes it a sum of money (``value_gbp``, ``insured_usd``).
CURRENCY_TOKENS = frozenset("gbp usd eur jpy chf cad aud nzd sgd hkd inr sek nok dkk".split())
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?(?![\w,]|\.\d)")
_FIELD = re.compile(r"^\s*(?:[-*+]\s+)?([\w .-]{1,40}):\s*\S")
_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")


def _value(text: str) -> float | None:
    m = _NUMBER.search(text)
    if m is None:
        return None
    whole = m.group(1).replace(",", "")
    return float(f"{whole}.{m.group(2) or '0'}")


def amount_arguments(tool_input: dict[str, object]) -> list[tuple[str, float]]:
    """The call's arguments named like a sum of money, with their numeric values."""
    out: list[tuple[str, float]] = []
    for name, value in tool_input.items():
        if not set(_TOKEN_SPLIT.split(str(name).lower())) & (AMOUNT_TOKENS | CURRENCY_TOKENS):
            continue
        if isinstance(value, bool):
            continue
        if isinstance(value, int | float):
            out.append((str(name), float(value)))
        elif isinstance(value, str) and (number := _value(value)) is not None:
            out.append((str(name), number))
    return out


def numbers_in(text: str) -> list[float]:
    """The numbers written in `text` (bounded to the first 20), as values."""
    return [n for n, _ in itertools.islice(_numbers(text), 20)]


def _numbers(text: str) -> Iterable[tuple[float, int]]:
    for m in _NUMBER.finditer(text):
        whole = m.group(1).replace(",", "")
        yield float(f"{whole}.{m.group(2) or '0'}"), m.start()


def steered_amount(amount: float, text: str, prompt: str, attempted: Iterable[float] = ()) -> bool:
    """`text` (an untrusted output, lower-cased, as lines) has its own amount field with
    another value (or answers a call that carried another amount, `attempted`: a tool's
    error that "instructs" a different value), and its prose alone gives `amount`, or
    gives a figure that the record's own amount plus or minus it makes (a "line of 95,000
    to add before submitting": the padded total appears nowhere whole); the prompt does not
    say it."""
    if any(abs(n - amount) < 0.005 for n, _ in _numbers(prompt)):
        return False
    own: list[float] = [a for a in attempted if abs(a - amount) >= 0.005]
    prose: list[float] = []
    for line in text.splitlines():
        field = _FIELD.match(line)
        key_tokens = set(_TOKEN_SPLIT.split(field.group(1).lower())) if field else set()
        rest = line[field.end() - 1 :] if field else line
        numbers = [n for n, _ in _numbers(rest)]
        money_key = key_tokens & (AMOUNT_TOKENS | CURRENCY_TOKENS)
        if money_key and len(rest.split()) <= 3 and numbers:
            own.append(numbers[0])
            continue
        if len(rest.split()) > 3:
            prose.extend(numbers[:20])
    if not own or any(abs(o - amount) < 0.005 for o in own):
        return False
    if any(abs(n - amount) < 0.005 for n in prose):
        return True
    # (Only figures of money size: a date's day or a count of 3 added is no padding.)
    return any(
        abs(o + n - amount) < 0.005 or abs(o - n - amount) < 0.005
        for o in own
        for n in prose
        if n >= 100
    )
