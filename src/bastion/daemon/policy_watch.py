"""Live policy reload: a running daemon takes up a new policy set without a restart.

A fleet policy bundle is installed by the publisher (`fleet.control.DeviceControl`) as a
new ``<policies>/fleet/`` directory swapped in whole; a person may edit ``<policies>``
too. A thread of the daemon looks at the policy files' names, sizes and modification
times every ``interval`` (polling: a few ``stat`` calls a second, on any filesystem, with
no inotify dependency) and, when they moved:

- loads the set outside the engine lock (Cedar parsing and validation take a while and
  decisions go on meanwhile with the running set);
- if it loads, swaps ``engine.policy`` under the engine lock: each decision reads it once,
  so it is decided wholly by the old set or wholly by the new one, and records the
  swap (a ``Configuration`` entry with the new policy hash) in the signed log;
- if it does not, keeps the running set and records the problem (a ``ConfigFallback``
  entry with a high alert, as at start).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from bastion.config import Home
from bastion.daemon import lastgood
from bastion.engine import Engine

__all__ = ["PolicyWatch"]

log = logging.getLogger(__name__)

Fingerprint = tuple[tuple[str, int, int], ...]


class PolicyWatch:
    """Reloads the daemon's policies when their files change (see the module docstring)."""

    def __init__(
        self,
        home: Home,
        engine: Engine,
        engine_lock: threading.Lock,
        *,
        policy_dir: Path | None = None,
        config_hash: str = "",
        interval: float = 0.5,
    ) -> None:
        self.home = home
        self.engine = engine
        self.engine_lock = engine_lock
        self.policy_dir = policy_dir
        self.config_hash = config_hash
        self.interval = interval
        self.applied = 0
        self.failed = 0
        self._seen = self.fingerprint()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def fingerprint(self) -> Fingerprint:
        """(path, size, mtime in ns) of every policy file, sorted; a vanished file or
        directory is simply absent."""
        found: list[tuple[str, int, int]] = []
        for root in (self.home.policy_dir, self.policy_dir):
            if root is None or not root.exists():
                continue
            paths = [root] if root.is_file() else sorted(root.rglob("*"))
            for path in paths:
                try:
                    if path.is_file() and not any(p.startswith(".") for p in path.parts[-2:]):
                        st = path.stat()
                        found.append((str(path), st.st_size, st.st_mtime_ns))
                except OSError:
                    continue  # replaced while we looked: the next look sees the new one
        return tuple(found)

    def check(self) -> str | None:
        """One look: ``"applied"``, ``"failed"`` or None when nothing changed."""
        now = self.fingerprint()
        if now == self._seen:
            return None
        self._seen = now
        policy, problem = lastgood.load_policies(self.home, self.policy_dir)
        with self.engine_lock:
            if problem:
                lastgood.record_problems(self.engine.store, self.home, [problem])
                self.engine.store.commit_group()
                self.failed += 1
                log.error("policies changed but do not load; still running %s", problem)
                return "failed"
            self.engine.policy = policy
            self.engine.record_configuration(self.config_hash, by="policy-reload")
            self.engine.store.commit_group()
        self.applied += 1
        log.info("policies reloaded: %s", policy.hash)
        return "applied"

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.check()
            except Exception:  # a reload's failure must never stop the daemon
                log.exception("policy reload failed; the running policies stay")

    def start(self) -> PolicyWatch:
        self._thread = threading.Thread(target=self._run, name="bastion-policy", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
