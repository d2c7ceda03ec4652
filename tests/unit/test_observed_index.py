"""The joined-haystack index finds every output that holds a value, as the list changes."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from bastion.detect import observed_index


@dataclass(frozen=True)
class _Obs:
    text: str
    hidden: str = ""


def _brute(observed: list[_Obs], value: str, pattern: re.Pattern[str] | None) -> list[int]:
    out = []
    for k, o in enumerate(observed):
        for t in (o.text, o.hidden):
            if pattern.search(t) if pattern else value in t:
                out.append(k)
                break
    return out


def test_candidates_cover_every_output_holding_the_value() -> None:
    observed = [_Obs("alpha beta"), _Obs("gamma", hidden="beta decoded"), _Obs("nothing")]
    assert observed_index.candidates(observed, "beta") == [0, 1]
    assert observed_index.candidates(observed, "zeta") == []
    assert observed_index.candidates(observed, "decoded") == [1]


def test_a_match_across_outputs_is_only_an_extra_candidate() -> None:
    observed = [_Obs("ends with ab"), _Obs("cd starts")]
    # "ab\x00cd" is no real occurrence; the caller re-checks candidates, nothing is missed.
    assert set(observed_index.candidates(observed, "cd")) == {1}


def test_follows_a_list_that_grows_and_drops_at_the_front() -> None:
    rnd = random.Random(7)
    words = ["ab", "13", "x@y.test", "de44 5001", "zz"]
    observed: list[_Obs] = []
    pattern = re.compile(r"d[ ().-]{0,2}e[ ().-]{0,2}4[ ().-]{0,2}4")
    for step in range(300):
        text = " ".join(rnd.choice(words) for _ in range(rnd.randint(0, 4)))
        hidden = rnd.choice(["", "", "13 hidden", "x@y.test"])
        observed.append(_Obs(text, hidden))
        if len(observed) > 20 and rnd.random() < 0.6:
            del observed[: rnd.randint(1, 3)]
        if step % 50 == 49:
            observed[5] = _Obs("replaced in the middle 13")  # any other change: rebuilt
        for value in ("13", "x@y.test", "ab", "nowhere"):
            assert observed_index.candidates(observed, value) == _brute(observed, value, None)
        assert observed_index.candidates(observed, "", pattern) == _brute(observed, "", pattern)


def test_an_emptied_list_has_no_candidates() -> None:
    observed = [_Obs("a value")]
    assert observed_index.candidates(observed, "value") == [0]
    observed.clear()
    assert observed_index.candidates(observed, "value") == []
