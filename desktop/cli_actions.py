"""Command-line verbs for actions (the same use cases as the window).

    scrutiny-desk actions [--json] [--overdue] [--due-within DAYS] [--recommendation ID]
                          [--owner X] [--status S] [--rag R]
    scrutiny-desk actions import FILE [--sheet NAME] [--map FIELD=COLUMN ...] [--against DOC_ID]
                                      [--overwrite-edits] [--dry-run]
    scrutiny-desk actions imports [--json]
    scrutiny-desk actions undo-import IMPORT_ID [--json]
    scrutiny-desk actions add|edit|update|link|unlink|delete|show ...
"""

from __future__ import annotations

import argparse
import sys
from datetime import date

from desktop.domain.actions import Action, ActionStatus, ProgressUpdate, Rag
from desktop.domain.dates import iso

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def update_json(update: ProgressUpdate) -> dict:
    return {"id": update.id, "date": iso(update.date), "text": update.text,
            "status": update.status.value if update.status else None,
            "rag": update.rag.value if update.rag else None, "due": iso(update.due),
            "due_text": update.due_text, "source": update.source, "passage_id": update.passage_id}


def action_json(action: Action, today: date | None = None) -> dict:
    today = today or date.today()
    return {"id": action.id, "reference": action.reference, "title": action.title,
            "description": action.description, "owner": action.owner,
            "authority": action.authority, "due": iso(action.due), "due_text": action.due_text,
            "original_due": iso(action.original_due), "original_due_text": action.original_due_text,
            "status": action.status.value, "rag": action.rag.value if action.rag else None,
            "recommendation_ids": list(action.recommendation_ids),
            "overdue": action.overdue(today), "due_soon": action.due_soon(today),
            "slips": action.slips, "slipped_days": action.slipped_days,
            "flags": list(action.flags), "edited_fields": list(action.edited_fields),
            "origin": action.origin, "plan_id": action.plan_id,
            "updates": [update_json(u) for u in action.updates]}


def _line(action: Action, today: date) -> str:
    due = action.due_text or "—"
    marker = "OVERDUE  " if action.overdue(today) else ("due soon " if action.due_soon(today) else " " * 9)
    slipped = (f"  (slipped {action.slips}×, {action.slipped_days} days)"
               if action.slips or action.slipped_days else "")
    rag = action.rag.label if action.rag else "—"
    flagged = "  [check: " + "; ".join(action.flags) + "]" if action.flags else ""
    return (f"{action.id:>5}  {action.reference or '—':8.8}  {marker}{due:16.16}  "
            f"{action.status.label:12}  {rag:6}  {action.owner or '—':22.22}  "
            f"{action.title}{slipped}{flagged}")


def _detail(action: Action, today: date) -> str:
    lines = [f"{action.reference + '  ' if action.reference else ''}{action.title}"]
    if action.description:
        lines.append(action.description)
    due = action.due_text or "none"
    if action.due and action.due_text != action.due.isoformat():
        due += f" ({action.due.isoformat()})"
    if action.overdue(today):
        due += "  OVERDUE"
    lines += [f"Owner: {action.owner or '—'}", f"Authority: {action.authority or '—'}",
              f"Due: {due}", f"Status: {action.status.label}",
              f"RAG: {action.rag.label if action.rag else '—'}"]
    if action.original_due and action.original_due != action.due:
        lines.append(f"Originally due: {action.original_due_text or action.original_due.isoformat()}"
                     f"; slipped {action.slips} time{'s' if action.slips != 1 else ''}, "
                     f"{action.slipped_days} days")
    lines.append("Recommendations: " + (", ".join(map(str, action.recommendation_ids)) or "none"))
    for flag in action.flags:
        lines.append(f"Check: {flag}")
    if action.edited_fields:
        lines.append("Edited in the app: " + ", ".join(action.edited_fields))
    lines.append("Updates:" if action.updates else "Updates: none")
    for u in action.updates:
        reported = ", ".join(x for x in (u.status.label if u.status else "",
                                         f"RAG {u.rag.label}" if u.rag else "",
                                         f"due {u.due_text}" if u.due_text else "") if x)
        lines.append(f"  {iso(u.date) or 'undated'}  {u.text}"
                     + (f"  [{reported}]" if reported else ""))
    return "\n".join(lines)


def _history_lines(changes) -> str:
    """What tracker imports changed on the action, with old and new values."""
    from desktop.services.tracker_history import history_lines

    lines = [f"  {line}" for line in history_lines(changes)]
    return ("\nChanged by tracker imports:\n" + "\n".join(lines)) if lines else ""


def cmd_import(args, open_workspace, print_json) -> int:
    from desktop.services import tracker_import as importer

    with open_workspace(args, create=not args.dry_run) as ws:  # like `import`, may start one
        try:
            plan = importer.plan_tracker_import(
                ws, args.file, sheet=args.sheet, map_columns=_map_pairs(args.map),
                against_document_id=args.against, overwrite_conflicts=args.overwrite_edits,
                plan_id=args.plan, as_at=args.as_at, new_plan=args.new_plan)
        except importer.MappingError as error:
            print(f"scrutiny-desk: {error}", file=sys.stderr)
            return EXIT_USAGE
        if (not args.dry_run and not plan.names_council and args.against is None
                and plan.wants_links and importer.inspections_for_linking(ws)):
            # Guessing the inspection links every "Rec 3" to the wrong recommendation.
            last = (f" (last time: --against {plan.remembered_against})"
                    if plan.remembered_against else "")
            print(f"scrutiny-desk: {plan.path.name} does not name its council, so its "
                  "recommendation references could mean any inspection held. Name the inspection "
                  f"with --against DOC_ID{last}; see: scrutiny-desk documents.", file=sys.stderr)
            return EXIT_USAGE
        if plan.as_at is None and not args.dry_run:
            # Its updates would be dated today, which is wrong for a tracker of last quarter.
            print(f"scrutiny-desk: {plan.path.name} does not say what date its position is as at "
                  "(neither its title rows nor its file name give one). Say it with "
                  "--as-at DATE, e.g. --as-at 2017-09-30.", file=sys.stderr)
            return EXIT_USAGE
        if args.dry_run:
            if args.json:
                print_json(importer.plan_json(plan))
            else:
                print(plan.describe())
            return EXIT_OK
        summary = importer.apply_tracker_import(ws, plan, overwrite_conflicts=args.overwrite_edits)
    if args.json:
        print_json(importer.summary_json(summary))
    else:
        print(summary.describe())
    return EXIT_OK


def _import_line(record) -> str:
    from desktop.domain.dates import uk_date

    as_at = f", as at {uk_date(record.as_at)}" if record.as_at else ""
    undone = f"  UNDONE {record.undone_at[:10]}" if record.undone_at else ""
    return (f"{record.id:>5}  {record.imported_at[:16].replace('T', ' ')}  plan "
            f"{record.plan_id if record.plan_id is not None else '—'}  {record.file_name}{as_at}: "
            f"{record.imported} imported, {record.updated} updated, {record.unchanged} unchanged, "
            f"{record.flagged} flagged, {record.skipped} skipped{undone}")


def cmd_imports(args, open_workspace, print_json) -> int:
    from desktop.services import tracker_history as history

    with open_workspace(args) as ws:
        records = history.list_imports(ws)
    if args.json:
        print_json([history.import_json(r) for r in records])
    elif not records:
        print("No tracker imports yet. Import one with: scrutiny-desk actions import FILE")
    else:
        print("\n".join(_import_line(r) for r in records))
    return EXIT_OK


def cmd_undo_import(args, open_workspace, print_json) -> int:
    from desktop.services import tracker_undo as undo

    with open_workspace(args) as ws:
        report = undo.undo_tracker_import(ws, args.import_id)
    if args.json:
        print_json(undo.undo_json(report))
    else:
        print(report.describe())
    return EXIT_OK


def _map_pairs(pairs: list[str] | None) -> dict[str, str]:
    """--map FIELD=COLUMN, checked against the field names later (with the file's columns)."""
    found: dict[str, str] = {}
    for pair in pairs or ():
        field, sep, column = pair.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise argparse.ArgumentTypeError(f"--map takes FIELD=COLUMN, not “{pair}”.")
        found[field.strip()] = column.strip()
    return found


def _as_at_actions(ws, args) -> list[Action]:
    """The actions as they stood on --as-at: overdue and due soon measured from that date."""
    from desktop.services.as_at import actions_as_at

    when = args.list_as_at
    found = actions_as_at(ws, when, owner=args.owner, status=args.status, rag=args.rag,
                          recommendation_id=args.recommendation)
    if args.overdue or args.due_within is not None:
        found = [a for a in found if (args.overdue and a.overdue(when)) or (
            args.due_within is not None and a.due_soon(when, args.due_within))]
    return found


def cmd_actions(args, open_workspace, print_json) -> int:
    from desktop.services import actions as service

    verb = getattr(args, "verb", None)
    today = date.today()
    if verb == "import":
        try:
            _map_pairs(args.map)
        except argparse.ArgumentTypeError as error:
            print(f"scrutiny-desk: {error}", file=sys.stderr)
            return EXIT_USAGE
        return cmd_import(args, open_workspace, print_json)
    if verb == "imports":
        return cmd_imports(args, open_workspace, print_json)
    if verb == "undo-import":
        return cmd_undo_import(args, open_workspace, print_json)
    with open_workspace(args) as ws:
        if verb is None:
            if args.due_within is not None and args.due_within < 0:
                print("scrutiny-desk: --due-within takes a number of days, 0 or more.",
                      file=sys.stderr)
                return EXIT_USAGE
            if getattr(args, "list_as_at", None):
                actions, today = _as_at_actions(ws, args), args.list_as_at
            else:
                actions = service.list_actions(ws, overdue=args.overdue, due_within_days=args.due_within,
                                               owner=args.owner, status=args.status, rag=args.rag,
                                               recommendation_id=args.recommendation, today=today)
            if args.json:
                print_json([action_json(a, today) for a in actions])
            elif not actions:
                print("No actions match." if _filtered(args) else
                      "No actions yet. Add one with: scrutiny-desk actions add TITLE, or import "
                      "the council's tracker with: scrutiny-desk actions import FILE")
            else:
                print("\n".join(_line(a, today) for a in actions))
            return EXIT_OK
        if verb == "add":
            action = service.add_action(
                ws, args.title, reference=args.reference or "", description=args.description or "",
                owner=args.owner_value or "", due_text=args.due_text or "",
                status=args.status_value or "not_started", rag=args.rag_value,
                authority=args.authority, recommendation_ids=args.recommendation_ids or ())
        elif verb == "edit":
            given = {"title": args.title, "reference": args.reference,
                     "description": args.description, "owner": args.owner_value,
                     "due_text": args.due_text, "status": args.status_value, "rag": args.rag_value,
                     "authority": args.authority}
            changes = {name: value for name, value in given.items() if value is not None}
            if not changes and not args.recommendation_ids:
                print("Nothing to change: give --title, --reference, --description, --owner, --due, "
                      "--status, --rag, --authority or --recommendation.", file=sys.stderr)
                return EXIT_USAGE
            if changes:
                service.edit_action(ws, args.id, changes)
            for rec_id in args.recommendation_ids or ():
                service.link_recommendation(ws, args.id, rec_id)
            action = service.get_action(ws, args.id)
        elif verb == "update":
            update = service.add_update(ws, args.id, args.text, date=args.date,
                                        status=args.status_value, rag=args.rag_value,
                                        passage_id=args.passage)
            action = service.get_action(ws, args.id)
            if not args.json:
                print(f"Added update {update.id} to action {action.id}.")
                return EXIT_OK
        elif verb in ("link", "unlink"):
            (service.link_recommendation if verb == "link" else service.unlink_recommendation)(
                ws, args.id, args.recommendation_id)
            action = service.get_action(ws, args.id)
            if not args.json:
                print(f"Action {action.id} now answers recommendations: "
                      + (", ".join(map(str, action.recommendation_ids)) or "none") + ".")
                return EXIT_OK
        elif verb == "delete":
            action = service.get_action(ws, args.id)
            if not args.yes:
                print(f"This deletes action {action.id} “{action.title}” with its "
                      f"{len(action.updates)} update{'s' if len(action.updates) != 1 else ''}. "
                      "Run again with --yes.", file=sys.stderr)
                return EXIT_USAGE
            service.delete_action(ws, args.id)
            print(f"Deleted action {args.id}.")
            return EXIT_OK
        else:  # show
            from desktop.services import tracker_history as history

            action = service.get_action(ws, args.id)
            made = history.history_of_action(ws, action.id)
            if not args.json:
                print(_detail(action, today) + _history_lines(made))
                return EXIT_OK
            print_json({**action_json(action, today),
                        "history": [history.history_json(h) for h in made]})
            return EXIT_OK
    if args.json:
        print_json(action_json(action, today))
    else:
        print(_line(action, today))
    return EXIT_OK


def _filtered(args) -> bool:
    return bool(args.overdue or args.due_within is not None or args.owner or args.status
                or args.rag or args.recommendation)


def _status(text: str) -> str:
    from desktop.services.actions import InvalidAction, parse_status_value

    try:
        return parse_status_value(text).value
    except InvalidAction:
        raise argparse.ArgumentTypeError(f"“{text}” is not an action status; use one of: "
                                         + ", ".join(s.value for s in ActionStatus)) from None


def _rag(text: str) -> str:
    from desktop.services.actions import InvalidAction, rag_or_none

    try:
        return rag_or_none(text) or ""
    except InvalidAction:
        raise argparse.ArgumentTypeError(f"“{text}” is not a RAG rating; use one of: "
                                         + ", ".join(r.value for r in Rag)) from None


def _as_at_date(text: str) -> date:
    from desktop.domain.dates import typed_date

    try:
        typed = typed_date(text, "as-at date")
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if typed is None:
        raise argparse.ArgumentTypeError("give the date the tracker's position is as at, e.g. 30/09/2017")
    return typed


def add_commands(command, common: argparse.ArgumentParser) -> None:
    """Register the actions commands. `command(name, func, help)` returns the subparser;
    func is called as func(args, open_workspace, print_json) and returns an exit code."""
    p = command("actions", cmd_actions,
                "list the improvement-plan actions, or import, add, edit, update or delete them")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--overdue", action="store_true", help="only actions past their due date")
    p.add_argument("--due-within", dest="due_within", type=int, metavar="DAYS",
                   help="only actions due in the next DAYS days (with --overdue: either)")
    p.add_argument("--recommendation", type=int, metavar="ID", help="only actions answering it")
    p.add_argument("--owner", help="only this owner's actions")
    p.add_argument("--status", type=_status, help="only this status, e.g. off_track")
    p.add_argument("--rag", type=_rag, help="only this RAG rating: red, amber, green or blue")
    p.add_argument("--as-at", dest="list_as_at", type=_as_at_date, metavar="DATE",
                   help="as the actions stood on DATE (YYYY-MM-DD): later updates left out, "
                        "overdue measured from DATE")
    verbs = p.add_subparsers(dest="verb", metavar="VERB")

    def verb(name: str, help_text: str) -> argparse.ArgumentParser:
        v = verbs.add_parser(name, parents=[common], help=help_text, description=help_text)
        v.add_argument("--json", action="store_true", help="print the result as JSON")
        return v

    def fields(v: argparse.ArgumentParser) -> None:
        v.add_argument("--reference", help="the council's number for it, e.g. 1.2")
        v.add_argument("--owner", dest="owner_value", help="who is responsible")
        v.add_argument("--due", dest="due_text", metavar="TEXT",
                       help="due date as written: 31/03/2024, Q2 2023, ongoing")
        v.add_argument("--status", dest="status_value", type=_status,
                       help=", ".join(s.value for s in ActionStatus))
        v.add_argument("--rag", dest="rag_value", type=_rag,
                       help="red, amber, green or blue ('' to clear)")
        v.add_argument("--recommendation", dest="recommendation_ids", type=int, action="append",
                       metavar="ID", help="a recommendation it answers (repeat for more)")
        v.add_argument("--description")
        v.add_argument("--authority", help="the local authority (default: its recommendations')")

    v = verb("import", "import the council's improvement-plan tracker (CSV or XLSX)")
    v.add_argument("file", metavar="FILE")
    v.add_argument("--sheet", metavar="NAME", help="the sheet to read (default: the one with the "
                   "actions)")
    v.add_argument("--map", action="append", metavar="FIELD=COLUMN",
                   help="which column holds a field (COLUMN: its header or number from 1); "
                        "fields: reference, title, description, owner, due, status, rag, update, "
                        "update_date, recommendation_ref, recommendation_quote")
    v.add_argument("--against", type=int, metavar="DOC_ID",
                   help="the inspection whose recommendations the tracker's references mean")
    v.add_argument("--overwrite-edits", dest="overwrite_edits", action="store_true",
                   help="let the tracker replace what was changed in the app, and update "
                        "another plan's actions it lists (without it, those are skipped and "
                        "listed)")
    v.add_argument("--as-at", dest="as_at", type=_as_at_date, metavar="DATE",
                   help="the date the tracker's position is as at (needed when its title rows "
                        "and file name give none); its updates and slips carry it")
    which_plan = v.add_mutually_exclusive_group()
    which_plan.add_argument("--plan", type=int, metavar="PLAN_ID",
                            help="the plan it updates (default: the plan this file was last imported "
                                 "as, else the plan whose actions it lists, else a new plan)")
    which_plan.add_argument("--new-plan", dest="new_plan", action="store_true",
                            help="start a new plan with it, even if a plan of the same name is held")
    v.add_argument("--dry-run", dest="dry_run", action="store_true",
                   help="say what would change, and change nothing")
    verb("imports", "list the tracker imports (file, SHA-256, plan, position date, counts)")
    v = verb("undo-import", "take back a tracker import: its changes, its updates and the "
                            "actions it added (fields changed since are left alone)")
    v.add_argument("import_id", type=int, metavar="IMPORT_ID", help="from: scrutiny-desk "
                   "actions imports")
    v = verb("add", "type in an action")
    v.add_argument("title", metavar="TITLE")
    fields(v)
    v = verb("edit", "change an action's fields (a new due date is recorded as slippage)")
    v.add_argument("id", type=int, metavar="ID")
    v.add_argument("--title")
    fields(v)
    v = verb("update", "record a dated progress update")
    v.add_argument("id", type=int, metavar="ID")
    v.add_argument("text", metavar="TEXT")
    v.add_argument("--date", metavar="DATE", help="YYYY-MM-DD (default today)")
    v.add_argument("--status", dest="status_value", type=_status, help="the status now")
    v.add_argument("--rag", dest="rag_value", type=_rag, help="the RAG rating now")
    v.add_argument("--passage", type=int, metavar="PID", help="a passage the update cites")
    for name, text in (("link", "say an action answers a recommendation"),
                       ("unlink", "remove a link between an action and a recommendation")):
        v = verb(name, text)
        v.add_argument("id", type=int, metavar="ID")
        v.add_argument("recommendation_id", type=int, metavar="REC_ID")
    v = verb("delete", "delete an action with its updates")
    v.add_argument("id", type=int, metavar="ID")
    v.add_argument("--yes", action="store_true", help="delete without asking")
    v = verb("show", "show an action with its updates")
    v.add_argument("id", type=int, metavar="ID")
