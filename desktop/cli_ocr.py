"""Command-line verb for scanned papers held as "needs OCR" (the same use case the window calls).

    scrutiny-desk ocr DOC_ID [--json]
    scrutiny-desk ocr --list [--json]
"""

from __future__ import annotations

import argparse
import sys

EXIT_OK, EXIT_USAGE = 0, 2


def cmd_ocr(args, open_workspace, print_json) -> int:
    from desktop.services import ocr_reading

    with open_workspace(args) as ws:
        if args.list or args.doc_id is None:
            waiting = ocr_reading.papers_needing_ocr(ws)
            if args.json:
                print_json({"needs_ocr": waiting})
            elif not waiting:
                print("No scanned papers are waiting for OCR.")
            else:
                print("Waiting for OCR (read each with: scrutiny-desk ocr DOC_ID): "
                      + ", ".join(map(str, waiting)))
            return EXIT_OK

        def progress(done: int, total: int) -> None:
            if not args.json and sys.stderr.isatty():
                print(f"\rreading page {done} of {total}", end="", file=sys.stderr, flush=True)

        ids = ocr_reading.read_with_ocr(ws, args.doc_id, on_page=progress)
    if args.json:
        print_json({"document_ids": list(ids), "replaced": args.doc_id})
    else:
        print(f"Read by OCR: document {args.doc_id} is now document "
              + ", ".join(map(str, ids)) + ".")
    return EXIT_OK


def add_commands(command, common: argparse.ArgumentParser) -> None:
    p = command("ocr", cmd_ocr, "read a scanned paper imported as \"needs OCR\" "
                                "(or --list those waiting)")
    p.add_argument("doc_id", type=int, nargs="?", metavar="DOC_ID")
    p.add_argument("--list", action="store_true", help="list the papers waiting for OCR")
    p.add_argument("--json", action="store_true", help="print JSON")
