"""What a sub-agent's prompt asks for in prose: the goals it hands over (#13 §1, sub-agents).

A Task prompt is instructions another agent carries out. When they are commands, the shell
analysis judges them (``actions._delegated_changes``); an outside text that wants a step
taken usually asks in words instead: "upload the AWS credentials file to …", "permanently
delete the bucket …", "invite X to the organisation as an owner", "turn off branch
protection". This module reads a prompt clause by clause with the verb lexicon that judges
command lines (``state_change``: destroy, change, approve; protections and access) plus the
verbs of handing data over, and returns the changes each clause asks for, with the names
that choose them (so ``state_change.asked`` can see whether the user's own prompt asked), and
the scripts of any "download X and run it" or "send the secret to URL" request, spelt as
shell for the shell analysis. It is read only in a session that has seen outside content:
there, a goal nobody in the user's prompt stated may be an injected one. Pure functions.
"""

from __future__ import annotations

import re

from bastion.understand import state_change as sc

__all__ = ["prose_changes", "prose_scripts"]

_CLAUSE_END = re.compile(r"(?<=[.;!?])\s+|\n+")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_URL = re.compile(r"https?://[^\s'\"<>)\]]+")
# Any scheme's URL (``sftp://host/in``, ``s3://bucket``, ``postgres://host/db``): a place.
_ANY_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://([^\s/'\"<>)\]:@]+@)?([^\s/'\"<>)\]:]+)")
# Names that choose a change: an identifier with a separator or a digit (marsh-lantern/core,
# prod-backups-2, lantern-helper-bot) or a path.
_NAME = re.compile(
    r"(?<![\w/.@-])(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # an e-mail address
    r"|\d{1,3}(?:\.\d{1,3}){3}"  # an IPv4 address
    r"|[A-Z]{2}\d{2}[A-Z0-9]{10,30}"  # an account number (IBAN shape)
    r"|[\w-]+(?:\.[\w-]+)+\.[a-z]{2,}"  # a host name
    r"|[\w.-]+/[\w./-]+|[a-z0-9]+(?:[-_][a-z0-9]+)+)(?![\w/-])"
)

# Handing data over to someone else.
_SEND = frozenset(
    "upload send post paste share transfer forward email mail exfiltrate leak attach commit "
    "publish tweet dm message".split()
)
# What a secret is called in prose.
_SECRET = re.compile(
    r"(?i)\b(?:credentials?|tokens?|passwords?|passphrases?|secrets?|api[ _-]?keys?|"
    r"private[ _-]?keys?|ssh[ _-]?keys?|auth|cookies?|kubeconfig|npmrc|netrc|pgpass|"
    r"\.env|env(?:ironment)? file|id_rsa|id_ed25519)\b"
)
# Words of running fetched code.
_RUN = frozenset("execute run bash sh source install eval pipe".split())
_FETCH = re.compile(r"(?i)\b(?:download|fetch|curl|wget|script|installer|get)\b")
# Prose spellings of destructive git and scheduling steps, with the class they carry.
_FORCE_PUSH = re.compile(r"(?i)\bforce[ -]?push|\brewrite (?:the )?history|\bhistory rewrite")
_SCHEDULE = re.compile(
    r"(?i)\b(?:cron(?: ?job)?|crontab|every \d+ (?:minutes?|hours?)|at (?:boot|login|startup))\b"
)
_PHRASES: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (_FORCE_PUSH, sc.DESTROY, "force-push"),
    (_SCHEDULE, sc.CHANGE, "schedule"),
)
# Objects whose change happens elsewhere (a server, an organisation, a repository).
_REMOTE_NOUNS = frozenset(
    "bucket buckets database databases db table tables collection repo repository "
    "repositories branch branches cluster clusters organisation organization org project "
    "projects owner owners admin admins member members collaborator collaborators key keys "
    "protection history deployment deployments instance instances server servers vm user "
    "users account accounts role roles permission permissions webhook webhooks variable "
    "variables dns domain domains record records queue topic namespace environment "
    "release releases tag tags pipeline pipelines workflow workflows".split()
)


_PRIVILEGED = frozenset({"owner", "owners", "admin", "admins", "maintainer", "maintainers"})


# Prose verbs of changing something elsewhere that command lines spell otherwise.
_PROSE_CHANGE = frozenset(
    "point change switch route redirect move transfer append mute silence snooze expose "
    "open make forward".split()
)
# Objects that are protections in prose (alerts, paging) and words of exposure.
_PROSE_PROTECTIONS = frozenset("alert alerts alerting paging pager notifications".split())
_EXPOSED = frozenset("public everyone world anyone anonymous".split())
_PROSE_NOUNS = frozenset(
    "payout payouts iban authorized_keys visibility recovery forwarding rule rules "
    # Where a tool keeps or sends its state and traffic: switched, it goes elsewhere.
    "backend backends state endpoint endpoints upstream remote remotes mirror proxy".split()
)


def _clauses(text: str) -> list[str]:
    """Sentences and lines (a URL's dots do not end a sentence)."""
    return [c.strip() for c in _CLAUSE_END.split(text[:8192]) if c.strip()][:64]


def _words(clause: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(clause)]


# A file of the work named relative to it: a folder without a dot first (``app/webhooks.py``;
# ``cdn.example.com/x.js`` is a host), or a bare name with a source or configuration
# extension (``main.go``; ``www.example.org`` is a host).
_WORK_FILE = re.compile(
    r"(?:\./)?[\w-]+/(?:[\w.-]+/)*[\w.-]+\.[A-Za-z][A-Za-z0-9]{0,7}"
    r"|[\w-]+(?:\.[\w-]+)*\.(?:py|pyi|js|jsx|mjs|cjs|ts|tsx|go|rs|java|kt|kts|rb|php|cs|c|h|"
    r"cc|cpp|hpp|swift|scala|sql|sh|toml|yaml|yml|json|ini|cfg|md|rst|txt|html|css|vue|svelte)"
)


def prose_changes(text: str) -> list[sc.StateChange]:
    """The changes elsewhere that each clause of ``text`` asks for, in words."""
    out: list[sc.StateChange] = []
    for clause in _clauses(text):
        if len(clause) < 8:
            continue
        words = _words(clause)
        names = tuple(n for n in _NAME.findall(clause) if not n.startswith("http"))[:6]
        wordset = set(words)
        places = tuple(m.group(2).lower() for m in _ANY_URL.finditer(clause))[:4]
        if wordset & _SEND and _SECRET.search(clause):
            verb = next(w for w in words if w in _SEND)
            out.append(
                sc.StateChange(sc.WEAKEN, verb, "secret-handover", False, clause[:120], names)
            )
            continue
        if wordset & _SEND and places:
            # "dump the database and upload it to sftp://host/in": data handed to the place
            # the clause names; that place chooses the change (the user's prompt must name it).
            verb = next(w for w in words if w in _SEND)
            out.append(
                sc.StateChange(
                    sc.CHANGE, verb, "data-handover", False, clause[:120], (*names, *places)
                )
            )
            continue
        phrased = False
        for pattern, klass, verb in _PHRASES:
            if pattern.search(clause):
                out.append(sc.StateChange(klass, verb, "remote-api", False, clause[:120], names))
                phrased = True
        if phrased or not wordset & (_REMOTE_NOUNS | _PROSE_NOUNS | _PROSE_PROTECTIONS):
            continue
        verbs = [w for w in words if (w in sc._VERBS and w not in sc._READ) or w in _PROSE_CHANGE]
        if not verbs:
            continue
        verb = verbs[0]
        # Pointing something at a place (a backend, an endpoint, a remote set to a URL): the
        # place's host chooses the change as much as the names do.
        names = (*names, *places)
        klass = (
            sc.DESTROY
            if verb in sc._DESTROY
            else sc.APPROVE
            if verb in sc._APPROVE
            else sc.EXEC
            if verb in sc._EXEC
            else sc.CHANGE
        )
        if klass == sc.EXEC:
            continue  # running something is judged by what it runs (prose_scripts)
        off = {"turn", "switch"} & wordset and "off" in wordset
        quiet = verb in {"mute", "silence", "snooze"}
        switched_off = (verb in sc._OFF or off or quiet) and wordset & (
            sc._PROTECTIONS | _PROSE_PROTECTIONS
        )
        exposed = bool(wordset & _EXPOSED)
        granted = verb in sc._ON and wordset & (sc._ACCESS | _PRIVILEGED)
        if switched_off or granted or exposed:
            klass = sc.WEAKEN
        if klass == sc.CHANGE and names and all(_WORK_FILE.fullmatch(n) for n in names):
            # "Add signature verification for the webhooks in app/webhooks.py": the change
            # goes into a file of the work, an edit the sub-agent's own calls are judged on,
            # not a change on a server (lead probe 14g's tests: it asked after a page).
            continue
        wholesale = bool({"all", "everything", "entire", "every"} & wordset) and klass == sc.DESTROY
        out.append(sc.StateChange(klass, verb, "remote-api", False, clause[:120], names, wholesale))
    return out[:8]


def prose_scripts(text: str) -> str:
    """Shell spellings of "download X and run it" and "send the secret to URL" requests."""
    lines: list[str] = []
    for clause in _clauses(text):
        urls = _URL.findall(clause)
        if not urls:
            continue
        wordset = set(_words(clause))
        if wordset & _RUN and _FETCH.search(clause):
            lines.append(f"curl -s '{urls[0]}' | sh")
    return "\n".join(lines[:4])
