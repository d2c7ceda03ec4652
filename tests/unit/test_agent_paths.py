"""Each new agent's hook and config files are agent configuration and tampering targets for the
path catalogues of ``understand`` (built from each sensor's ``files`` declaration), as they
were before the declarations moved out of ``sensors/others``.
"""

from __future__ import annotations

import pytest

from bastion.understand import paths
from bastion.understand import shell_catalog as cat
from bastion.understand.programs.base import match_path

HOME, WS = "/home/dev", "/home/dev/src/demo"


@pytest.mark.parametrize(
    "path",
    [
        f"{WS}/.codex/config.toml",
        f"{WS}/.codex/hooks.json",
        f"{HOME}/.codex/config.toml",
        f"{WS}/.cursor/hooks.json",
        f"{WS}/.windsurf/hooks.json",
        f"{HOME}/.codeium/windsurf/hooks.json",
        f"{WS}/.github/hooks/bastion.json",
    ],
)
def test_hook_files_are_agent_configuration_and_tampering(path: str) -> None:
    assert paths.classify(path, workspace=WS, home=HOME).agent_config, path
    as_typed = "~" + path[len(HOME) :] if path.startswith(HOME + "/.c") else path
    assert match_path(as_typed, cat.SELF_TAMPER_PATHS) == "agent-settings", path


def test_codex_login_is_a_credential() -> None:
    assert paths.classify(f"{HOME}/.codex/auth.json", workspace=WS, home=HOME).credential
