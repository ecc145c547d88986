"""Every command and option of the command line is in the README's command-line block.

The parser is walked as built, so a command or option added without a line in the
README fails here (sqlite-utils keeps the same guard over its docs).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from desktop.cli import build_parser

README = Path(__file__).resolve().parents[2] / "README.md"
COMMON = {"--workspace", "--help", "-h", "--version"}


def _command_block() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("## Command line")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def _subcommands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()):
    """(command words, its parser) for every command and sub-command."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                words = (*prefix, name)
                yield words, child
                yield from _subcommands(child, words)


def _options(parser: argparse.ArgumentParser) -> set[str]:
    found = set()
    for action in parser._actions:
        found.update(opt for opt in action.option_strings if opt.startswith("--"))
    return found - COMMON


def _entries(block: str) -> list[str]:
    """Each README entry: a `scrutiny-desk ...` line with the indented lines that continue it."""
    entries: list[str] = []
    for line in block.splitlines():
        if line.startswith("scrutiny-desk"):
            entries.append(line.split("#")[0])
        elif entries and line.startswith(" ") and line.strip().startswith(("[", "--", "|")):
            entries[-1] += " " + line.split("#")[0]
    return entries


def _entries_for(words: tuple[str, ...], entries: list[str]) -> list[str]:
    """The entries that document this command: they name its words, in order, as words
    (alternatives such as `edit|show|delete` count for each)."""
    found = []
    for entry in entries:
        tokens = re.split(r"[\s|\[\]]+", entry)[1:]
        if tokens[:1] != [words[0]]:
            continue
        if all(word in tokens for word in words[1:]):
            found.append(entry)
    return found


def _undocumented() -> list[str]:
    entries = _entries(_command_block())
    missing = []
    for words, parser in _subcommands(build_parser()):
        documented = _entries_for(words, entries)
        if not documented:
            missing.append(" ".join(words))
            continue
        for option in _options(parser):
            if not any(re.search(re.escape(option) + r"(?![\w-])", entry) for entry in documented):
                missing.append(f"{' '.join(words)} {option}")
    return sorted(set(missing))


def test_every_command_and_option_is_in_the_readme():
    assert _undocumented() == []


def test_the_walk_finds_the_commands_it_should():
    # Guards against a walk that checks nothing.
    commands = {" ".join(words) for words, _ in _subcommands(build_parser())}
    assert {"import", "search", "recommendations", "actions", "export"} <= commands
    assert any(len(words.split()) == 2 for words in commands)
