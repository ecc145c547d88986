"""Command-line verbs for export (the same use cases as the window).

    scrutiny-desk export briefing --out FILE.pdf [--authority A] [--recommendations ID,...]
        [--inspections DOC_ID,...] [--status S ...] [--title T] [--committee C] [--meeting TEXT]
        [--prepared-by NAME] [--marking TEXT] [--without SECTION ...] [--meeting-date DATE]
        [--as-at DATE] [--all-councils] [--force]
    scrutiny-desk export note --out FILE.pdf --since DATE [--as-at DATE] [--authority A] [--force]
    scrutiny-desk export table recommendations|actions|evidence --out FILE.csv|FILE.xlsx [--force]

Nothing is overwritten without --force; a folder that cannot be written gives a
plain message and exit code 1.
"""

from __future__ import annotations

import argparse
import sys

from desktop.domain.dates import typed_date
from desktop.export.model import SECTIONS  # plain values: nothing heavy
from desktop.export.model import STATUS_ORDER as STATUSES

EXIT_OK, EXIT_USAGE = 0, 2
TABLES = ("recommendations", "actions", "evidence")


def _ids(text: str) -> tuple[int, ...]:
    """"3,5, 12" -> (3, 5, 12)."""
    try:
        return tuple(int(part) for part in text.replace(" ", "").split(",") if part)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a list of numbers like 3,5,12.") from None


def _date(text: str):
    try:
        return typed_date(text, "date")
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _say_saved(args, path, print_json) -> int:
    if args.json:
        print_json({"path": str(path)})
    else:
        print(f"Saved {path}")
    return EXIT_OK


def cmd_export(args, open_workspace, print_json) -> int:
    from desktop.services import exporting

    what = getattr(args, "what", None)
    if what is None:
        print("Say what to export: briefing, note or table (see scrutiny-desk export --help).",
              file=sys.stderr)
        return EXIT_USAGE
    with open_workspace(args) as ws:
        if what == "briefing":
            options = exporting.BriefingOptions(
                authority=args.authority, recommendation_ids=args.recommendations or (),
                document_ids=args.inspections or (), statuses=tuple(args.status or ()),
                title=args.title or "", committee=args.committee or "", meeting=args.meeting or "",
                prepared_by=args.prepared_by or "",
                marking=exporting.DEFAULT_MARKING if args.marking is None else args.marking,
                sections=frozenset(SECTIONS) - set(args.without or ()),
                meeting_date=args.meeting_date, as_at=args.as_at)
            councils = [] if args.all_councils else exporting.councils_covered(ws, options)
            if len(councils) > 1:
                shown = ", ".join(councils[:6]) + (f" and {len(councils) - 6} more" if len(councils) > 6 else "")
                print(f"This briefing would cover {len(councils)} councils ({shown}). Name one with "
                      "--authority NAME, or add --all-councils for a briefing of them all.", file=sys.stderr)
                return EXIT_USAGE
            path = exporting.export_briefing(ws, args.out, options, overwrite=args.force)
        elif what == "note":
            path = exporting.export_note(
                ws, args.out, since=args.since, authority=args.authority, overwrite=args.force,
                title=args.title or "", committee=args.committee or "", meeting=args.meeting or "",
                prepared_by=args.prepared_by or "", marking=args.marking or "", as_at=args.as_at)
        else:
            path = exporting.export_table(ws, args.table, args.out, overwrite=args.force,
                                          authority=args.authority)
    return _say_saved(args, path, print_json)


def add_commands(command, common: argparse.ArgumentParser) -> None:
    """Register `export` with `briefing`, `note` and `table`."""
    p = command("export", cmd_export, "export a briefing PDF, a pre-meeting note, or a table")
    verbs = p.add_subparsers(dest="what", metavar="WHAT")

    def verb(name: str, help_text: str) -> argparse.ArgumentParser:
        v = verbs.add_parser(name, parents=[common], help=help_text, description=help_text)
        v.add_argument("--out", required=True, metavar="FILE", help="the file to write")
        v.add_argument("--force", action="store_true", help="replace FILE if it exists")
        v.add_argument("--json", action="store_true", help="print the path written as JSON")
        return v

    def cover(v: argparse.ArgumentParser) -> None:
        v.add_argument("--authority", help="only this local authority")
        v.add_argument("--title", help="the title on the cover and at the top of each page")
        v.add_argument("--committee", help="the committee it is for")
        v.add_argument("--meeting", metavar="TEXT", help="the meeting, e.g. '12 January 2024'")
        v.add_argument("--prepared-by", dest="prepared_by", metavar="NAME", help="who prepared it")
        v.add_argument("--marking", metavar="TEXT",
                       help="protective marking printed on every page (briefing: OFFICIAL-SENSITIVE "
                            "unless given; --marking '' for none)")
        v.add_argument("--as-at", dest="as_at", type=_date, metavar="DATE",
                       help="the position on DATE (YYYY-MM-DD): later evidence and updates left "
                            "out, overdue measured from DATE (briefing: default the meeting date)")

    v = verb("briefing", "the PDF briefing: cover, contents, at a glance, summary, each "
                         "recommendation with its actions, evidence and notes, sources")
    cover(v)
    v.add_argument("--meeting-date", dest="meeting_date", type=_date, metavar="DATE",
                   help="the meeting's date (YYYY-MM-DD); the position is taken at it unless --as-at")
    v.add_argument("--recommendations", type=_ids, metavar="ID,...", help="only these recommendations")
    v.add_argument("--inspections", type=_ids, metavar="DOC_ID,...",
                   help="only the recommendations of these inspection reports or letters")
    v.add_argument("--status", action="append", choices=STATUSES,
                   help="only recommendations with this status (repeat for several)")
    v.add_argument("--all-councils", dest="all_councils", action="store_true",
                   help="a briefing of every council's recommendations (needed when the workspace "
                        "holds more than one council and no --authority is given)")
    v.add_argument("--without", action="append", choices=SECTIONS, metavar="SECTION",
                   help=f"leave out a section ({', '.join(SECTIONS)}); repeat for several")
    v = verb("note", "a one- or two-page pre-meeting note: concerns, overdue or slipped actions, "
                     "new evidence and open questions since a date")
    cover(v)
    v.add_argument("--since", required=True, type=_date, metavar="DATE",
                   help="what changed since this date (YYYY-MM-DD), e.g. the last meeting")
    v = verb("table", "a table as CSV or XLSX (by the file's suffix)")
    v.add_argument("table", choices=TABLES)
    v.add_argument("--authority", help="only this local authority (recommendations, actions)")
