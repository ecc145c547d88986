"""Command-line verbs for the trash (the same use cases as Edit > Trash in the window).

    scrutiny-desk trash [--json]
    scrutiny-desk trash restore ID [--json]
    scrutiny-desk trash empty [--yes]
"""

from __future__ import annotations

import argparse
import sys

from desktop.domain.dates import uk_date

EXIT_OK, EXIT_USAGE = 0, 2


def trash_item_json(item) -> dict:
    return {"id": item.id, "kind": item.kind, "item_id": item.item_id, "label": item.label,
            "deleted_at": item.deleted_at}


def _when(stamp: str) -> str:
    from datetime import datetime

    try:
        return uk_date(datetime.fromisoformat(stamp).date())
    except ValueError:
        return stamp


def cmd_trash(args, open_workspace, print_json) -> int:
    from desktop.services import trash as service

    with open_workspace(args) as ws:
        service.purge_old_items(ws)
        if args.action == "restore":
            item = service.restore_from_trash(ws, args.id)
            if args.json:
                print_json(trash_item_json(item))
            else:
                label = item.label.rstrip(".")
                print(f"Restored the {service.KIND_NAMES.get(item.kind, item.kind)} “{label}”.")
            return EXIT_OK
        if args.action == "empty":
            items = service.list_trash(ws)
            if not args.yes:
                print(f"The trash holds {len(items)} item{'s' if len(items) != 1 else ''}; emptying "
                      "it deletes them for good (a backup is taken first). Run again with --yes.",
                      file=sys.stderr)
                return EXIT_USAGE
            count = service.empty_trash(ws)
            print(f"Emptied the trash: {count} item{'s' if count != 1 else ''} deleted for good.")
            return EXIT_OK
        items = service.list_trash(ws)
    if args.json:
        print_json([trash_item_json(i) for i in items])
        return EXIT_OK
    if not items:
        print("The trash is empty.")
        return EXIT_OK
    for item in items:
        print(f"{item.id}\t{service.KIND_NAMES.get(item.kind, item.kind)}\t{_when(item.deleted_at)}"
              f"\t{item.label}")
    return EXIT_OK


def add_commands(command, common: argparse.ArgumentParser) -> None:
    p = command("trash", cmd_trash, "list what was deleted (papers, recommendations, actions, "
                                    "quotes), restore it, or empty the trash")
    p.add_argument("--json", action="store_true", help="print JSON")
    verbs = p.add_subparsers(dest="action", metavar="ACTION")
    v = verbs.add_parser("restore", parents=[common], help="put an item back, with its ids",
                         description="put an item back, with its ids")
    v.add_argument("id", type=int, metavar="ID", help="the item's number in `trash`")
    v.add_argument("--json", action="store_true", help="print the restored item as JSON")
    v = verbs.add_parser("empty", parents=[common], help="delete everything in the trash for good",
                         description="delete everything in the trash for good (after a backup)")
    v.add_argument("--yes", action="store_true", help="empty without asking")
