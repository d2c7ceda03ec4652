"""The facts of code written for later runs are cached by all they depend on, and bounded."""

from __future__ import annotations

import pytest

from bastion.understand import actions

# Reads a file under the user's home: where the home is decides what the path is.
CODE = "import os\nprint(open(os.path.expanduser('~/.aws/credentials')).read())"


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    actions._CONTENT_CACHE.clear()


def effects(home: str, code: str = CODE) -> dict | None:
    return actions.content_effects("python", code, workspace="/w/p", home=home, cwd="/w/p")


def test_the_same_code_under_another_home_is_analysed_for_that_home() -> None:
    first = effects("/home/a")
    second = effects("/home/b")
    assert first == effects("/home/a")  # cached
    assert {tuple(r[:2]) for r in first["reads"]} == {("/home/a/.aws/credentials", "home-dotfile")}
    assert {tuple(r[:2]) for r in second["reads"]} == {("/home/b/.aws/credentials", "home-dotfile")}


def test_the_cache_stays_bounded_and_drops_the_oldest() -> None:
    size = actions._CONTENT_CACHE_SIZE
    for n in range(size + 40):
        effects("/home/a", f"import os\nos.remove('/etc/x{n}')")
    assert len(actions._CONTENT_CACHE) == size
    keys = [key[1] for key in actions._CONTENT_CACHE]
    assert keys[0].endswith("x40')") and keys[-1].endswith(f"x{size + 39}')")
