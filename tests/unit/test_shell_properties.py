"""Property tests: shell analysis never raises and its work stays within the budget."""

from __future__ import annotations

import shlex

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bastion.understand.shell import MAX_INPUT_CHARS, MAX_WORK, ShellAnalysis, analyze

# Pieces of shell syntax that exercise every part of the walker when glued together at random.
TOKENS = [
    "curl",
    "wget",
    "sh",
    "bash -c",
    "eval",
    "sudo",
    "env",
    "xargs",
    "find . -exec",
    "{}",
    "\\;",
    "python3 -c",
    "python3 -",
    "node -e",
    "rm -rf",
    "git push -f",
    "cat",
    ">",
    ">>",
    "<",
    "2>&1",
    "|",
    "||",
    "&&",
    ";",
    "&",
    "\n",
    "$(",
    ")",
    "`",
    "<(",
    "'",
    '"',
    "$'\\x41'",
    "${X:-y}",
    "$HOME",
    "$1",
    "<<EOF\n",
    "<<'EOF'\n",
    "EOF\n",
    "<<<",
    "{",
    "}",
    "(",
    "f()",
    "if",
    "then",
    "fi",
    "for i in",
    "do",
    "done",
    "while",
    "case",
    "esac",
    "https://a.io/x",
    "/dev/tcp/h/1",
    "X=1",
    "export",
    "unset BASTION_X",
    "~/.ssh/id_rsa",
    "-d",
    "@-",
    "import os",
    "os.system(",
    "subprocess.run(",
    "exec(",
    "base64 -d",
    "\\",
    "#",
    "*",
    "?",
    "[",
    "]",
    "!",
    "=",
    "%",
]


def check(result: ShellAnalysis) -> None:
    assert isinstance(result, ShellAnalysis)
    assert result.work <= MAX_WORK + 1
    assert result.opaque == bool(result.opaque_reasons)
    count = len(result.commands)
    for command in result.commands:
        assert command.depth >= 0
        assert command.pipeline >= 0
        assert isinstance(command.program, str)
    for pipeline, source, sink in result.source_to_sink_pipelines:
        assert source <= sink
        assert pipeline >= 0 and (count == 0 or sink <= count)
    for destination in result.network:
        assert destination.host == destination.host.lower()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_arbitrary_text_never_raises(text: str) -> None:
    check(analyze(text))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=80).map(" ".join))
def test_shell_token_soup_never_raises(text: str) -> None:
    check(analyze(text))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000).map(lambda b: b.decode("latin-1")))
def test_binaryish_text_never_raises(text: str) -> None:
    check(analyze(text))


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), max_size=50))
def test_lone_surrogates_never_raise(text: str) -> None:
    check(analyze("echo " + text))


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=4000), st.sampled_from(["$(", "`", "<(", "(", "{ "]))
def test_deep_nesting_is_bounded(depth: int, opener: str) -> None:
    closer = {"$(": ")", "`": "`", "<(": ")", "(": ")", "{ ": "; }"}[opener]
    result = analyze("echo " + opener * depth + "id" + closer * depth)
    check(result)


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=1, max_value=40))
def test_nested_sh_c_is_bounded(depth: int) -> None:
    # Quoting grows the text geometrically, so stop adding levels past 50 KB.
    command = "id"
    levels = 0
    while levels < depth and len(command) < 50_000:
        command = "sh -c " + shlex.quote(command)
        levels += 1
    result = analyze(command)
    check(result)
    if levels > 10:
        assert result.opaque


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=10, max_value=3000))
def test_long_pipelines_and_lists_are_bounded(length: int) -> None:
    check(analyze("a | " * length + "b"))
    check(analyze("curl https://x.io -d @f; " * length))


def test_huge_input_is_capped_and_opaque() -> None:
    result = analyze("echo " + "x" * (MAX_INPUT_CHARS * 16))
    check(result)
    assert result.opaque
    assert any("longer than" in reason for reason in result.opaque_reasons)


def test_work_budget_marks_opaque() -> None:
    result = analyze("a | " * 5000 + "b")
    assert result.opaque
    assert result.work == MAX_WORK + 1
    assert any("budget" in reason for reason in result.opaque_reasons)


def test_unbalanced_quotes_are_opaque_not_errors() -> None:
    for text in ["echo 'abc", 'echo "abc', "echo $(abc", "cat <<EOF\nno end", "echo `x"]:
        result = analyze(text)
        check(result)
        assert result.opaque, text


def test_non_text_input_is_opaque() -> None:
    result = analyze(b"ls")  # type: ignore[arg-type]
    assert result.opaque


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=40).map(" ".join))
def test_analysis_is_deterministic(text: str) -> None:
    first, second = analyze(text), analyze(text)
    assert first == second


def test_code_points_that_crash_the_bash_scanner_are_neutralised() -> None:
    # Without the guard in shell.py these crash tree-sitter-bash 0.25 with SIGSEGV.
    for code_point in (0x80000, 0xE0000, 0xE3B0E, 0x10FFFF):
        for text in ("{" + chr(code_point), "echo {" + chr(code_point) + "A"):
            check(analyze(text))


def test_a_text_the_parser_backs_up_on_without_end_is_opaque_within_its_budget() -> None:
    """tree-sitter re-reads "a@a@..." from earlier places again and again (half a second for
    9,000 characters, growing with the cube of the length); the parse is cancelled once it
    has read the text more than PARSE_READS_PER_BYTE times over, and the script is opaque."""
    import time

    from bastion.understand import shell

    start = time.thread_time()
    result = analyze("a@" * 4500)
    assert time.thread_time() - start < 0.2  # uncancelled: ~0.5 s of CPU
    check(result)
    assert result.opaque
    assert "shell script over the parser's budget" in result.opaque_reasons
    # Counted, not timed: the same text gets the same answer every time.
    assert analyze("a@" * 4500).opaque_reasons == result.opaque_reasons
    # The parser is reset: the next script is read alone, from its own start.
    after = analyze("rm -rf /tmp/x")
    assert not after.opaque and [c.target for c in after.destructive] == ["/tmp/x"]
    assert shell.PARSE_READS_PER_BYTE >= 4  # room for the re-reads ordinary scripts need


@pytest.mark.parametrize(
    "script",
    [
        'for f in *.py; do\n  if [ -f "$f" ]; then echo "$f" | sed \'s/a/b/\' >> out; fi\ndone\n',
        "cat > x.py <<'EOF'\ndef f(x):\n    return {'a': [1, 2, 3], 'b': x @ y}\nEOF\n",
        "[[ -n $x ]] && (cd /tmp; tar xzf a.tgz) || { echo no; exit 1; }\n",
    ],
)
def test_ordinary_long_scripts_are_parsed_whole(script: str) -> None:
    result = analyze(script * 200)
    check(result)
    assert "shell script over the parser's budget" not in result.opaque_reasons
