"""Turn a compiled OCSF schema into the JSON Schema that tests validate exports against.

Bastion pins one OCSF release (`bastion.export.ocsf.OCSF_VERSION`). Its JSON Schema is
made once, offline, and shipped as test data (``tests/data/ocsf/<version>/``):

1. compile the release's repository with the OCSF project's own compiler (PyPI
   ``ocsf-lib``; all profiles on, no platform extensions)::

       git -C ocsf-schema checkout v1.8.0
       python -m ocsf.compile ocsf-schema --ignore-extension linux macos windows > compiled.json

2. ``python scripts/ocsf_json_schema.py compiled.json tests/data/ocsf/1.8.0``

One file per event class we export, each self-contained (every object it reaches is a
``$defs`` entry). The rules are those of the OCSF server's JSON Schema export, made
strict: required attributes are required, integer enums (``*_id``) hold only their listed
values, typed strings keep their patterns, constraints (``at_least_one``, ``just_one``)
become ``anyOf``/``oneOf``, and no attribute outside the class or object is allowed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

CLASSES = (
    "process_activity",
    "file_activity",
    "network_activity",
    "api_activity",
    "detection_finding",
)

PROFILES = ("host", "security_control", "ai_operation")
"""The profiles our events declare in ``metadata.profiles``; other profiles' attributes
(cloud, osint, ...) are left out, as OCSF applies a profile only when an event names it."""

_BASE = {
    "string_t": {"type": "string"},
    "integer_t": {"type": "integer"},
    "long_t": {"type": "integer"},
    "float_t": {"type": "number"},
    "boolean_t": {"type": "boolean"},
    "json_t": {},
}


def _scalar(schema: dict[str, Any], type_name: str) -> dict[str, Any]:
    types = schema["types"]
    spec = types.get(type_name)
    if type_name in _BASE:
        return dict(_BASE[type_name])
    if spec is None:
        raise SystemExit(f"unknown OCSF type {type_name!r}")
    out = _scalar(schema, spec.get("type") or "string_t")
    if spec.get("regex"):
        out["pattern"] = spec["regex"]
    if spec.get("max_len"):
        out["maxLength"] = spec["max_len"]
    if spec.get("range"):
        out["minimum"], out["maximum"] = spec["range"]
    return out


def _attribute(schema: dict[str, Any], attr: dict[str, Any], wanted: set[str]) -> dict[str, Any]:
    kind = attr["type"]
    if kind in schema["objects"]:
        wanted.add(kind)
        item: dict[str, Any] = {"$ref": f"#/$defs/{kind}"}
    else:
        item = _scalar(schema, kind)
        enum = attr.get("enum")
        if enum and item.get("type") == "integer":
            item["enum"] = sorted(int(k) for k in enum)
    if attr.get("is_array"):
        return {"type": "array", "items": item}
    return item


def _object_schema(
    schema: dict[str, Any], name: str, spec: dict[str, Any], wanted: set[str]
) -> dict[str, Any]:
    if name == "object":
        # OCSF's generic ``object`` (``unmapped``, ``data``, ...) holds anything.
        return {"title": spec.get("caption", name), "type": "object"}
    props: dict[str, Any] = {}
    required: list[str] = []
    for attr_name, attr in sorted(spec["attributes"].items()):
        if attr.get("profile") and attr["profile"] not in PROFILES:
            continue
        props[attr_name] = _attribute(schema, attr, wanted)
        if attr.get("requirement") == "required":
            required.append(attr_name)
    out: dict[str, Any] = {
        "title": spec.get("caption", name),
        "type": "object",
        "properties": props,
        "additionalProperties": False,
    }
    if required:
        out["required"] = required
    constraints = spec.get("constraints") or {}
    if constraints.get("at_least_one"):
        out["anyOf"] = [{"required": [k]} for k in constraints["at_least_one"]]
    if constraints.get("just_one"):
        out["oneOf"] = [{"required": [k]} for k in constraints["just_one"]]
    return out


def class_schema(schema: dict[str, Any], class_name: str) -> dict[str, Any]:
    """The strict JSON Schema of one event class, with every object it reaches."""
    spec = schema["classes"][class_name]
    wanted: set[str] = set()
    out = _object_schema(schema, class_name, spec, wanted)
    out["properties"]["class_uid"] = {"const": spec["uid"]}
    category = schema["categories"][spec["category"]]
    out["properties"]["category_uid"] = {"const": category["uid"]}
    activities = spec["attributes"]["activity_id"].get("enum") or {}
    out["properties"]["type_uid"] = {"enum": sorted(spec["uid"] * 100 + int(k) for k in activities)}
    defs: dict[str, Any] = {}
    done: set[str] = set()
    while wanted - done:
        name = sorted(wanted - done)[0]
        done.add(name)
        defs[name] = _object_schema(schema, name, schema["objects"][name], wanted)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"ocsf-{schema['version']}/{class_name}",
        "description": f"OCSF {schema['version']} {spec['caption']} ({spec['uid']}), "
        "strict, made by scripts/ocsf_json_schema.py",
        **out,
        "$defs": defs,
    }


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__)
        return 2
    schema = json.loads(Path(argv[1]).read_text())
    out_dir = Path(argv[2])
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in CLASSES:
        made = class_schema(schema, name)
        (out_dir / f"{name}.schema.json").write_text(json.dumps(made, indent=1, sort_keys=True))
        print(f"{name}: {len(made['$defs'])} objects")
    (out_dir / "VERSION").write_text(schema["version"] + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
