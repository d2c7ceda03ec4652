"""OCSF events as ArcSight Common Event Format (CEF:0) lines, for syslog receivers.

``CEF:Version|Device Vendor|Device Product|Device Version|Signature ID|Name|Severity|Extension``
with the header's ``|`` and ``\\`` escaped, and in the extension ``=``, ``\\`` and line
breaks escaped, as the CEF specification requires. The signature is the OCSF
``type_uid`` (a finding's analytic name for Detection Findings); severity is OCSF's
1-5 spread over CEF's 0-10. Custom strings carry the session (``cs1``), the idempotency
key (``cs2``, the leaf hash) and the command line (``cs3``).
"""

from __future__ import annotations

from typing import Any

from bastion import __version__

_CEF_SEVERITY = {0: 0, 1: 1, 2: 3, 3: 5, 4: 8, 5: 10, 6: 10, 99: 5}


def _header(value: Any) -> str:
    return str(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _ext(value: Any) -> str:
    text = str(value)
    return (
        text.replace("\\", "\\\\")
        .replace("=", "\\=")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )


def cef_line(event: dict[str, Any]) -> str:
    """One CEF:0 line for one OCSF event."""
    info = event.get("finding_info") or {}
    signature = (info.get("analytic") or {}).get("name") or event["type_uid"]
    name = info.get("title") or f"{event['class_name']}: {event.get('activity_name', '')}"
    severity = _CEF_SEVERITY.get(int(event.get("severity_id", 0)), 5)
    meta = event["metadata"]
    actor = event.get("actor") or {}
    fields: list[tuple[str, Any]] = [
        ("rt", event["time"]),
        ("dvchost", event["device"]["hostname"]),
        ("act", event.get("action", "")),
        ("outcome", event.get("disposition", "")),
        ("suser", (actor.get("user") or {}).get("name", "")),
        ("sproc", actor.get("app_name", "")),
        ("cat", event["class_name"]),
        ("externalId", meta.get("original_event_uid", "")),
        ("cs1Label", "sessionId"),
        ("cs1", meta.get("correlation_uid", "")),
        ("cs2Label", "idempotencyKey"),
        ("cs2", meta["uid"]),
    ]
    process = event.get("process") or {}
    if process.get("cmd_line"):
        fields += [("cs3Label", "command"), ("cs3", process["cmd_line"])]
    file = event.get("file") or {}
    if file.get("path"):
        fields += [("filePath", file["path"]), ("fname", file.get("name", ""))]
    dst = event.get("dst_endpoint") or {}
    if dst.get("hostname"):
        fields.append(("dhost", dst["hostname"]))
    if dst.get("port") is not None:
        fields.append(("dpt", dst["port"]))
    url = (event.get("url") or {}).get("url_string")
    if url:
        fields.append(("request", url))
    message = info.get("desc") or event.get("message")
    if message:
        fields.append(("msg", message))
    extension = " ".join(f"{k}={_ext(v)}" for k, v in fields if v not in ("", None))
    return (
        f"CEF:0|{_header('Bastion')}|{_header('Bastion')}|{_header(__version__)}|"
        f"{_header(signature)}|{_header(name)}|{severity}|{extension}"
    )
