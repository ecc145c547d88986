"""Command-line verbs for backups (the same use cases as File > Back up now and
File > Restore from backup… in the window).

    scrutiny-desk backup [--json]
    scrutiny-desk backups [--json]
    scrutiny-desk restore BACKUP --to FILE [--force] [--json]
    scrutiny-desk restore BACKUP --over-current --yes
    scrutiny-desk recover --to FILE
"""

from __future__ import annotations

import argparse
import sys

from desktop.domain.dates import uk_date

EXIT_OK, EXIT_USAGE = 0, 2


def backup_json(info) -> dict:
    return {"file": str(info.path), "name": info.path.name, "taken_at": info.taken_at.isoformat(),
            "reason": info.reason, "size": info.size, **{k: v for k, v in info.counts.items()}}


def _size(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB" if size >= 1_048_576 else f"{max(1, size // 1024)} KB"


def cmd_backup(args, open_workspace, print_json) -> int:
    from desktop.services.backups import back_up_now

    with open_workspace(args) as ws:
        written = back_up_now(ws)
    if args.json:
        print_json({"file": str(written), "name": written.name})
    else:
        print(f"Backed up the workspace to {written}")
    return EXIT_OK


def cmd_backups(args, open_workspace, print_json) -> int:
    from desktop.services.backups import backups_of

    with open_workspace(args) as ws:
        found = backups_of(ws.path)
    if args.json:
        print_json([backup_json(info) for info in found])
        return EXIT_OK
    if not found:
        print("There are no backups of this workspace yet (`scrutiny-desk backup` takes one).")
        return EXIT_OK
    for info in found:
        c = info.counts
        print(f"{info.path.name}\t{uk_date(info.taken_at.date())} {info.taken_at:%H:%M}\t{info.reason}"
              f"\t{_size(info.size)}\t{c.get('documents')} papers, {c.get('recommendations')} "
              f"recommendations, {c.get('actions')} actions, {c.get('quotes')} quotes")
    return EXIT_OK


def cmd_restore(args, open_workspace, print_json) -> int:
    from desktop.services import backups as service

    with open_workspace(args) as ws:
        backup = service.find_backup(ws.path, args.backup)
        if args.over_current:
            if not args.yes:
                print("Restoring over the current workspace replaces what is in it now (a backup "
                      "of it is taken first). Run again with --yes.", file=sys.stderr)
                return EXIT_USAGE
            reopened, safety = service.restore_over_current(ws, backup)
            reopened.close()
            message = (f"Restored {backup.name} over {ws.path.name}; what was there is kept as "
                       f"the backup {safety.name}.")
            result = {"restored": str(backup), "to": str(ws.path), "safety_backup": str(safety)}
        else:
            if not args.to:
                print("scrutiny-desk: say where to restore to: --to FILE, or --over-current --yes.",
                      file=sys.stderr)
                return EXIT_USAGE
            target = service.restore_to_new_file(backup, args.to, overwrite=args.force)
            message = f"Restored {backup.name} to {target}"
            result = {"restored": str(backup), "to": str(target)}
    if args.json:
        print_json(result)
    else:
        print(message)
    return EXIT_OK


def cmd_recover(args, open_workspace, print_json) -> int:
    from desktop.storage.recovery import recover_into

    with open_workspace(args) as ws:
        source = ws.path
    report = recover_into(source, args.to)
    lost = report.pop("_unreadable")
    if args.json:
        print_json({"to": args.to, "rows": report, "tables_with_unreadable_rows": lost})
    else:
        print(f"Recovered {sum(report.values())} rows into {args.to}"
              + (f"; {lost} table(s) had rows that could not be read." if lost else "."))
    return EXIT_OK


def add_commands(command, common: argparse.ArgumentParser) -> None:
    p = command("backup", cmd_backup, "back up the workspace now (into the Backups folder)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = command("backups", cmd_backups, "list the workspace's backups with dates, reasons and counts")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = command("restore", cmd_restore, "restore a backup into a new file, or over the workspace")
    p.add_argument("backup", metavar="BACKUP", help="a backup's name (from `backups`), path, or 'latest'")
    p.add_argument("--to", metavar="FILE", help="the new workspace file to restore into")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p.add_argument("--over-current", action="store_true",
                   help="replace the current workspace (after backing it up)")
    p.add_argument("--yes", action="store_true", help="with --over-current: do it without asking")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = command("recover", cmd_recover, "copy what can still be read from a damaged workspace "
                                        "into a new file")
    p.add_argument("--to", metavar="FILE", required=True, help="the new workspace file")
    p.add_argument("--json", action="store_true", help="print JSON")
