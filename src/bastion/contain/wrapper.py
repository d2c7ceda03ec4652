"""``bastion-sandbox --session ID -- CMD...``: run a command in a session's sandbox by hand.

The hook's rewrite calls ``bwrap`` directly (``launch.command_for``: nothing of Bastion
starts per command); this is the same sandbox for a person or a script: it uses the profile
the daemon saved for the session, or builds one from the current directory when there is
none, and execs bubblewrap. ``--print`` shows the command line instead of running it.
When bubblewrap cannot run it says why and exits 126: it never runs the command unsandboxed.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys

from bastion.contain import launch


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="bastion-sandbox",
        description="Run a command in a Bastion session's sandbox (docs/sandbox.md).",
    )
    parser.add_argument("--session", required=True, help="the session whose profile applies")
    parser.add_argument("--home", default=None, help="Bastion home (BASTION_HOME, ~/.bastion)")
    parser.add_argument("--print", action="store_true", help="print the command, do not run it")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- then the command")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command after --, e.g. -- bash -c 'make test'")
    home = os.path.abspath(
        os.path.expanduser(args.home or os.environ.get("BASTION_HOME") or "~/.bastion")
    )
    from bastion.contain.settings import probe

    available = probe()
    if not available.ok:
        print(f"bastion-sandbox: cannot sandbox here: {available.reason}", file=sys.stderr)
        return 126
    profile = launch.load(home, args.session)
    if profile is None:
        from bastion.contain import profile as profilemod

        profile = profilemod.build(
            args.session, os.getcwd(), user_home=os.path.expanduser("~"), bastion_paths=[home]
        )
    launch.write_args(profile, home)
    original = " ".join(shlex.quote(word) for word in command)
    line = launch.command_for(profile, home, original, available.bwrap)
    if args.print:
        print(line)
        return 0
    os.execv("/bin/bash", ["bash", "-c", line])
    return 127  # not reached: exec replaced this process


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
