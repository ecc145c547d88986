"""The command line: the same use cases the window runs, with JSON for scripts.

Exit codes: 0 success, 1 when something failed (the rest still done), 2 usage errors.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from collections.abc import Sequence
from datetime import date

from desktop import (
    __version__,
    cli_actions,
    cli_backups,
    cli_clocks,
    cli_evidence,
    cli_export,
    cli_ocr,
    cli_originals,
    cli_trash,
)
from desktop.cli_recommendations import add_commands as add_recommendation_commands
from desktop.domain.dates import iso, typed_date
from desktop.domain.documents import DocType, Document
from desktop.domain.errors import UserFacingError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def document_json(doc: Document) -> dict:
    return {
        "id": doc.id, "title": doc.title, "type": str(doc.doc_type), "authority": doc.authority,
        "date": iso(doc.date), "period_start": iso(doc.period_start),
        "period_end": iso(doc.period_end), "pages": doc.pages, "passages": doc.passage_count,
        "parent_id": doc.parent_id, "duplicate_of": doc.duplicate_of, "sha256": doc.sha256,
        "source": doc.source,
    }


def _print_json(value: object) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _open(args, *, create: bool = False):
    """The workspace named by --workspace (or the default); only import may create one."""
    from desktop.services.workspaces import open_named_or_default

    ws = open_named_or_default(getattr(args, "workspace", None), create=create)
    for notice in ws.notices:  # a -wal set aside, damage found: said once, on stderr
        print(f"scrutiny-desk: {notice}", file=sys.stderr)
    return ws


def _no_display() -> bool:
    """On Linux without X11 or Wayland (and no Qt platform chosen), no window can open."""
    return (sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM")
            and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"))


def cmd_gui(args) -> int:
    if _no_display():
        print("scrutiny-desk: no display found, so the window cannot open. Run it from a desktop "
              "session; the commands work without one (scrutiny-desk --help).", file=sys.stderr)
        return EXIT_FAILED
    from desktop.ui.app import run_app

    return run_app(getattr(args, "workspace", None))


def cmd_import(args) -> int:
    from desktop.services.importing import Outcome, import_paths

    if getattr(args, "no_ocr", False):  # inherited by the import's worker processes
        from desktop.ingest.ocr import NO_OCR_ENV
        os.environ[NO_OCR_ENV] = "1"
    from desktop.services.findings_summary import summarise_findings

    with _open(args, create=True) as ws:
        summary = import_paths(ws, args.paths)
        found = {doc_id: summarise_findings(ws, doc_id) for doc_id in summary.document_ids}
    for outcome in summary.outcomes:
        detail = f": {outcome.message}" if outcome.message else ""
        print(f"{outcome.path}: {outcome.outcome}{detail}")
        for doc_id in outcome.document_ids:  # what was found in each paper, to compare with it
            if found[doc_id].counts:
                print(f"    document {doc_id}: {found[doc_id].describe()}")
    print(summary.describe())
    return EXIT_FAILED if summary.count(Outcome.FAILED) else EXIT_OK


def cmd_documents(args) -> int:
    from desktop.services.documents import list_documents
    from desktop.services.findings_summary import summarise_findings

    with _open(args) as ws:
        docs = list_documents(ws)
        found = {d.id: summarise_findings(ws, d.id).as_json() for d in docs} if args.json else {}
    if args.json:  # "findings": counts per kind, the summary line and any gaps in numbered lists
        _print_json([document_json(d) | {"findings": found[d.id]} for d in docs])
        return EXIT_OK
    if not docs:
        print("No documents yet. Import some with: scrutiny-desk import FILE_OR_FOLDER")
    for d in docs:
        indent = "    " if d.parent_id else ""
        dup = f"  (duplicate of {d.duplicate_of})" if d.duplicate_of else ""
        print(f"{indent}{d.id:>5}  {iso(d.date) or '—':10}  {d.doc_type.label:24}  "
              f"{d.authority or '—':24}  {d.title}{dup}")
    return EXIT_OK


def cmd_show(args) -> int:
    from desktop.services.documents import document_passages, get_document

    with _open(args) as ws:
        doc = get_document(ws, args.doc_id)
        passages = document_passages(ws, args.doc_id)
    if args.json:
        _print_json([{"id": p.id, "label": p.label, "page": p.page, "text": p.text}
                     for p in passages])
        return EXIT_OK
    from desktop.services.findings_summary import summarise_findings

    with _open(args) as ws:
        found = summarise_findings(ws, args.doc_id)
    print(f"{doc.title}\n{doc.doc_type.label} · {doc.authority or 'authority unknown'} · "
          f"{iso(doc.date) or 'undated'}")
    if found.counts:
        print(f"Found: {found.describe()}")
    for gap in found.gaps:
        print(f"Note: {gap.describe()}")
    print()
    for p in passages:
        where = f"p.{p.page} " if p.page else ""
        label = f"[{p.label}] " if p.label else ""
        print(f"{where}{label}{p.text}\n")
    return EXIT_OK


def _parse_cli_date(value: str | None) -> date | None:
    try:
        return typed_date(value)
    except ValueError as error:
        raise UserFacingError(str(error)) from None


def cmd_search(args) -> int:
    from desktop.search.fts import SearchFilters
    from desktop.search.query import QueryError, parse_query
    from desktop.services.searching import search

    filters = SearchFilters(doc_type=args.type, authority=args.authority,
                            date_from=_parse_cli_date(args.date_from),
                            date_to=_parse_cli_date(args.date_to),
                            include_duplicates=args.include_duplicates)
    try:
        parse_query(args.query)  # a query with nothing to search for is a usage error
    except QueryError as error:
        print(f"scrutiny-desk: {error}", file=sys.stderr)
        return EXIT_USAGE
    with _open(args) as ws:
        result = search(ws, args.query, filters, limit=args.limit)
    if result.note:
        print(result.note, file=sys.stderr)
    if args.json:
        _print_json([{"passage_id": h.passage_id, "document_id": h.document_id, "label": h.label,
                      "page": h.page, "score": round(h.score, 4), "snippet": h.snippet,
                      "highlights": [list(s) for s in h.highlights],
                      "document_title": h.document_title, "authority": h.authority,
                      "date": iso(h.date)}
                     for h in result.hits])
        return EXIT_OK
    if not result.hits:
        print("No passages match.")
    for h in result.hits:
        where = ", ".join(x for x in (f"page {h.page}" if h.page else "",
                                      f"para {h.label}" if h.label else "") if x)
        about = f"{h.authority}, " if h.authority else ""
        print(f"{h.document_title} ({about}{iso(h.date) or 'undated'}"
              f"{', ' + where if where else ''})\n    {h.snippet}\n")
    return EXIT_OK


def cmd_edit(args) -> int:
    from desktop.services.documents import edit_document

    changes = {name: getattr(args, name) for name in
               ("title", "doc_type", "authority", "date", "period_start", "period_end")
               if getattr(args, name) is not None}
    if not changes:
        print("Nothing to change: give --title, --type, --authority, --date, "
              "--period-start or --period-end.", file=sys.stderr)
        return EXIT_USAGE
    with _open(args) as ws:
        doc = edit_document(ws, args.doc_id, changes)
    if args.json:
        _print_json(document_json(doc))
    else:
        print(f"Saved: {doc.title}")
    return EXIT_OK


def cmd_delete(args) -> int:
    from desktop.services.documents import delete_document, deletion_impact

    with _open(args) as ws:
        drop_recs = getattr(args, "delete_recommendations", False)
        impact = deletion_impact(ws, args.doc_id, delete_recommendations=drop_recs)
        if not args.yes:
            print(impact.describe() + " Run again with --yes to delete (its quotes are kept, "
                  "with their citations, unless you add --delete-quotes; recommendations holding "
                  "your work are kept unless you add --delete-recommendations).", file=sys.stderr)
            return EXIT_USAGE
        delete_document(ws, args.doc_id, keep_quotes=not args.delete_quotes,
                        delete_recommendations=drop_recs)
    print(f"Deleted “{impact.document.title}” (it is in the trash: `trash` lists it).")
    return EXIT_OK


def cmd_copy(args) -> int:
    from desktop.services.workspaces import save_workspace_copy

    with _open(args) as ws:
        target = save_workspace_copy(ws, args.target, overwrite=args.force)
    print(f"Saved a copy of the workspace to {target}")
    return EXIT_OK


def doc_type_argument(text: str) -> str:
    """A document type by its name (inspection_report) or its label (Inspection report)."""
    wanted = text.strip().lower().replace("-", "_")
    for doc_type in DocType:
        if wanted in (doc_type.value, doc_type.label.lower(), doc_type.label.lower().replace(" ", "_")):
            return doc_type.value
    raise argparse.ArgumentTypeError(
        f"“{text}” is not a document type; use one of: " + ", ".join(t.value for t in DocType))


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--workspace", metavar="PATH", default=argparse.SUPPRESS,
                        help="workspace file (default: $SCRUTINY_DESK_WORKSPACE, else the "
                             "default workspace in your data folder)")
    parser = argparse.ArgumentParser(
        prog="scrutiny-desk", parents=[common],
        description="Keep, read and search the papers of children's services scrutiny.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    # No workspace default here: set_defaults would also change the shared --workspace
    # action of every subcommand and lose a --workspace given before the command.
    parser.set_defaults(func=cmd_gui)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, func, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help_text, description=help_text)
        p.set_defaults(func=func)
        return p

    command("gui", cmd_gui, "open the window (the default)")
    p = command("import", cmd_import, "import files and folders of papers")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--no-ocr", action="store_true",
                   help="do not read scanned pages with OCR (they are reported as needing it)")
    p = command("documents", cmd_documents, "list the documents held")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = command("show", cmd_show, "print a document's passages")
    p.add_argument("doc_id", type=int, metavar="DOC_ID")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = command("search", cmd_search, "search the text of every document "
                "(a query starting with - goes after --, e.g. search -- -word)")
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--limit", type=int, default=20, help="most hits to show (default 20)")
    p.add_argument("--type", type=doc_type_argument, metavar="TYPE",
                   help="only this document type, e.g. inspection_report or 'Committee minutes'")
    p.add_argument("--authority", help="only documents about this local authority")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="only documents dated on or after")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="only documents dated on or before")
    p.add_argument("--include-duplicates", action="store_true",
                   help="also search copies of documents held twice")
    p = command("edit", cmd_edit, "correct a document's title, type, authority or dates")
    p.add_argument("doc_id", type=int, metavar="DOC_ID")
    p.add_argument("--title")
    p.add_argument("--type", dest="doc_type", type=doc_type_argument, metavar="TYPE",
                   help="document type, e.g. monitoring_visit")
    p.add_argument("--authority")
    p.add_argument("--date", help="YYYY-MM-DD, or '' to clear")
    p.add_argument("--period-start", dest="period_start",
                   help="first day the paper covers (inspection or visit), YYYY-MM-DD")
    p.add_argument("--period-end", dest="period_end", help="last day the paper covers")
    p.add_argument("--json", action="store_true", help="print the document as JSON")
    p = command("delete", cmd_delete, "delete a document (and, for a pack, its papers)")
    p.add_argument("doc_id", type=int, metavar="DOC_ID")
    p.add_argument("--yes", action="store_true", help="delete without asking")
    p.add_argument("--delete-quotes", action="store_true",
                   help="also delete the evidence quoted from it (kept, with citations, by default)")
    p.add_argument("--delete-recommendations", action="store_true",
                   help="also delete its recommendations that hold your work (kept by default)")
    def workspace_command(name: str, func, help_text: str) -> argparse.ArgumentParser:
        return command(name, lambda args: func(args, _open, _print_json), help_text)

    for add_commands in (add_recommendation_commands, cli_actions.add_commands,
                         cli_evidence.add_commands, cli_export.add_commands,
                         cli_clocks.add_commands, cli_trash.add_commands, cli_ocr.add_commands,
                         cli_backups.add_commands, cli_originals.add_commands):
        add_commands(workspace_command, common)
    p = command("copy", cmd_copy, "save a copy of the workspace to another file")
    p.add_argument("target", metavar="FILE")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse exits 2 on usage errors, 0 on --help
        return int(exit_.code or 0)
    try:
        return args.func(args)
    except UserFacingError as error:
        print(f"scrutiny-desk: {error}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("scrutiny-desk: interrupted; nothing half-done was kept.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `scrutiny-desk documents | head`
        sys.stdout = None  # type: ignore[assignment]  # nothing more can be written
        return EXIT_OK
    except sqlite3.Error as error:
        print(f"scrutiny-desk: the workspace could not be used ({error}).", file=sys.stderr)
        return EXIT_FAILED
    except UnicodeEncodeError:
        # Bytes that are not UTF-8 (from a terminal in another encoding) reach us as lone
        # surrogates; SQLite refuses them, and the transaction leaves nothing half-stored.
        print("scrutiny-desk: some text you gave is not valid UTF-8, so nothing was changed. "
              "Type it again in a UTF-8 terminal.", file=sys.stderr)
        return EXIT_FAILED
