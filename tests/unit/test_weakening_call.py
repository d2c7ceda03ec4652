"""Tool calls classed as weakening by their name and arguments (detect/weakening_call.py)."""

from __future__ import annotations

import pytest

from bastion.detect.weakening_call import classify, names_class


@pytest.mark.parametrize(
    ("name", "args", "kind"),
    [
        ("doc_set_access", {"doc": "plan", "audience": "public"}, "widen"),
        ("space_acl_write", {"grant": {"anonymous": "view"}}, "widen"),
        ("project_configure", {"private": False}, "widen"),
        ("blob_policy_put", {"policy": "public-read-write"}, "widen"),
        ("siren_update", {"alarm": "north", "armed": "off"}, "protection-off"),
        ("pause_alerting", {"team": "ops"}, "protection-off"),
        ("sensor_configure", {"sensor": "gate", "recording": False}, "protection-off"),
        ("trunk_patch", {"line": "7", "forward_to": "+15550100"}, "redirect"),
        ("zone_upsert", {"type": "MX", "value": "10 mx.other.example"}, "redirect"),
        ("enroll_totp", {"user": "kim", "seed": "FAKESEED"}, "factor"),
    ],
)
def test_weakening_calls_are_classed(name: str, args: dict[str, object], kind: str) -> None:
    weak = classify(name, args)
    assert weak is not None and weak.kind == kind


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("doc_set_access", {"doc": "plan", "audience": "finance-team"}),
        ("siren_update", {"alarm": "north", "armed": True, "start": "21:00"}),
        ("ticket_update", {"status": "open", "private": True}),
        ("trunk_forward_remove", {"line": "7"}),
        ("zone_upsert", {"type": "A", "value": "203.0.113.9"}),
        ("list_totp_devices", {"user": "kim"}),
        ("page_save", {"title": "press", "body": "this page is public"}),
        ("insert_event", {"guests": "ana@ourco.test", "title": "review"}),
    ],
)
def test_ordinary_calls_are_not_weakening(name: str, args: dict[str, object]) -> None:
    assert classify(name, args) is None


def test_prompt_naming_the_class() -> None:
    assert names_class("Please make the page public", "widen")
    assert names_class("forward my line to my mobile", "redirect")
    assert names_class("add an MX record", "redirect")
    assert not names_class("the gateway went offline", "protection-off")
    assert not names_class("fix the typos on the runbook", "widen")
