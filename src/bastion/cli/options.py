"""Options every `bastion` command shares, declared once so they read and behave alike."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

HomeOption = Annotated[
    Path | None,
    typer.Option(
        "--home",
        envvar="BASTION_HOME",
        help="Bastion home: socket, store, keys, policies (default ~/.bastion).",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
