"""Drive Bastion's command line the way a user would, with a home of its own."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CLI_TIMEOUT = 60.0


@dataclass
class BastionCLI:
    """``bastion --home HOME ...`` from the virtualenv running the tests."""

    executable: Path
    hook: Path
    home: Path
    log: list[str] = field(default_factory=list)

    def run(
        self, *args: str, timeout: float = CLI_TIMEOUT, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """``env`` adds to the environment (an agent's own variables, e.g. ``CODEX_HOME``)."""
        argv = [str(self.executable), "--home", str(self.home), *args]
        # Files, not pipes: a daemon that inherits a pipe would keep run() waiting forever.
        with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
            try:
                done = subprocess.run(
                    argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err, timeout=timeout,
                    env={**_without_bastion_env(), **(env or {})},
                )  # fmt: skip
            except subprocess.TimeoutExpired as exc:
                raise AssertionError(
                    f"`{' '.join(argv)}` did not finish in {timeout:.0f}s"
                ) from exc
            out.seek(0)
            err.seek(0)
            result = subprocess.CompletedProcess(argv, done.returncode, out.read(), err.read())
        self.log.append(
            f"$ {' '.join(argv)} -> {result.returncode}\n{result.stdout}{result.stderr}"
        )
        return result

    def check(
        self, *args: str, timeout: float = CLI_TIMEOUT, env: dict[str, str] | None = None
    ) -> str:
        result = self.run(*args, timeout=timeout, env=env)
        assert result.returncode == 0, (
            f"`bastion {' '.join(args)}` exited {result.returncode}\n"
            f"stdout: {result.stdout}\nstderr: {result.stderr}"
        )
        return result.stdout

    def json(self, *args: str) -> Any:
        out = self.check(*args)
        try:
            return json.loads(out)
        except ValueError as exc:
            raise AssertionError(
                f"`bastion {' '.join(args)}` did not print JSON: {out[:2000]}"
            ) from exc

    def install_claude_code(self, project_dir: Path) -> None:
        self.check(
            "install", "claude-code", "--scope", "project", "--project-dir", str(project_dir)
        )

    def sessions(self) -> list[dict[str, Any]]:
        data = self.json("sessions", "--json")
        assert isinstance(data, list), f"`bastion sessions --json` is not a list: {data!r}"
        return data

    def show(self, session_id: str) -> dict[str, Any]:
        data = self.json("show", session_id, "--json")
        assert isinstance(data, dict) and "events" in data, f"unexpected `show` output: {data!r}"
        return data


def _without_bastion_env() -> dict[str, str]:
    # The CLI must get its home from --home only, as the contract says.
    return {k: v for k, v in os.environ.items() if not k.startswith("BASTION_")}
