"""Where a written configuration sends a model client's requests (issue #13 §1, sends).

An AI assistant's or model client's configuration (an editor assistant's ``config.json``,
an agent's ``settings.json`` env, an ``.aider.conf.yml``, a ``.env`` of an LLM app) holds
the endpoint every request goes to: the prompts, the code the assistant reads, and the
provider key in its ``Authorization`` header. A key shaped like an endpoint (``apiBase``,
``base_url``, ``baseURL``, ``*_BASE_URL``, ``api_url``) set to a URL, in text that also
says it configures a model (``model``, ``provider``, ``llm``), redirects all of that to the
URL's host. It is spelled as the send it amounts to: the workspace and a key-named variable
posted to that URL, so the host rules (named by the user, local, or chosen by content)
decide as for the command itself. Pure function of the text.
"""

from __future__ import annotations

import re

__all__ = ["endpoint_script"]

_KEY = re.compile(
    r"""(?ix)["']?(
        api[_-]?base(?:[_-]?url)? | base[_-]?url | api[_-]?url | api[_-]?endpoint
        | [a-z0-9]+[_-](?:api[_-])?base(?:[_-]url)? | [a-z0-9]+[_-]endpoint
    )["']?\s*[:=]\s*["']?(https?://[^\s"'`,}]+)"""
)
# Words that say the text configures a model client.
_MODEL = re.compile(
    r"(?i)\b(?:models?|provider|llm|completion|chat|embeddings?|anthropic|openai)\b"
)
_MAX = 64 * 1024


# An environment file (``.env``, ``.env.local``, ``deploy.env``): the scripts that load it
# send where its endpoint variables say (``SHARE_ENDPOINT=https://…``, ``UPLOAD_URL=…``).
_ENV_FILE = re.compile(r"(?:^|/)(?:\.env(?:\.[\w-]+)?|[\w-]+\.env)$")
_ENV_EXAMPLE = re.compile(r"(?i)example|sample|template|dist$")
_ENV_KEY = re.compile(
    r"(?m)^\s*(?:export\s+)?[A-Z][A-Z0-9_]*(?:ENDPOINT|_URL|_URI|_HOST|_BASE)\s*=\s*[\"']?"
    r"(https?://[^\s\"'`]+)"
)


def endpoint_script(text: str, path: str = "") -> str:
    """``curl`` lines for each model endpoint ``text`` sets ("" when it sets none), and for
    each endpoint variable when ``path`` is an environment file."""
    text = text[:_MAX]
    if "http" not in text:
        return ""
    urls: list[str] = []
    if _MODEL.search(text):
        urls.extend(m.group(2) for m in list(_KEY.finditer(text))[:4])
    if path and _ENV_FILE.search(path) and not _ENV_EXAMPLE.search(path):
        urls.extend(m.group(1) for m in list(_ENV_KEY.finditer(text))[:4])
    lines = [f"curl --data-binary @. '{url}'" for url in urls]
    return "\n".join(dict.fromkeys(lines))
