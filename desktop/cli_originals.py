"""Command-line verbs for the original files kept in the workspace (the same use cases
as File > Open original file and Save original as… in the window).

    scrutiny-desk originals [--json]             what is held, and the papers whose file is not
    scrutiny-desk originals --backfill [--json]  look for those at the path they came from
    scrutiny-desk original DOC_ID [--json]       is this paper's file held?
    scrutiny-desk original DOC_ID --save PATH [--force] [--json]
"""

from __future__ import annotations

import argparse
import sys

EXIT_OK, EXIT_FAILED = 0, 1


def _megabytes(count: int) -> str:
    return f"{count / 1_000_000:,.1f} MB"


def cmd_originals(args, open_workspace, print_json) -> int:
    from desktop.services import originals as service

    with open_workspace(args) as ws:
        found = None
        if args.backfill:
            def progress(done: int, total: int) -> None:
                if not args.json and sys.stderr.isatty():
                    print(f"\rlooking at file {done + 1} of {total}", end="", file=sys.stderr, flush=True)

            found = service.backfill_originals(ws, progress=progress)
            if not args.json and sys.stderr.isatty():
                print(file=sys.stderr)
        held = service.holdings(ws)
    if args.json:
        value = {"held": held.held, "held_bytes": held.held_bytes, "wanted": held.wanted,
                 "not_held": [{"id": i, "title": t, "source": s} for i, t, s in held.not_held]}
        if found is not None:
            value["backfill"] = {"kept": found.kept, "changed": found.changed, "missing": found.missing,
                                 "too_big": found.too_big}
        print_json(value)
        return EXIT_OK
    if found is not None:
        print(f"Looked for the files of papers imported before originals were kept: {found.describe()}.")
    print(f"{held.held} original file{'s' if held.held != 1 else ''} held ({_megabytes(held.held_bytes)}).")
    if held.not_held:
        print(f"{len(held.not_held)} imported file{'s' if len(held.not_held) != 1 else ''} without "
              f"{'their' if len(held.not_held) != 1 else 'its'} original ({service.NOT_HELD}):")
        for doc_id, title, source in held.not_held:
            print(f"{doc_id:>5}  {title}\n       {source}")
        if held.wanted and not args.backfill:
            print("Run `scrutiny-desk originals --backfill` to look for them where they came from.")
    return EXIT_OK


def cmd_original(args, open_workspace, print_json) -> int:
    from desktop.services import originals as service

    with open_workspace(args) as ws:
        status = service.original_status(ws, args.doc_id)
        saved = service.save_original(ws, args.doc_id, args.save, overwrite=args.force) if args.save else None
    if args.json:
        value = {"document_id": status.document_id, "held": status.held, "file_name": status.file_name,
                 "bytes": status.byte_count, "sha256": status.sha256, "source": status.source,
                 "message": status.message}
        if saved is not None:
            value["saved_to"] = str(saved)
        print_json(value)
    elif saved is not None:
        print(f"Saved the original of document {args.doc_id} ({_megabytes(status.byte_count or 0)}) to {saved}")
    elif status.held:
        print(f"Document {args.doc_id}: original held, {status.file_name} ({_megabytes(status.byte_count or 0)}).")
    if not status.held:
        print(f"scrutiny-desk: document {args.doc_id}: {service.NOT_HELD}.", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def add_commands(command, common: argparse.ArgumentParser) -> None:
    p = command("originals", cmd_originals, "the original files held in the workspace, and the "
                                            "papers whose file is not held")
    p.add_argument("--backfill", action="store_true",
                   help="look for files imported before originals were kept at the path they came "
                        "from, and keep each one that is unchanged")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = command("original", cmd_original, "whether a paper's original file is held; --save writes it out")
    p.add_argument("doc_id", type=int, metavar="DOC_ID")
    p.add_argument("--save", metavar="PATH", help="write the original file to PATH (a file, or a folder)")
    p.add_argument("--force", action="store_true", help="replace PATH if it exists")
    p.add_argument("--json", action="store_true", help="print JSON")
