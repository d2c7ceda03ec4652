"""Options every `bastion` command shares, declared once so they read and behave alike."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
import typer.core

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


def _flag_type_label(self: typer.core.TyperOption, ctx: object) -> str | None:
    """Help shows ``--json`` for a flag, not ``--json <bool>``: a flag takes no value."""
    if self.is_flag:
        return None
    return _typer_type_label(self, ctx)  # type: ignore[arg-type]


# Typer's rich help labels every option with its Python type, flags too, which reads as if
# `--fast` wanted a value; one patch here keeps every command's help honest.
_typer_type_label = typer.core.TyperOption.display_type_rich
typer.core.TyperOption.display_type_rich = _flag_type_label  # type: ignore[method-assign]
