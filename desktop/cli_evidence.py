"""Command-line verbs for evidence (the same use cases as the window)."""

from __future__ import annotations

import argparse
import sys

from desktop.domain.dates import iso
from desktop.domain.evidence import Evidence, Stance, Suggestion

EXIT_OK, EXIT_USAGE = 0, 2
STANCES = [s.value for s in Stance]


def evidence_json(e: Evidence) -> dict:
    return {"id": e.id, "recommendation_id": e.recommendation_id, "action_id": e.action_id,
            "passage_id": e.passage_id, "document_id": e.document_id, "quote": e.quote,
            "stance": e.stance.value, "note": e.note, "page": e.page, "label": e.label,
            "created": e.created, "citation": e.citation, "document_title": e.document_title,
            "document_type": e.document_type, "document_date": iso(e.document_date),
            "span": [e.span_start, e.span_end] if e.span_start is not None else None,
            "origin": e.origin, "needs_review": e.needs_review}


def suggestion_json(s: Suggestion) -> dict:
    return {"passage_id": s.passage_id, "document_id": s.document_id, "score": s.score,
            "snippet": s.snippet, "reason": s.reason, "document_title": s.document_title,
            "document_date": iso(s.document_date), "page": s.page, "label": s.label}


def _short(text: str, width: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[:width - 1] + "…"


def _show(e: Evidence) -> str:
    target = (f"rec {e.recommendation_id}" if e.recommendation_id is not None
              else f"action {e.action_id}")
    flag = "  [check: its document was replaced]" if e.needs_review else ""
    note = f"\n        note: {e.note}" if e.note else ""
    return (f"{e.id:>5}  {target:11}  {e.stance.value:8}  {e.citation or e.document_title}{flag}\n"
            f"        “{_short(e.quote)}”{note}")


def cmd_evidence(args, open_workspace, print_json) -> int:
    from desktop.services import evidence as service

    action = getattr(args, "action", None)
    with open_workspace(args) as ws:
        if action is None:
            found = service.list_evidence(ws, recommendation_id=args.recommendation,
                                          action_id=args.action_id, document_id=args.document)
            if args.json:
                print_json([evidence_json(e) for e in found])
            elif not found:
                print("No evidence linked yet.")
            else:
                print("\n".join(_show(e) for e in found))
            return EXIT_OK
        if action == "link":
            if not args.recommendations and not args.actions:
                print("Say what the passage is evidence for: --recommendation ID or --action ID.",
                      file=sys.stderr)
                return EXIT_USAGE
            made = service.link_evidence(
                ws, passage_id=args.passage, stance=args.stance,
                recommendation_ids=args.recommendations or (), action_ids=args.actions or (),
                quote=args.quote, note=args.note or "",
                other_authority=args.other_authority)
        elif action == "edit":
            if args.stance is None and args.note is None and not args.checked:
                print("Nothing to change: give --stance, --note or --checked.", file=sys.stderr)
                return EXIT_USAGE
            made = [service.edit_evidence(ws, args.id, stance=args.stance, note=args.note,
                                          needs_review=False if args.checked else None)]
        elif action == "move":
            moved, review = service.move_to_revision(ws, args.old, args.new,
                                                     other_authority=args.other_authority)
            if args.json:
                print_json({"reattached": moved, "needs_review": review})
            else:
                print(f"{moved} quote{'s' if moved != 1 else ''} moved to the same words in "
                      f"document {args.new}; {review} not found there, kept and marked for you "
                      "to check (evidence --json shows needs_review).")
            return EXIT_OK
        else:  # delete
            gone = service.delete_evidence(ws, args.id)
            if args.json:
                print_json(evidence_json(gone))
            else:
                print(f"Unlinked evidence {gone.id} ({gone.citation or gone.document_title}).")
            return EXIT_OK
    if args.json:
        print_json([evidence_json(e) for e in made] if action == "link" else evidence_json(made[0]))
    else:
        print("\n".join(_show(e) for e in made))
    return EXIT_OK


def cmd_suggest(args, open_workspace, print_json) -> int:
    from desktop.services import suggestions as service

    with open_workspace(args) as ws:
        if args.dismiss is not None:
            service.dismiss(ws, args.recommendation, args.dismiss)
            print(f"Dismissed passage {args.dismiss} for recommendation {args.recommendation}; "
                  "it will not be suggested again.")
            return EXIT_OK
        if args.accept is not None:
            if args.stance is None:
                print("Choose a stance for the evidence: --stance progress|concern|context.",
                      file=sys.stderr)
                return EXIT_USAGE
            made = service.accept(ws, args.recommendation, args.accept, args.stance, args.note or "")
            if args.json:
                print_json(evidence_json(made))
            else:
                print(_show(made))
            return EXIT_OK
        found = service.suggest(ws, args.recommendation, limit=args.limit)
    if args.json:
        print_json([suggestion_json(s) for s in found])
        return EXIT_OK
    if not found:
        print("No suggestions: no later paper about this council speaks to it (or all were "
              "dismissed or linked).")
    for s in found:
        when = iso(s.document_date) or "undated"
        print(f"passage {s.passage_id}  {s.document_title} ({when})  score {s.score:.1f}\n"
              f"    {s.reason}\n    {_short(s.snippet, 200)}\n")
    return EXIT_OK


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("give 1 or more")
    return value


def add_commands(command, common: argparse.ArgumentParser) -> None:
    """Register the evidence commands. `command(name, func, help)` returns the subparser;
    func is called as func(args, open_workspace, print_json) and returns an exit code."""
    p = command("evidence", cmd_evidence,
                "list evidence (quoted passages), or link, edit or unlink it")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--recommendation", type=int, metavar="ID", help="only that of this recommendation")
    p.add_argument("--action", dest="action_id", type=int, metavar="ID", help="only that of this action")
    p.add_argument("--document", type=int, metavar="ID", help="only quotes from this document")
    verbs = p.add_subparsers(dest="action", metavar="ACTION")

    def verb(name: str, help_text: str) -> argparse.ArgumentParser:
        v = verbs.add_parser(name, parents=[common], help=help_text, description=help_text)
        v.add_argument("--json", action="store_true", help="print the result as JSON")
        return v

    v = verb("link", "link a passage (or words of it) to recommendations or actions")
    v.add_argument("--recommendation", dest="recommendations", type=int, action="append",
                   metavar="ID", help="a recommendation it is evidence for (may be repeated)")
    v.add_argument("--action", dest="actions", type=int, action="append", metavar="ID",
                   help="an action it is evidence for (may be repeated)")
    v.add_argument("--passage", type=int, required=True, metavar="PID")
    v.add_argument("--quote", help="the words quoted (default: the whole passage)")
    v.add_argument("--stance", choices=STANCES, required=True)
    v.add_argument("--note")
    v.add_argument("--other-authority", dest="other_authority", action="store_true",
                   help="link even though the paper is about another council than the targets")
    v = verb("edit", "change a piece of evidence's stance or note")
    v.add_argument("id", type=int)
    v.add_argument("--stance", choices=STANCES)
    v.add_argument("--note")
    v.add_argument("--checked", action="store_true",
                   help="mark a quote re-attached to a revised document as checked")
    v = verb("delete", "unlink a piece of evidence")
    v.add_argument("id", type=int)
    v = verb("move", "move a document's quotes to its revised version, to the same words where "
                     "they still stand (the rest are kept and marked for checking)")
    v.add_argument("old", type=int, metavar="OLD_DOC_ID")
    v.add_argument("new", type=int, metavar="NEW_DOC_ID")
    v.add_argument("--other-authority", dest="other_authority", action="store_true",
                   help="move even though the new document is about another council")

    p = command("suggest", cmd_suggest,
                "suggest passages of later papers that may be evidence for a recommendation")
    p.add_argument("--recommendation", type=int, required=True, metavar="ID")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--limit", type=_positive, default=10, help="most suggestions (default 10)")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--dismiss", type=int, metavar="PID", help="never suggest this passage again")
    what.add_argument("--accept", type=int, metavar="PID", help="make this passage evidence")
    p.add_argument("--stance", choices=STANCES, help="with --accept: progress, concern or context")
    p.add_argument("--note", help="with --accept: a note on the evidence")
