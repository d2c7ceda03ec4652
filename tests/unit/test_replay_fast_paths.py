"""Hot-path rewrites found by profiling `bastion replay` answer exactly as the code they
replaced: each is compared, on seeded random inputs, with the plain form kept here."""

from __future__ import annotations

import posixpath
import random
import re

from bastion.detect import transforms
from bastion.understand import paths
from bastion.understand.session import creates_content


def creates_content_by_one_regex(command: str, path: str) -> bool:
    """The former ``creates_content``: one pattern compiled per basename (with bundled short
    options, ``curl -so F``, writing F as ``-o F`` does)."""
    base = re.escape(posixpath.basename(path))
    return bool(
        re.search(
            r"(?:>>?|\s-[A-Za-z]*o\s*|\s-O\s*|--output[= ]|\btee\s+(?:-a\s+)?|\bcp\s.*|\bmv\s.*|"
            r"\binstall\s.*|\bdd\s.*of=)\s*['\"]?[^\s'\"]*" + base + r"(?:['\"\s;&|)]|$)",
            command,
        )
    )


def test_creates_content_answers_as_the_per_path_regex() -> None:
    rng = random.Random(17)
    tokens = [
        "cat", ">", ">>", "a.txt", "b/a.txt", "'a.txt'", '"a.txt"', " ", "\t", "\n", "-o",
        "-O", "--output=", "--output ", "tee", "-a", "cp", "mv", "install", "dd", "of=", "x",
        "a.tx", ";", "&", "|", ")", "a.txta.txt", "\u00e9", "\u00a0",
    ]  # fmt: skip
    targets = ["a.txt", "/w/b/a.txt", "a.tx", "x", "/", "dir/", "\u00e9"]
    seen = {True: 0, False: 0}
    for _ in range(20000):
        command = "".join(rng.choice(tokens) for _ in range(rng.randint(1, 12)))
        target = rng.choice(targets)
        expected = creates_content_by_one_regex(command, target)
        assert creates_content(command, target) is expected, (command, target)
        seen[expected] += 1
    assert min(seen.values()) > 1000  # both answers were exercised


def test_creates_content_on_long_multiline_commands_answers_as_the_per_path_regex() -> None:
    # Scripts that name their own file many times, with writers (or none) before, between
    # and after the names, across lines: the writers' places are the only ones tried.
    rng = random.Random(41)
    lines = [
        "open('x').read()", "print(x)", "cp a x", "echo hi > x", "mv x y", "tee -a x",
        "dd if=/dev/zero of=x", "curl -so x https://e.x", "  x", "'x'", "cat x", "# > y",
        "install -m 644 a \\\n  x", "wget -O\n x", "x;", "(x)", "--output x",
    ]  # fmt: skip
    for _ in range(400):
        body = "\n".join(rng.choice(lines) for _ in range(rng.randint(1, 60)))
        command = rng.choice(["python3 - <<'EOF'\n", "sh -c '", "", "cat > x <<EOF\n"]) + body
        for target in ("x", "/tmp/x", "y", "a"):
            expected = creates_content_by_one_regex(command, target)
            assert creates_content(command, target) is expected, (command, target)


def quoted_printable_char_by_char(line: str) -> str:
    """The former ``transforms._quoted_printable``: one escape or one character at a time."""
    qp = re.compile(r"=[0-9a-f]{2}")
    raw = bytearray()
    i = 0
    while i < len(line):
        if qp.match(line, i):
            raw.append(int(line[i + 1 : i + 3], 16))
            i += 3
        else:
            raw.extend(line[i].encode("utf-8"))
            i += 1
    return raw.decode("utf-8", errors="replace")


def test_quoted_printable_decodes_as_char_by_char() -> None:
    rng = random.Random(43)
    pieces = [
        "=", "=4", "=40", "=e2", "=82", "=ac", "=80", "=3d", "==", "=zz", "=A0", "a", "f",
        "0", "9", " ", "\n", "x=10", "\u00e9", "\u20ac", "\U0001f600",
    ]  # fmt: skip
    for _ in range(20000):
        line = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 24)))
        assert transforms._quoted_printable(line) == quoted_printable_char_by_char(line), line
    assert transforms._quoted_printable("audit=40ledgerpoint.net") == "audit@ledgerpoint.net"
    assert transforms._quoted_printable("=e2=82=ac=3d40") == "\u20ac=40"


def first_by_fnmatch(path: str, patterns: tuple[str, ...], home: str) -> int | None:
    return next((i for i, p in enumerate(patterns) if paths._match(path, p, home)), None)


def test_credential_and_agent_config_globs_match_as_fnmatch_one_by_one() -> None:
    rng = random.Random(29)
    homes = ["/home/dev", "/root", "/Users/x y"]
    samples: list[tuple[str, str]] = []
    for pattern in (*paths.CREDENTIAL_GLOBS, *paths.AGENT_CONFIG_PATTERNS):
        for fill in ("x", "a.b", ".hidden", ""):
            home = rng.choice(homes)
            path = pattern.replace("~", home, 1) if pattern.startswith("~/") else pattern
            deeper = rng.choice(["", "a/", "/srv/a/b/"])
            samples.append((path.replace("**/", deeper).replace("*", fill).replace("?", "q"), home))
    words = [
        "/home/dev", "/root", ".ssh", "id_rsa", ".env", "config", "src", ".aws", "credentials",
        "x.pem", "..", ".git", "token", "secrets.yaml", ".npmrc", "/etc", "passwd", "shadow",
    ]  # fmt: skip
    for _ in range(5000):
        parts = [rng.choice(words) for _ in range(rng.randint(1, 6))]
        samples.append(("/".join(parts), rng.choice(homes)))
    hits = 0
    for path, home in samples:
        for patterns in (paths.CREDENTIAL_GLOBS, paths.AGENT_CONFIG_PATTERNS):
            expected = first_by_fnmatch(path, patterns, home)
            assert paths._first_match(path, patterns, home) == expected, (path, home)
            hits += expected is not None
    assert hits > 500
