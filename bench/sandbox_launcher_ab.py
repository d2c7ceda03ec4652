"""A/B of the per-command sandbox start with socat forwarders (issue #15): the launcher of
another tree (``--old``: its ``contain/launch.py``) against this tree's, interleaved run by
run with plain ``bash -c true``; median and p90 of each one's added wall time, and the
median of new/old per run. Both run the same bubblewrap options against a real egress proxy.

On a shared machine run it under real-time priority to time the start rather than the wait
for a core: ``chrt -f 10 python bench/sandbox_launcher_ab.py --old /tmp/base/src/bastion/
contain/launch.py --runs 100`` (``git archive BASE src | tar -x -C /tmp/base`` first).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from bastion.contain import hosts, launch  # noqa: E402
from bastion.contain import profile as profilemod  # noqa: E402
from bastion.contain.proxy import EgressProxy  # noqa: E402
from bastion.contain.settings import probe  # noqa: E402


def _bench_module() -> object:
    spec = importlib.util.spec_from_file_location(
        "sandbox_bench", ROOT / "bench" / "sandbox_bench.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", type=Path, required=True, help="the other tree's launch.py")
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    namespace: dict[str, object] = {}
    exec(compile(args.old.read_text(), str(args.old), "exec"), namespace)  # its LAUNCHER
    old, new = str(namespace["LAUNCHER"]), launch.LAUNCHER
    sb: object = _bench_module()
    available = probe()
    tmp = Path(tempfile.mkdtemp(prefix="launcher-ab-"))
    ws = tmp / "ws"
    ws.mkdir()
    home = str(tmp / "home")
    loop = sb._Loop()  # type: ignore[attr-defined]
    proxy = EgressProxy(sb._Judge(hosts.SessionView("ab", sources={})))  # type: ignore[attr-defined]
    made = profilemod.build("ab", str(ws), user_home=str(tmp), bastion_paths=[home])
    launch.ensure_private_dir(made.egress_dir)
    loop.run(proxy.add_session("ab", made.egress_dir))
    launch.write_args(made, home)
    options = shlex.quote(launch.options_path(made, home))

    def command(launcher: str, inner: str = "true") -> str:
        bwrap, text, run = (shlex.quote(x) for x in (available.bwrap, launcher, inner))
        return f"exec {bwrap} --args 3 -- /bin/sh -c {text} sh bash -c {run} 3< {options}"

    reach = "curl -s -o /dev/null -w %{http_code} http://10.0.0.1/"
    for name, launcher in (("old", old), ("new", new)):
        code = subprocess.run(["bash", "-c", command(launcher, reach)], capture_output=True,
                              text=True, cwd=ws).stdout  # fmt: skip
        assert code == "403", f"{name}: the proxy did not answer inside ({code!r})"

    def once(text: str) -> float:
        t = time.perf_counter()
        subprocess.run(["bash", "-c", text], cwd=ws, check=True)
        return (time.perf_counter() - t) * 1000

    runs: dict[str, list[float]] = {"plain": [], "old": [], "new": []}
    commands = {"plain": "true", "old": command(old), "new": command(new)}
    for i in range(args.runs):
        for key in ("plain", "old", "new") if i % 2 == 0 else ("plain", "new", "old"):
            runs[key].append(once(commands[key]))
    out: dict[str, object] = {
        "runs": args.runs,
        "load_average": round(os.getloadavg()[0], 1),
        "realtime_priority": os.sched_getscheduler(0) == os.SCHED_FIFO,
    }
    for key in ("old", "new"):
        added = sorted(b - p for p, b in zip(runs["plain"], runs[key], strict=True))
        out[key] = {
            "overhead_ms_median": round(statistics.median(added), 2),
            "overhead_ms_p90": round(added[min(len(added) - 1, int(0.9 * len(added)))], 2),
        }
    ratios = [n / o for n, o in zip(runs["new"], runs["old"], strict=True)]
    out["new_over_old_median_ratio"] = round(statistics.median(ratios), 3)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
