"""Which remembered outputs can hold a value: one search over all of them, not one per output.

A session remembers up to ``MAX_OBSERVED_CHARS`` of tool outputs, bounded by characters,
so a gateway session of many short outputs keeps thousands of them. Looking a value up
output by output costs Python work per output on every call (issue #13's p99, #16).

Here every output's text and its decoded (hidden) text are joined, once, into one
haystack with their offsets; a look-up is a few ``str.find`` (or one regex) calls over
it, jumping to the next output after each hit. The answer is a *superset* of the outputs
that hold the value (a hit across a separator is a harmless extra candidate): the caller
still checks each candidate exactly as before, so no answer changes; only the outputs
that cannot match are skipped.

The index follows the session's list as it grows at the end and drops at the front (the
only ways ``on_observation`` changes it); any other change rebuilds it.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Sequence
from typing import Protocol

_SEP = "\x00"  # not a letter or digit: a value never needs it to be a whole word
_CACHED_LISTS = 8  # sessions whose index is kept (the daemon serves a few at a time)


class _Text(Protocol):
    @property
    def text(self) -> str: ...

    @property
    def hidden(self) -> str: ...


_BLOCK_CHARS = 32_000  # a block's haystack: appending copies at most this much
_BLOCK_ITEMS = 64


class _Block:
    """Consecutive outputs' texts joined, with where each one starts in the join."""

    __slots__ = ("first", "hay", "starts")

    def __init__(self, first: int) -> None:
        self.first = first  # the absolute number of its first output
        self.hay = ""
        self.starts: list[int] = []


class _Index:
    """The joined texts of a list of outputs, in order, in blocks of bounded size.

    Outputs are numbered from the session's first (absolute); `gone` of them were dropped
    at the front, so output number a is ``items[a - gone]``."""

    __slots__ = ("blocks", "gone", "items")

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self.items: list[_Text] = []  # strong references: an id is never reused meanwhile
        self.blocks: list[_Block] = []
        self.gone = 0

    def extend(self, new: Sequence[_Text]) -> None:
        """Add outputs at the end: only the last block's text is copied."""
        number = self.gone + len(self.items)
        for obs in new:
            segment = f"{obs.text}{_SEP}{obs.hidden}{_SEP}" if obs.hidden else f"{obs.text}{_SEP}"
            block = self.blocks[-1] if self.blocks else None
            if block is None or len(block.hay) >= _BLOCK_CHARS or len(block.starts) >= _BLOCK_ITEMS:
                block = _Block(number)
                self.blocks.append(block)
            block.starts.append(len(block.hay))
            block.hay += segment
            number += 1
        self.items.extend(new)

    def drop_front(self, count: int) -> None:
        """Forget the oldest outputs: whole blocks go; a block partly gone is skipped over."""
        if count >= len(self.items):
            self._reset()
            return
        del self.items[:count]
        self.gone += count
        blocks = self.blocks
        drop = 0
        while drop < len(blocks) and blocks[drop].first + len(blocks[drop].starts) <= self.gone:
            drop += 1
        del blocks[:drop]

    def follow(self, observed: Sequence[_Text]) -> None:
        """Bring the index in line with `observed` (dropped at the front, grown at the end)."""
        items = self.items
        if len(items) == len(observed) and items == observed:
            return
        dropped = 0
        if observed and items:
            first = observed[0]
            while dropped < len(items) and items[dropped] is not first:
                dropped += 1
        kept = len(items) - dropped
        if kept > len(observed) or items[dropped:] != observed[:kept]:
            self._reset()
            kept = dropped = 0
        if dropped:
            self.drop_front(dropped)
        if kept < len(observed):
            self.extend(observed[kept:])

    def candidates(self, value: str, pattern: re.Pattern[str] | None) -> list[int]:
        """Indices of the outputs whose text or hidden text may hold `value` (or `pattern`)."""
        out: list[int] = []
        gone = self.gone
        for block in self.blocks:
            hay, starts = block.hay, block.starts
            skip = gone - block.first  # outputs of this block already forgotten
            pos = starts[skip] if skip > 0 else 0
            end = len(hay)
            while pos < end:
                if pattern is None:
                    at = hay.find(value, pos)
                else:
                    m = pattern.search(hay, pos)
                    at = m.start() if m else -1
                if at < 0:
                    break
                k = bisect_right(starts, at) - 1
                out.append(block.first + k - gone)
                if k + 1 >= len(starts):
                    break
                pos = starts[k + 1]
        return out


_LOCK = threading.Lock()  # a gateway's reader threads may decide beside the main one
_INDEXES: OrderedDict[int, tuple[Sequence[_Text], _Index]] = OrderedDict()


def candidates(
    observed: Sequence[_Text], value: str, pattern: re.Pattern[str] | None = None
) -> list[int]:
    """Indices into `observed` of the outputs that may hold `value`, in order. `pattern`
    (a regex any occurrence must match) replaces the plain substring search."""
    with _LOCK:
        key = id(observed)
        entry = _INDEXES.get(key)
        if entry is None or entry[0] is not observed:
            entry = (observed, _Index())
            _INDEXES[key] = entry
            while len(_INDEXES) > _CACHED_LISTS:
                _INDEXES.popitem(last=False)
        else:
            _INDEXES.move_to_end(key)
        index = entry[1]
        index.follow(observed)
        return index.candidates(value, pattern)
