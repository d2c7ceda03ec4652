"""Classify file paths: the session's workspace, other repositories, dotfiles, credentials, system.

The credential catalog is data (``CREDENTIAL_PATTERNS``): each entry is a glob over the
absolute path with ``~`` standing for the user's home, and the kind of credential it holds.
Matching is by ``fnmatch`` on normalised paths, so the catalog can be read and extended
without knowing any code.
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
from dataclasses import dataclass
from functools import lru_cache

WORKSPACE = "workspace"
OTHER_REPOSITORY = "other-repository"
HOME_DOTFILE = "home-dotfile"
HOME = "home"
CREDENTIAL = "credential"
SYSTEM = "system"
TEMP = "temp"
OTHER = "other"
AGENT_CONFIG = "agent-config"

# (glob, kind). "~" is the user's home; "**/" matches any directory prefix.
CREDENTIAL_PATTERNS: tuple[tuple[str, str], ...] = (
    ("~/.ssh/id_*", "ssh-private-key"),
    ("~/.ssh/*_key", "ssh-private-key"),
    ("**/id_rsa", "ssh-private-key"),
    ("**/id_ed25519", "ssh-private-key"),
    ("**/id_ecdsa", "ssh-private-key"),
    ("**/id_dsa", "ssh-private-key"),
    ("/etc/ssh/ssh_host_*_key", "ssh-host-key"),
    ("**/*.pem", "pem-key-or-certificate"),
    ("**/*.key", "private-key-file"),
    ("**/*.p12", "pkcs12-keystore"),
    ("**/*.pfx", "pkcs12-keystore"),
    ("**/*.jks", "java-keystore"),
    ("**/*.keystore", "java-keystore"),
    ("~/.aws/credentials", "aws-credentials"),
    ("~/.aws/config", "aws-config"),
    ("~/.aws/sso/cache/*", "aws-sso-token"),
    ("~/.aws/cli/cache/*", "aws-sso-token"),
    ("~/.config/gcloud/*credentials*", "gcloud-credentials"),
    ("~/.config/gcloud/access_tokens.db", "gcloud-credentials"),
    ("~/.config/gcloud/legacy_credentials/**", "gcloud-credentials"),
    ("**/*service-account*.json", "gcp-service-account"),
    ("~/.azure/*token*", "azure-token"),
    ("~/.azure/azureProfile.json", "azure-profile"),
    ("~/.kube/config", "kubeconfig"),
    ("**/kubeconfig", "kubeconfig"),
    ("**/*.kubeconfig", "kubeconfig"),
    ("~/.docker/config.json", "docker-credentials"),
    ("~/.netrc", "netrc"),
    ("~/_netrc", "netrc"),
    ("**/.npmrc", "npmrc"),
    ("~/.pypirc", "pypirc"),
    ("**/.pypirc", "pypirc"),
    ("~/.gem/credentials", "rubygems-credentials"),
    ("~/.cargo/credentials", "cargo-credentials"),
    ("~/.cargo/credentials.toml", "cargo-credentials"),
    ("~/.m2/settings.xml", "maven-settings"),
    ("~/.gradle/gradle.properties", "gradle-properties"),
    ("~/.nuget/NuGet/NuGet.Config", "nuget-config"),
    ("~/.git-credentials", "git-credentials"),
    ("~/.config/git/credentials", "git-credentials"),
    ("~/.config/gh/hosts.yml", "github-cli-token"),
    ("~/.config/hub", "github-cli-token"),
    ("~/.config/glab-cli/config.yml", "gitlab-cli-token"),
    ("~/.gnupg/private-keys-v1.d/*", "gpg-private-key"),
    ("~/.gnupg/secring.gpg", "gpg-private-key"),
    ("~/.password-store/**", "password-store"),
    ("~/.vault-token", "vault-token"),
    ("~/.config/op/*", "1password-cli"),
    ("~/.terraform.d/credentials.tfrc.json", "terraform-credentials"),
    ("**/terraform.tfstate", "terraform-state"),
    ("**/terraform.tfstate.backup", "terraform-state"),
    ("**/*.tfvars", "terraform-variables"),
    ("~/.pgpass", "postgres-password-file"),
    ("~/.my.cnf", "mysql-option-file"),
    ("~/.config/doctl/config.yaml", "digitalocean-token"),
    ("~/.fly/config.yml", "fly-token"),
    ("~/.config/heroku/*", "heroku-token"),
    ("~/.netlify/config.json", "netlify-token"),
    ("~/.circleci/cli.yml", "circleci-token"),
    ("~/.claude/.credentials.json", "claude-credentials"),
    ("~/.codex/auth.json", "codex-credentials"),
    ("~/.config/github-copilot/*.json", "copilot-token"),
    ("~/.mozilla/firefox/*/logins.json", "browser-passwords"),
    ("~/.mozilla/firefox/*/key4.db", "browser-passwords"),
    ("~/.mozilla/firefox/*/cookies.sqlite", "browser-cookies"),
    ("~/.config/google-chrome/*/Login Data", "browser-passwords"),
    ("~/.config/google-chrome/*/Cookies", "browser-cookies"),
    ("~/.config/chromium/*/Login Data", "browser-passwords"),
    ("~/Library/Application Support/Google/Chrome/*/Login Data", "browser-passwords"),
    ("~/Library/Application Support/Google/Chrome/*/Cookies", "browser-cookies"),
    ("~/Library/Keychains/*", "macos-keychain"),
    ("~/.local/share/keyrings/*", "gnome-keyring"),
    ("/etc/shadow", "system-password-hashes"),
    ("/etc/gshadow", "system-password-hashes"),
    ("/etc/ssl/private/*", "tls-private-key"),
    ("**/.env", "dotenv"),
    ("**/.env.*", "dotenv"),
    ("**/*.env", "dotenv"),
    ("**/secrets.yaml", "secrets-file"),
    ("**/secrets.yml", "secrets-file"),
    ("**/secrets.json", "secrets-file"),
    ("**/credentials.json", "secrets-file"),
    ("~/.bash_history", "shell-history"),
    ("~/.zsh_history", "shell-history"),
    ("/proc/*/environ", "process-environment"),
)

# Template files that document variables but hold no values.
NOT_CREDENTIAL_SUFFIXES = (".example", ".sample", ".template", ".dist", ".tmpl", ".defaults")

AGENT_CONFIG_PATTERNS: tuple[str, ...] = (
    "**/.claude/settings.json",
    "**/.claude/settings.local.json",
    "~/.claude/settings.json",
    "~/.claude.json",
    "**/.cursor/hooks.json",
    "**/.gemini/settings.json",
    "**/.codex/config.toml",
)

SYSTEM_PREFIXES = (
    "/etc/",
    "/usr/",
    "/bin/",
    "/sbin/",
    "/lib/",
    "/lib64/",
    "/lib32/",
    "/boot/",
    "/sys/",
    "/proc/",
    "/dev/",
    "/var/",
    "/opt/",
    "/root/",
    "/srv/",
    "/System/",
    "/Library/",
)
TEMP_PREFIXES = ("/tmp/", "/var/tmp/", "/private/tmp/", "/dev/shm/", "/dev/null")


@dataclass(frozen=True, slots=True)
class PathInfo:
    """What a path is, relative to a session's workspace."""

    path: str  # absolute, normalised
    place: str  # WORKSPACE | OTHER_REPOSITORY | HOME_DOTFILE | HOME | SYSTEM | TEMP | OTHER
    credential: str  # the credential kind from the catalog, "" if none
    agent_config: bool  # the agent's own settings or hook configuration

    @property
    def classes(self) -> tuple[str, ...]:
        out = [self.place]
        if self.credential:
            out.append(CREDENTIAL)
        if self.agent_config:
            out.append(AGENT_CONFIG)
        return tuple(out)


def resolve(path: str, cwd: str, home: str) -> str:
    """An absolute, normalised path (``~`` expanded, relative to ``cwd``); no file access."""
    if path.startswith("~/") or path == "~":
        path = home + path[1:]
    elif path.startswith("$HOME/") or path.startswith("${HOME}/"):
        path = home + path[path.index("/") :]
    if not path.startswith("/"):
        path = posixpath.join(cwd or "/", path)
    return _one_root(posixpath.normpath(path))


def _one_root(path: str) -> str:
    """POSIX ``normpath`` keeps a leading ``//``; Linux treats it as ``/``. Left in, the
    parent-directory walks below never reach ``/`` and loop for ever (a daemon hang)."""
    return "/" + path.lstrip("/") if path.startswith("//") else path


@lru_cache(maxsize=256)
def find_workspace(cwd: str) -> str:
    """The repository root that contains ``cwd`` (nearest ``.git``), or ``cwd`` itself."""
    probe = _one_root(posixpath.normpath(cwd)) if cwd else cwd
    while probe and probe != "/" and probe != posixpath.dirname(probe):
        if os.path.exists(os.path.join(probe, ".git")):
            return probe
        probe = posixpath.dirname(probe)
    return cwd


@lru_cache(maxsize=4096)
def _credential_kind(path: str, home: str) -> str:
    base = posixpath.basename(path)
    if base.endswith(NOT_CREDENTIAL_SUFFIXES) or base.endswith(".pub"):
        return ""
    for pattern, kind in CREDENTIAL_PATTERNS:
        if _match(path, pattern, home):
            return kind
    return ""


def _match(path: str, pattern: str, home: str) -> bool:
    if pattern.startswith("~/"):
        return fnmatch.fnmatchcase(path, home + pattern[1:])
    if pattern.startswith("**/"):
        return fnmatch.fnmatchcase(posixpath.basename(path), pattern[3:]) or fnmatch.fnmatchcase(
            path, "*/" + pattern[3:]
        )
    return fnmatch.fnmatchcase(path, pattern)


@lru_cache(maxsize=8192)
def classify(path: str, *, workspace: str, home: str, cwd: str = "") -> PathInfo:
    """Classify one path (absolute or relative to ``cwd``) against the session's workspace."""
    full = resolve(path, cwd or workspace, home)
    credential = _credential_kind(full, home)
    agent_config = any(_match(full, p, home) for p in AGENT_CONFIG_PATTERNS)
    place = _place(full, workspace, home)
    return PathInfo(path=full, place=place, credential=credential, agent_config=agent_config)


def _place(full: str, workspace: str, home: str) -> str:
    ws = workspace.rstrip("/")
    if ws and (full == ws or full.startswith(ws + "/")):
        return WORKSPACE
    if full.startswith(TEMP_PREFIXES) or full in ("/tmp", "/var/tmp"):
        return TEMP
    home_prefix = home.rstrip("/") + "/"
    if full.startswith(home_prefix):
        rest = full[len(home_prefix) :]
        if rest.startswith("."):
            return HOME_DOTFILE
        if _inside_repository(full, home):
            return OTHER_REPOSITORY
        return HOME
    if full.startswith(SYSTEM_PREFIXES):
        return SYSTEM
    if _inside_repository(full, home):
        return OTHER_REPOSITORY
    return OTHER


@lru_cache(maxsize=1024)
def _inside_repository(full: str, home: str) -> bool:
    probe = posixpath.dirname(full)
    stop = {"/", home.rstrip("/")}
    while probe and probe not in stop and probe != posixpath.dirname(probe):
        if os.path.isdir(os.path.join(probe, ".git")):
            return True
        probe = posixpath.dirname(probe)
    return False
