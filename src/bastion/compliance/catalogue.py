"""The control catalogue (``catalogue.toml``): frameworks and their controls, as data.

A control names the evidence queries (`bastion.compliance.evidence`) that bear on it and
its scope: ``full`` (Bastion's record evidences it), ``partial`` (it evidences a part; the
rest is the organisation's process) or ``outside`` (listed so a report is complete, never
shown as met).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from bastion.errors import BastionError

SCOPES = ("full", "partial", "outside")


class CatalogueError(BastionError):
    """The control catalogue or a framework name is wrong; the message says which."""


@dataclass(frozen=True, slots=True)
class Control:
    framework: str
    id: str
    title: str
    bastion: str
    evidence: tuple[str, ...]
    scope: str


@dataclass(frozen=True, slots=True)
class Catalogue:
    frameworks: dict[str, str]
    controls: tuple[Control, ...]

    def of(self, framework: str) -> list[Control]:
        if framework not in self.frameworks:
            raise CatalogueError(
                f"no framework {framework!r}; choose one of {', '.join(self.frameworks)}"
            )
        return [c for c in self.controls if c.framework == framework]


@cache
def load() -> Catalogue:
    """The shipped catalogue, checked: known frameworks and scopes, evidence named."""
    from bastion.compliance.evidence import QUERIES

    text = resources.files("bastion.compliance").joinpath("catalogue.toml").read_text("utf-8")
    data = tomllib.loads(text)
    frameworks = dict(data["frameworks"])
    controls = []
    for raw in data["control"]:
        scope = raw.get("scope", "full")
        if raw["framework"] not in frameworks or scope not in SCOPES:
            raise CatalogueError(f"catalogue.toml: control {raw.get('id')} is malformed")
        for item in raw["evidence"]:
            if item.split(":", 1)[0] not in QUERIES:
                raise CatalogueError(f"catalogue.toml: {raw['id']} names unknown evidence {item}")
        controls.append(
            Control(
                raw["framework"],
                raw["id"],
                raw["title"],
                raw["bastion"],
                tuple(raw["evidence"]),
                scope,
            )
        )
    return Catalogue(frameworks, tuple(controls))
