"""Path and host classification."""

from __future__ import annotations

import pytest

from bastion.understand import hosts, paths

WS = "/home/dev/src/app"
HOME = "/home/dev"


@pytest.mark.parametrize(
    ("path", "place", "credential"),
    [
        ("src/main.py", paths.WORKSPACE, ""),
        (".env", paths.WORKSPACE, "dotenv"),
        (".env.production", paths.WORKSPACE, "dotenv"),
        (".env.example", paths.WORKSPACE, ""),
        ("~/.ssh/id_ed25519", paths.HOME_DOTFILE, "ssh-private-key"),
        ("~/.ssh/id_ed25519.pub", paths.HOME_DOTFILE, ""),
        ("~/.aws/credentials", paths.HOME_DOTFILE, "aws-credentials"),
        ("~/.kube/config", paths.HOME_DOTFILE, "kubeconfig"),
        ("~/.docker/config.json", paths.HOME_DOTFILE, "docker-credentials"),
        ("~/.netrc", paths.HOME_DOTFILE, "netrc"),
        ("/etc/shadow", paths.SYSTEM, "system-password-hashes"),
        ("/usr/local/bin/tool", paths.SYSTEM, ""),
        ("/tmp/scratch.txt", paths.TEMP, ""),
        ("../other/README", paths.HOME, ""),
    ],
)
def test_classify(path: str, place: str, credential: str) -> None:
    info = paths.classify(path, workspace=WS, home=HOME, cwd=WS)
    assert info.place == place
    assert info.credential == credential


def test_agent_settings_are_marked() -> None:
    info = paths.classify(".claude/settings.json", workspace=WS, home=HOME, cwd=WS)
    assert info.agent_config and paths.AGENT_CONFIG in info.classes


def test_catalog_has_at_least_forty_credential_patterns() -> None:
    assert len({kind for _p, kind in paths.CREDENTIAL_PATTERNS}) >= 40


@pytest.mark.parametrize(
    ("host", "expected", "external"),
    [
        ("localhost", hosts.LOOPBACK, False),
        ("127.0.0.1", hosts.LOOPBACK, False),
        ("10.1.2.3", hosts.PRIVATE, False),
        ("169.254.169.254", hosts.METADATA, False),
        ("pypi.org", hosts.PACKAGE_REGISTRY, True),
        ("files.pythonhosted.org", hosts.PACKAGE_REGISTRY, True),
        ("github.com", hosts.SOURCE_HOST, True),
        ("8.8.8.8", hosts.IP_LITERAL, True),
        ("db.internal", hosts.PRIVATE, False),
        ("evil.example.com", hosts.EXTERNAL, True),
    ],
)
def test_classify_host(host: str, expected: str, external: bool) -> None:
    info = hosts.classify_host(host)
    assert expected in info.classes
    assert info.external is external


def test_encoded_dns_names() -> None:
    assert hosts.looks_encoded("4a6f686e20446f65206b6579203d20736b5f6c697665.evil.com")
    assert hosts.looks_encoded("mzxw6ytboi2dcnrqgu3tgnbvgm2tkmbqha2q.t.example.net")
    assert not hosts.looks_encoded("api.github.com")
    assert not hosts.looks_encoded("my-service-staging.eu-west-1.elb.amazonaws.com")


def test_host_of() -> None:
    assert hosts.host_of("https://User@Example.COM:8443/x?y") == "example.com"
    assert hosts.host_of("example.org:22") == "example.org"
    assert hosts.host_of("") == ""


def test_workspace_hosts_come_from_git_remotes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text(
        '[remote "origin"]\n\turl = git@git.acme.example:team/app.git\n'
        '[remote "mirror"]\n\turl = https://mirror.acme.example/app.git\n\tpushurl = '
        "ssh://deploy@push.acme.example/app\n"
    )
    # Each remote also as host/owner/repo where its path has both (a push to another owner
    # on the same host is not to this repository).
    assert hosts.workspace_hosts(str(tmp_path)) == {
        "git.acme.example",
        "git.acme.example/team/app",
        "mirror.acme.example",
        "push.acme.example",
    }
    assert hosts.workspace_hosts(str(tmp_path / "nowhere")) == frozenset()


def test_configuration_files_are_read_again_when_they_change(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A session's opening remembers what each small configuration file said, by the file's
    (device, inode, mtime, size): an edit, a replacement or a removal is seen at once."""
    import os

    home, ws = tmp_path / "home", tmp_path / "ws"
    (ws / ".git").mkdir(parents=True)
    home.mkdir()
    npmrc = home / ".npmrc"
    npmrc.write_text("registry=https://npm.one.example/\n")
    assert hosts.configured_indexes(str(ws), str(home)) == {"npm.one.example"}
    assert hosts.configured_indexes(str(ws), str(home)) == {"npm.one.example"}
    # Same size, same second: only the nanoseconds of its mtime tell the edit apart.
    npmrc.write_text("registry=https://npm.two.example/\n")
    st = npmrc.stat()
    os.utime(npmrc, ns=(st.st_atime_ns, st.st_mtime_ns + 1))
    assert hosts.configured_indexes(str(ws), str(home)) == {"npm.two.example"}
    # Replaced by another file (a new inode) of the same size and times.
    other = home / "npmrc.new"
    other.write_text("registry=https://npm.six.example/\n")
    st = npmrc.stat()
    os.utime(other, ns=(st.st_atime_ns, st.st_mtime_ns))
    other.replace(npmrc)
    assert hosts.configured_indexes(str(ws), str(home)) == {"npm.six.example"}
    npmrc.unlink()
    assert hosts.configured_indexes(str(ws), str(home)) == frozenset()
    config = ws / ".git" / "config"
    config.write_text('[remote "origin"]\n\turl = https://git.one.example/a/b.git\n')
    assert "git.one.example" in hosts.workspace_hosts(str(ws))
    config.write_text('[remote "origin"]\n\turl = https://git.two.example/a/b.git\n')
    os.utime(config, ns=(1, 2))
    assert "git.two.example" in hosts.workspace_hosts(str(ws))
