"""Kernel-enforced containment of shell commands: a bubblewrap sandbox per session and an
egress proxy that enforces policy on the wire (issue #15, docs/sandbox.md).

``settings`` reads ``[sandbox]``; ``profile`` turns a session's policy and state into a
bubblewrap command line; ``wrapper`` is ``bastion-sandbox`` (what the rewritten command
runs); ``rewrite`` is the hook side (wrap, or deny a command that reaches for the wrapper);
``hosts`` and ``wire`` judge destinations and bytes; ``proxy`` is the asyncio egress proxy;
``service`` runs it inside the daemon and records every decision.
"""
