"""Command-line verbs for recommendations and judgements (the same use cases as the window)."""

from __future__ import annotations

import argparse
import sys

from desktop.domain.dates import iso
from desktop.domain.recommendations import Recommendation, RecommendationKind, RecommendationStatus

EXIT_OK, EXIT_USAGE = 0, 2


def recommendation_json(rec: Recommendation) -> dict:
    return {"id": rec.id, "document_id": rec.document_id,
            "cited_in_document_id": rec.cited_in_document_id, "label": rec.label, "text": rec.text,
            "kind": rec.kind.value, "authority": rec.authority,
            "issued": iso(rec.issued), "status": rec.status.value,
            "source_passage_id": rec.source_passage_id,
            "supporting_passage_ids": list(rec.supporting_passage_ids), "origin": rec.origin}


def _show(rec: Recommendation) -> str:
    short = rec.text if len(rec.text) < 110 else rec.text[:107] + "…"
    issued = rec.issued.isoformat() if rec.issued else "undated"
    return (f"{rec.id:>5}  {rec.label:>5}  {issued:10}  {rec.authority or '—':22}  "
            f"{rec.status.label:22}  {short}")


def cmd_recommendations(args, open_workspace, print_json) -> int:
    from desktop.services import recommendations as service

    action = getattr(args, "action", None)
    with open_workspace(args) as ws:
        if action is None:
            recs = service.list_recommendations(ws, document_id=args.document, authority=args.authority)
            if args.json:
                print_json([recommendation_json(r) for r in recs])
            elif not recs:
                print("No recommendations yet.")
            else:
                print("\n".join(_show(r) for r in recs))
            return EXIT_OK
        if action == "add":
            rec = service.add_recommendation(ws, args.text, label=args.label or "", kind=args.kind,
                                             authority=args.authority_value, issued=args.issued,
                                             document_id=args.document)
        elif action == "edit":
            changes = {name: getattr(args, name) for name in
                       ("text", "label", "kind", "status", "issued") if getattr(args, name) is not None}
            if args.authority_value is not None:
                changes["authority"] = args.authority_value
            if not changes:
                print("Nothing to change: give --text, --label, --kind, --status, --authority or "
                      "--issued.", file=sys.stderr)
                return EXIT_USAGE
            rec = service.edit_recommendation(ws, args.id, changes)
        elif action == "delete":
            if not args.yes:
                rec = service.get_recommendation(ws, args.id)
                print(f"This deletes recommendation {rec.label} and its notes. Run again with --yes.",
                      file=sys.stderr)
                return EXIT_USAGE
            service.delete_recommendation(ws, args.id)
            print(f"Deleted recommendation {args.id}.")
            return EXIT_OK
        elif action == "merge":
            rec, _ = service.merge_recommendations(ws, args.ids)
        elif action == "split":
            ids, _ = service.split_recommendation(ws, args.id, args.parts)
            print("Now: " + ", ".join(map(str, ids)))
            return EXIT_OK
        elif action == "extract":
            from desktop.services.findings import extract_again

            found = extract_again(ws, [args.document_id] if args.document_id else None)
            print(f"Read again: {found} document{'s' if found != 1 else ''} gave recommendations "
                  "or judgements.")
            return EXIT_OK
        else:  # note
            note = service.add_note(ws, args.id, args.text, "question" if args.question else "note")
            print(f"Added {note.kind} {note.id}.")
            return EXIT_OK
    if args.json:
        print_json(recommendation_json(rec))
    else:
        print(_show(rec))
    return EXIT_OK


def cmd_judgements(args, open_workspace, print_json) -> int:
    from desktop.services.recommendations import list_judgements

    with open_workspace(args) as ws:
        judgements = list_judgements(ws, args.authority)
    if args.json:
        print_json([{"document_id": j.document_id, "authority": j.authority,
                     "date": iso(j.date), "area": j.area,
                     "grade": j.grade, "cited": j.cited} for j in judgements])
        return EXIT_OK
    if not judgements:
        print("No judgements yet.")
    for j in judgements:
        when = j.date.isoformat() if j.date else "undated"
        print(f"{when:10}  {j.authority or '—':22}  {j.grade:34}  {j.area}")
    return EXIT_OK


def add_commands(command, common: argparse.ArgumentParser) -> None:
    """Register `recommendations` (with add/edit/delete/merge/split/note) and `judgements`."""
    kinds = [k.value for k in RecommendationKind]
    statuses = [s.value for s in RecommendationStatus]
    p = command("recommendations", cmd_recommendations,
                "list recommendations, or add, edit, merge, split or delete one")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--document", type=int, metavar="ID", help="only those of this document")
    p.add_argument("--authority", help="only those about this local authority")
    verbs = p.add_subparsers(dest="action", metavar="ACTION")

    def verb(name: str, help_text: str) -> argparse.ArgumentParser:
        v = verbs.add_parser(name, parents=[common], help=help_text, description=help_text)
        v.add_argument("--json", action="store_true", help="print the result as JSON")
        return v

    v = verb("add", "type in a recommendation")
    v.add_argument("text")
    v.add_argument("--label")
    v.add_argument("--kind", choices=kinds, default="recommendation")
    v.add_argument("--authority", dest="authority_value")
    v.add_argument("--issued", help="YYYY-MM-DD")
    v.add_argument("--document", type=int, metavar="ID", help="the report it belongs to")
    v = verb("edit", "change a recommendation's text, label, kind, status, authority or date")
    v.add_argument("id", type=int)
    v.add_argument("--text")
    v.add_argument("--label")
    v.add_argument("--kind", choices=kinds)
    v.add_argument("--status", choices=statuses)
    v.add_argument("--authority", dest="authority_value")
    v.add_argument("--issued", help="YYYY-MM-DD")
    v = verb("delete", "delete a recommendation and its notes")
    v.add_argument("id", type=int)
    v.add_argument("--yes", action="store_true", help="delete without asking")
    v = verb("merge", "merge recommendations into the first one given")
    v.add_argument("ids", type=int, nargs="+")
    v = verb("split", "split a recommendation into parts (the first keeps its notes)")
    v.add_argument("id", type=int)
    v.add_argument("parts", nargs="+", metavar="TEXT")
    v = verb("note", "add a note (or with --question, a question to ask officers)")
    v.add_argument("id", type=int)
    v.add_argument("text")
    v.add_argument("--question", action="store_true")
    v = verb("extract", "read held documents for recommendations and judgements again")
    v.add_argument("--document", dest="document_id", type=int, metavar="ID", help="only this one")
    p = command("judgements", cmd_judgements, "list the judgements inspections gave")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--authority", help="only this local authority")
