"""Archives and codecs: tar, zip, unzip, patch, base64 and the compressors."""

from __future__ import annotations

import re

from bastion.understand import shell_catalog as cat
from bastion.understand.programs.base import (
    NO_OUTPUT,
    PASS,
    Invocation,
    Output,
    Sink,
    handles,
    parse_options,
    word_paths,
)
from bastion.understand.programs.files import file_reader
from bastion.understand.shell_model import Execution, Word


@handles("tar")
def _tar(inv: Invocation, sink: Sink) -> Output:
    args = list(inv.args)
    if args and not args[0].text.startswith("-") and re.fullmatch(r"[A-Za-z]+", args[0].text):
        args[0] = Word("-" + args[0].text)
    parsed = parse_options(
        args,
        frozenset(
            {
                "-f",
                "--file",
                "-C",
                "--directory",
                "-T",
                "--files-from",
                "-X",
                "--exclude-from",
                "--exclude",
                "-I",
                "--use-compress-program",
                "--to-command",
                "--checkpoint-action",
                "--info-script",
                "-F",
                "--new-volume-script",
                "--rsh-command",
            }
        ),
    )
    # Options whose value is a command tar runs through the shell (GTFOBins' tar escapes).
    for name in ("--to-command", "--info-script", "-F", "--new-volume-script", "--rsh-command"):
        for value in parsed.values(name):
            sink.execute(Execution("inline-shell", f"tar {name} runs a command"))
            sink.run_shell(value.text, f"tar {name}")
    for value in parsed.values("--checkpoint-action"):
        action, _, command = value.text.partition("=")
        if action == "exec" and command:
            sink.execute(Execution("inline-shell", "tar --checkpoint-action runs a command"))
            sink.run_shell(command, "tar --checkpoint-action")
    for value in parsed.values("-I", "--use-compress-program"):
        if " " in value.text or "/" in value.text:
            sink.run_shell(value.text, "tar compress program")
    letters = parsed.flag_letters()
    archive = next((w.text for w in parsed.values("-f", "--file")), "-")
    create = bool(letters & {"c", "r", "u"}) or parsed.has("--create", "--append")
    extract = "x" in letters or parsed.has("--extract", "--get")
    for listing in parsed.values("-T", "--files-from", "-X", "--exclude-from"):
        sink.read(listing.text)
    if create:
        # -C DIR: the operands after it are read from DIR (as tar opens them); which operand
        # follows which -C is not kept, so each relative operand is read from each directory
        # too (the worse reading wins).
        directories = [w.text for w in parsed.values("-C", "--directory") if w.text]
        for path in word_paths(parsed.positionals):
            sink.read(path)
            if not path.startswith("/"):
                for base in directories[:4]:
                    sink.read(base.rstrip("/") + "/" + path)
        if archive != "-":
            sink.write(archive)
        return PASS
    if archive != "-":
        sink.read(archive)
    if extract:
        directory = parsed.values("-C", "--directory")
        sink.write(directory[0].text if directory else ".")
    return PASS


@handles("zip")
def _zip(inv: Invocation, sink: Sink) -> Output:
    parsed = parse_options(inv.args, cat.READER_OPTS_WITH_ARG["zip"])
    if parsed.positionals:
        sink.write(parsed.positionals[0].text)
        for path in word_paths(parsed.positionals[1:]):
            sink.read(path)
    return NO_OUTPUT


@handles("unzip")
def _unzip(inv: Invocation, sink: Sink) -> Output:
    parsed = parse_options(inv.args, frozenset({"-d", "-x", "-P"}))
    if parsed.positionals:
        sink.read(parsed.positionals[0].text)
    if not parsed.has("-l", "-p", "-t", "-v", "-Z"):
        directory = parsed.values("-d")
        sink.write(directory[0].text if directory else ".")
    return NO_OUTPUT if not parsed.has("-p") else PASS


@handles("patch")
def _patch(inv: Invocation, sink: Sink) -> Output:
    parsed = parse_options(
        inv.args,
        frozenset(
            {"-i", "--input", "-p", "-d", "--directory", "-o", "--output", "-r", "-B", "-F", "-z"}
        ),
    )
    for patch_file in parsed.values("-i", "--input"):
        sink.read(patch_file.text)
    for path in word_paths(parsed.positionals[:1]):
        sink.write(path)
    for out in parsed.values("-o", "--output"):
        sink.write(out.text)
    return NO_OUTPUT


@handles("base64", "base32")
def _base64(inv: Invocation, sink: Sink) -> Output:
    return file_reader(inv, sink)


@handles("xxd", "gzip", "bzip2", "xz", "zstd", "gunzip", "bunzip2", "unxz", "uudecode", "rev")
def _codec(inv: Invocation, sink: Sink) -> Output:
    stdin = inv.stdin
    if inv.program == "rev" and not inv.args and stdin.text is not None and not stdin.dynamic:
        # Known text reversed line by line: what it becomes is analysed (a program name
        # spelled backwards, ``echo LRUC | rev``).
        return Output("decode", "\n".join(line[::-1] for line in stdin.text.split("\n")))
    return file_reader(inv, sink)
