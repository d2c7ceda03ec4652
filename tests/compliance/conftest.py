"""Shared by the compliance tests: the controls issue #18 asks the catalogue to hold."""

from __future__ import annotations

import pytest


def _ids(text: str) -> set[str]:
    return {part.strip() for part in text.split(",") if part.strip()}


# Issue #18's list, per framework. A control dropped from catalogue.toml fails a test.
REQUIRED: dict[str, set[str]] = {
    "soc2": {f"CC6.{n}" for n in range(1, 9)} | {f"CC7.{n}" for n in range(1, 6)},
    # Annex A: access (identity, authentication information, rights, privileged, restricted,
    # source code, authentication), incidents (planning to evidence, event reporting),
    # logging and monitoring (logs, monitoring, clocks), masking and leakage.
    "iso27001": _ids(
        "A.5.15, A.5.16, A.5.17, A.5.18, A.8.2, A.8.3, A.8.4, A.8.5,"
        "A.5.24, A.5.25, A.5.26, A.5.27, A.5.28, A.6.8,"
        "A.8.15, A.8.16, A.8.17, A.8.11, A.8.12"
    ),
    # Annex A: operation and monitoring (A.6.2.6), event logs (A.6.2.8) and neighbours.
    "iso42001": _ids(
        "A.3.2, A.3.3, A.6.2.5, A.6.2.6, A.6.2.7, A.6.2.8, A.8.4, A.9.2, A.9.3, A.9.4"
    ),
    "euaiact": _ids("Art. 12, Art. 14, Art. 19, Art. 26"),
    # The subcategories of the four functions that bear on a runtime guard of agents.
    "nistairmf": _ids(
        "GOVERN 1.4, GOVERN 1.5, GOVERN 3.2, GOVERN 4.3, GOVERN 6.1,"
        "MAP 3.3, MAP 3.5, MAP 4.2,"
        "MEASURE 2.4, MEASURE 2.6, MEASURE 2.7, MEASURE 2.8, MEASURE 2.10, MEASURE 3.1,"
        "MANAGE 1.3, MANAGE 2.3, MANAGE 2.4, MANAGE 3.1, MANAGE 4.1, MANAGE 4.3"
    ),
    "owaspasi": {f"ASI{n:02d}" for n in range(1, 11)},
}


@pytest.fixture
def required_controls() -> dict[str, set[str]]:
    """Issue #18's list of control ids, per framework (a copy: tests may not change it)."""
    return {k: set(v) for k, v in REQUIRED.items()}
