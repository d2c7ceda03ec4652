"""Build the native hook client (``hook/native/bastion_hook.c``) with the system's C compiler.

Why: a Python hook spends about 70% of each tool call starting the interpreter; the C client
speaks the same socket protocol in a fraction of that. It is built here, at install time,
from the source shipped in the package, with whatever ``cc`` the machine has (``$CC`` if
set): nothing is downloaded. Where there is no compiler, or the build fails, the caller
keeps the Python hook, which also stays the native client's fallback when no daemon
answers (its path is compiled in).

Beside the binary goes ``<binary>.json``: the provenance of the build (source digest,
compiler and its version, flags, the Python hook it hands over to), so ``bastion doctor``
and an operator can tell where the executable on the hot path came from, and a reinstall
rebuilds only when one of those, or the binary itself, changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

__all__ = [
    "DISABLE_ENV",
    "FLAGS",
    "NATIVE_NAME",
    "SOURCE",
    "Provenance",
    "build",
    "compiler",
    "current",
    "provenance_path",
]

SOURCE = Path(__file__).with_name("native") / "bastion_hook.c"
NATIVE_NAME = "bastion-hook-native"
FLAGS = ("-O2", "-Wall", "-Wextra")
DISABLE_ENV = "BASTION_NATIVE_HOOK"
"""Set to ``off`` to keep the Python hook (for example to compare the two)."""


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a native hook binary came from (written beside it as JSON)."""

    source: str
    source_sha256: str
    compiler: str
    compiler_version: str
    flags: list[str]
    static: bool
    python_hook: str
    built_at: str
    binary_sha256: str


def provenance_path(binary: Path) -> Path:
    return binary.with_name(binary.name + ".json")


def compiler() -> str | None:
    """The C compiler to use: ``$CC`` (first word) or ``cc`` on PATH; None if there is none."""
    cc = os.environ.get("CC", "").split()
    if cc:
        return shutil.which(cc[0])
    return shutil.which("cc")


def _c_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _defines() -> list[str]:
    """What the source takes from the sensor registry at build time: the default agent.

    The client keeps no list of agents (the daemon refuses one it has no sensor for), so the
    registry stays the one place that names them.
    """
    from bastion.sensors.registry import DEFAULT_AGENT

    return [f"-DBASTION_DEFAULT_AGENT={_c_string(DEFAULT_AGENT)}"]


def _compile(cc: str, python_hook: Path, out: Path, static: bool) -> bool:
    args = [cc, *FLAGS, *(["-static"] if static else []), *_defines()]
    args += [f"-DBASTION_PY_HOOK={_c_string(str(python_hook))}", "-o", str(out), str(SOURCE)]
    try:
        done = subprocess.run(args, capture_output=True, timeout=120, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0 and out.exists()


def _version(cc: str) -> str:
    try:
        done = subprocess.run([cc, "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return (done.stdout.splitlines() or ["unknown"])[0]


def current(binary: Path, python_hook: Path) -> Provenance | None:
    """The provenance of ``binary`` if it exists and was built from this source for this hook."""
    try:
        data = json.loads(provenance_path(binary).read_text(encoding="utf-8"))
        recorded = Provenance(**data)
    except (OSError, ValueError, TypeError):
        return None
    digest = hashlib.sha256(SOURCE.read_bytes()).hexdigest()
    fresh = (
        recorded.source_sha256 == digest
        and recorded.python_hook == str(python_hook)
        and all(d in recorded.flags for d in _defines())
    )
    if not fresh or not os.access(binary, os.X_OK):
        return None
    # A binary changed since it was built (not by us) is rebuilt: reinstalling repairs it.
    return recorded if _sha256(binary) == recorded.binary_sha256 else None


def _sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def build(binary: Path, python_hook: Path) -> Provenance | None:
    """Compile the native hook to ``binary`` (atomically), handing over to ``python_hook``.

    Static where the C library allows it (no dynamic loader on every call), dynamic
    otherwise. Returns None, leaving nothing behind, when there is no compiler, the build
    fails, or ``BASTION_NATIVE_HOOK=off``; the caller then installs the Python hook.
    """
    if os.environ.get(DISABLE_ENV, "").lower() in {"off", "0", "no", "false"}:
        return None
    if not SOURCE.exists():
        return None
    recorded = current(binary, python_hook)
    if recorded is not None:
        return recorded
    cc = compiler()
    if cc is None:
        return None
    binary.parent.mkdir(parents=True, exist_ok=True, mode=0o755)  # system: others run it
    with tempfile.TemporaryDirectory(dir=binary.parent, prefix=".build-") as tmp:
        out = Path(tmp) / NATIVE_NAME
        static = _compile(cc, python_hook, out, static=True)
        if not static and not _compile(cc, python_hook, out, static=False):
            return None
        os.chmod(out, 0o755)
        prov = Provenance(
            source=str(SOURCE),
            source_sha256=hashlib.sha256(SOURCE.read_bytes()).hexdigest(),
            compiler=cc,
            compiler_version=_version(cc),
            flags=[*FLAGS, *(["-static"] if static else []), *_defines()],
            static=static,
            python_hook=str(python_hook),
            built_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            binary_sha256=_sha256(out),
        )
        meta = Path(tmp) / "provenance.json"
        meta.write_text(json.dumps(asdict(prov), indent=2) + "\n", encoding="utf-8")
        os.replace(out, binary)
        os.replace(meta, provenance_path(binary))
    return prov
