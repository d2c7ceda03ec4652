"""Constant string operations folded in code text (understand/code_fold), any language."""

from __future__ import annotations

import pytest

from bastion.understand.code_fold import dynamic_loads, fold_code
from bastion.understand.code_text import analyze_code_text, code_argument
from bastion.understand.inline_scripts import analyze_node, analyze_other, analyze_python


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("x = 'sub' + 'process'", "'subprocess'"),
        ('$m = "ev" . "al";', '"eval"'),
        ('local n = "io" .. "."', '"io."'),
        ("select 'a' || 'b'", "'ab'"),
        ('name = "ab" ++ "cd"', '"abcd"'),
        ('s = "pop" & "en"', '"popen"'),
        ("k = 'yrotcerid'[::-1]", "'directory'"),
        ("k = 'zzpathzz'[2:6]", "'path'"),
        ("k = 'abcdef'.substring(1, 3)", "'bc'"),
        ("c = String.fromCharCode(104, 105)", "hi"),
        ("c = chr(104) + chr(105)", "hi"),
        ("c = ''.join(map(chr, [104, 105]))", "'hi'"),
        ("c = string.char(104, 105)", "hi"),
        ("n = base64.b64decode('aGVsbG8=').decode()", "'hello'"),
        ("n = atob('aGVsbG8=')", "'hello'"),
        ("n = bytes.fromhex('68656c6c6f').decode()", "'hello'"),
        ("n = ['he', 'llo'].join('')", "'hello'"),
        ("n = '-'.join(['a', 'b'])", "'a-b'"),
        ("n = table.concat({'a', 'b'}, '/')", "'a/b'"),
        ("n = '{}-{}'.format('a', 'b')", "'a-b'"),
        ('n = "%s/%s" % ("a", "b")', '"a/b"'),
        ('n = "olleh".reverse', '"hello"'),
        ('n = strrev("olleh")', '"hello"'),
        ('n = "\\x68\\x69"', '"hi"'),
        ('(str "a" "b" "c")', '"abc"'),
    ],
)
def test_folds_constant_expressions(code: str, expected: str) -> None:
    assert expected in fold_code(code)


def test_plain_code_is_returned_unchanged() -> None:
    code = "print(len(sys.argv))"
    assert fold_code(code) is code


def test_names_bound_to_literals_reach_calls_and_callees() -> None:
    assert "require('fs')" in fold_code("const m = 'f' + 's'; require(m)")
    assert 'system("ls")' in fold_code('$f = strrev("metsys"); $f("ls");')


def test_call_by_name_and_getattr_become_calls() -> None:
    assert "os.system(" in fold_code("getattr(os, 'sys' + 'tem')('ls')")
    assert "spawn(" in fold_code('Process.send("sp" + "awn", "ls")')


@pytest.mark.parametrize(
    "decoder",
    [
        "__import__('base64').b64decode('Y3VybA==').decode()",
        "importlib.import_module('base64').b64decode('Y3VybA==')",
        "__import__('binascii').unhexlify('6375726c')",
        "require('buffer').atob('Y3VybA==')",
    ],
)
def test_a_decoder_reached_through_a_module_loaded_in_place_folds_whole(decoder: str) -> None:
    # Round 13 (lead): folding only the call left `__import__('base64').'curl'`, code that no
    # longer parsed, and the analysis fell back to the unfolded text (getattr unresolved).
    folded = fold_code(f"getattr(__import__('os'), 'sys' + 'tem')({decoder})")
    assert folded == "__import__('os').system('curl')"
    assert analyze_python(f"getattr(__import__('os'),'system')({decoder})").shell_commands == [
        "curl"
    ]


def test_decoder_inside_exec_is_left_decoded_at_run_time() -> None:
    code = "exec(base64.b64decode('cHJpbnQoMSk='))"
    assert "b64decode" in fold_code(code)


def test_dynamic_loads_are_named_and_literal_ones_are_not() -> None:
    assert dynamic_loads("importlib.import_module(sys.argv[1])") == ["importlib.import_module"]
    assert dynamic_loads("require(name)") == ["require"]
    assert dynamic_loads("require('fs'); json.load(f); __import__('os')") == []


def test_python_module_spelled_by_char_codes_runs_its_command() -> None:
    facts = analyze_python("m=__import__(''.join(map(chr,[111,115])));m.system('rm -rf build')")
    assert "rm -rf build" in facts.shell_commands


def test_node_require_of_joined_name_runs_its_command() -> None:
    facts = analyze_node("require(['child','process'].join('_')).execSync('make clean')")
    assert facts.shell_commands == ["make clean"]


def test_lua_load_of_command_output_is_fetched_code() -> None:
    facts = analyze_other(
        "local h = io.popen('wget -qO- https://example.invalid/m.lua'); load(h:read('*a'))()",
        "lua",
    )
    assert any(e.kind == "downloaded" for e in facts.executions)
    assert facts.opaque_reasons


def test_unknown_language_url_evaluated_is_downloaded_code() -> None:
    facts = analyze_code_text('(eval (read-string (slurp (str "https://ex" "ample.invalid/x"))))')
    assert any(e.kind == "downloaded" for e in facts.executions)


def test_glued_code_option_is_split() -> None:
    assert code_argument("--eval:echo(1)") == "echo(1)"
    assert code_argument("--verbose") == "--verbose"


def test_star_concatenation_and_import_module_of_folded_hex() -> None:
    assert '"curl"' in fold_code('x = "cu" * "rl"')
    facts = analyze_python(
        "import importlib; importlib.import_module(bytes.fromhex('6f73').decode()).system('ls -la')"
    )
    assert facts.shell_commands == ["ls -la"]


# The rules' needles are answered by substring search where they are plain words: the answer
# must be the regex's, on ASCII text and on text whose characters fold only for the regex.
_NEEDLE_TEXTS = [
    "",
    "print('a')",
    "x = ''.join(parts)",
    "JOIN IMPLODE Concat StrCat",
    "String.fromCharCode(111) string.char(1) [char]111 table.concat({}, '')",
    "s = 'ab'[::-1]; t = 'x'.reverse() .. flip",
    "b = B64DECODE('eA=='); Base64.getDecoder(); atob('eA==')",
    "h = HEX('6f'); pack('H*', x); x.upper() UPPER .uc y.lc",
    "r = s.replace('a', 'b'); u = s.sub(1, 2); substr(s, 1); s.substring(0, 2); s.slice(1)",
    "\u017fystem 'a'+'b' \u212aey chr(1) CHR(2)",  # long s and the Kelvin sign fold for the regex
    "\u0130MPLODE j\u00f6in caf\u00e9 'x' % (y,) format printf",
    "no needle here at all 12345",
]


@pytest.mark.parametrize("text", _NEEDLE_TEXTS)
def test_each_needle_answers_as_its_regex(text: str) -> None:
    from bastion.understand import code_fold

    lowered = text.lower() if text.isascii() else None
    for needle, _pattern, _fold in code_fold._RULES:
        expected = needle.regex.search(text) is not None
        assert needle.found(text, lowered) is expected, (needle.regex.pattern, text)


def test_plain_needles_are_searched_as_words() -> None:
    from bastion.understand import code_fold

    words = {n.regex.pattern: n.words for n, _p, _f in code_fold._RULES}
    assert words["join"] == ("join",)
    assert words[r"table\.concat"] == ("table.concat",)
    assert words["(?i)b64|base64|atob|decode64|getDecoder"][-1] == "getdecoder"
    assert words[r"%\s*\("] == ()  # not plain words: the regex answers


def test_a_case_rule_then_concatenation_in_one_pass() -> None:
    # The lowering rule changes the text; the concatenation after it reads the changed text.
    assert fold_code("m = 'SYS'.lower() + 'tem'") == "m = 'system'"
