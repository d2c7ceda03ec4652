"""The literal gates before whole-command scans (understand/session, understand/actions) never
skip a command their pattern matches: same answers, without trying every position of a long
heredoc."""

from __future__ import annotations

import pytest

from bastion.core.parts import EffectsMemory
from bastion.understand import actions
from bastion.understand import session as s

COMMANDS = [
    "cd /srv/app && make",
    "pushd ../lib; ls; popd",
    "builtin cd -P /opt/x",
    "unset TOKEN OTHER; echo ok",
    "git checkout -b feature/x",
    "git switch -c topic",
    "git remote add upstream https://git.example.org/team/repo.git",
    "git remote set-url origin git@git.example.org:team/repo.git",
    "GIT CONFIG core.pager 'less -R'",
    "g\u0131t config alias.x '!sh -c id'",
    "g\u0130t -C repo config remote.origin.pushurl https://push.example.org/r.git",
    "git config --global url.https://mirror.example.org/.insteadOf https://example.org/",
    "git config lfs.url https://lfs.example.org/x",
    "curl -s 'HTTPS://api.example.org/v1/items?q=1'",
    "wget http://files.example.org/" + "a" * 90,
    "cat <<'EOF' > fix.py\nimport os\nprint(os.getcwd())\nEOF\npython fix.py",
    "echo no scans here",
]

GATED = [
    (s._CD, s._may_cd),
    (s._UNSET, lambda c: "unset" in c),
    (s._BRANCH_CREATE, lambda c: "git" in c),
    (s._REMOTE_ADD, lambda c: "remote" in c),
    (s._REMOTE_CONFIG, lambda c: bool(s._GIT_WORD.search(c))),
    (s._GIT_CONFIG_EXEC, lambda c: bool(s._GIT_WORD.search(c))),
    (actions._URL, lambda c: "://" in c),
]


@pytest.mark.parametrize("command", COMMANDS)
def test_a_gate_holds_wherever_its_pattern_matches(command: str) -> None:
    for pattern, gate in GATED:
        if pattern.search(command):
            assert gate(command), (pattern.pattern[:40], command)


def test_the_gated_scans_still_find_what_they_look_for() -> None:
    assert s.cd_targets("pushd /opt/x && ls", "/w", "/h") == ["/opt/x"]
    assert s.git_config_commands("GIT CONFIG core.pager 'less -R'") == [("core.pager", "less -R")]
    assert s.git_config_commands("g\u0131t config alias.x '!sh -c id'") == [("alias.x", "sh -c id")]
    assert s.remotes_added("g\u0130t -C r config remote.origin.pushurl https://push.example.org/r")
    assert s.remotes_added("git remote add up https://git.example.org/t/r.git") == {
        "up": "git.example.org"
    }
    assert actions._hosts_with_data_in_url("curl 'HTTPS://api.example.org/v1?q=1'") == {
        "api.example.org"
    }
    memory = EffectsMemory()
    s.remember_shell(memory, "unset A; git switch -c topic; cd /srv/app", "/w", "/w")
    assert memory.cwd == "/srv/app" and memory.branches == ["topic"]
    quiet = EffectsMemory()
    s.remember_shell(quiet, "cat <<'EOF' > fix.py\nx = 1\nEOF", "/w", "/w")
    assert not quiet.moved_from(EffectsMemory())
