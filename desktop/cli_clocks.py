"""Command-line verb for the statutory clocks (the same use case as the window).

    scrutiny-desk clocks [--authority A] [--as-at DATE] [--json]
"""

from __future__ import annotations

import argparse

from desktop.domain.dates import typed_date, uk_date

EXIT_OK = 0


def _date(text: str):
    try:
        return typed_date(text, "date")
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def cmd_clocks(args, open_workspace, print_json) -> int:
    from desktop.services.clocks import clock_json, plan_clocks

    with open_workspace(args) as ws:
        clocks = plan_clocks(ws, authority=args.authority, as_at=args.as_at)
    if getattr(args, "json", False):
        print_json([clock_json(c) for c in clocks])
        return EXIT_OK
    if not clocks:
        print("No inspection report or focused visit with priority actions is held, so no "
              "action-plan deadline applies.")
        return EXIT_OK
    for c in clocks:
        who = f"{c.authority}: " if c.authority else ""
        due = uk_date(c.due) if c.due else "cannot be worked out"
        print(f"{who}{c.inspection}. Action plan due {due} ({c.rule}). {c.verdict}"
              + (f": {c.plan}." if c.plan else "."))
    return EXIT_OK


def add_commands(command, common: argparse.ArgumentParser) -> None:
    p = command("clocks", cmd_clocks, "when each council's action plan was due after an inspection "
                                      "or focused visit, and whether a plan paper is held")
    p.add_argument("--authority", help="only this local authority")
    p.add_argument("--as-at", dest="as_at", type=_date, metavar="DATE",
                   help="as known on DATE (YYYY-MM-DD); default today")
    if not any("--json" in a.option_strings for a in p._actions):  # unless every command has it
        p.add_argument("--json", action="store_true", help="print JSON")
