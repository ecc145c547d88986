"""Command-line verbs for evidence (the same use cases as the window)."""

from __future__ import annotations

import argparse


def add_commands(command, common: argparse.ArgumentParser) -> None:
    """Register the evidence commands. `command(name, func, help)` returns the subparser;
    func is called as func(args, open_workspace, print_json) and returns an exit code."""
