"""Command-line verbs for recommendations and judgements (the same use cases as the window)."""

from __future__ import annotations

import argparse
import sys

from desktop.domain.dates import iso
from desktop.domain.evidence import RollUp
from desktop.domain.recommendations import Recommendation, RecommendationKind, RecommendationStatus

EXIT_OK, EXIT_USAGE = 0, 2


def recommendation_json(rec: Recommendation, rollup: RollUp | None = None) -> dict:
    """``status`` is the one shown: the user's when overridden, else the rolled-up one."""
    data = {"id": rec.id, "document_id": rec.document_id,
            "cited_in_document_id": rec.cited_in_document_id, "label": rec.label, "text": rec.text,
            "kind": rec.kind.value, "authority": rec.authority,
            "issued": iso(rec.issued), "status": rec.status.value,
            "source_passage_id": rec.source_passage_id,
            "supporting_passage_ids": list(rec.supporting_passage_ids), "origin": rec.origin,
            "gone_from_source": rec.gone_from_source, "source_citation": rec.source_citation,
            "addressed_to": rec.addressed_to}
    if rollup is not None:
        data.update({"status": rollup.status.value, "status_source": rollup.source,
                     "status_reason": rollup.reason, "last_evidence": iso(rollup.last_evidence),
                     "rolled_up_status": rollup.rolled_up_status.value, "rule": rollup.rule,
                     "stale": rollup.stale, "council_status": rollup.council_status,
                     "disagreement": rollup.disagreement, "status_note": rollup.qualifier})
    return data


def _rollups(ws, recs: list[Recommendation]) -> dict:
    from desktop.services.rollup import rollups

    return rollups(ws, [r.id for r in recs] if len(recs) < 500 else None)


def _show(rec: Recommendation, rollup: RollUp | None = None) -> str:
    short = rec.text if len(rec.text) < 110 else rec.text[:107] + "…"
    issued = iso(rec.issued) or "undated"
    status = rollup.status.label + ("*" if rollup.source == "user" else "") if rollup else rec.status.label
    return (f"{rec.id:>5}  {rec.label:>5}  {issued:10}  {rec.authority or '—':22}  "
            f"{status:22}  {short}")


def cmd_recommendations(args, open_workspace, print_json) -> int:
    from desktop.services import recommendations as service

    action = getattr(args, "action", None)
    with open_workspace(args) as ws:
        if action is None:
            recs = service.list_recommendations(ws, document_id=args.document, authority=args.authority)
            rolled = _rollups(ws, recs)
            if args.json:
                print_json([recommendation_json(r, rolled.get(r.id)) for r in recs])
            elif not recs:
                print("No recommendations yet.")
            else:
                print("\n".join(_show(r, rolled.get(r.id)) for r in recs))
                if any(r.source == "user" for r in rolled.values()):
                    print("* status set by hand (see its reason with --json)")
            return EXIT_OK
        if action == "override":
            return _override(args, ws, print_json)
        if action == "add":
            rec = service.add_recommendation(ws, args.text, label=args.label or "", kind=args.kind,
                                             authority=args.authority_value, issued=args.issued,
                                             document_id=args.document, passage_id=args.passage)
        elif action == "edit":
            changes = {name: getattr(args, name) for name in
                       ("text", "label", "kind", "status", "issued") if getattr(args, name) is not None}
            if args.authority_value is not None:
                changes["authority"] = args.authority_value
            if not changes:
                print("Nothing to change: give --text, --label, --kind, --status, --authority or "
                      "--issued.", file=sys.stderr)
                return EXIT_USAGE
            status = changes.pop("status", None)
            rec = service.edit_recommendation(ws, args.id, changes) if changes else \
                service.get_recommendation(ws, args.id)
            if status is not None:  # a status typed by hand is the user's, shown over the roll-up
                from desktop.services.rollup import override_status

                override_status(ws, args.id, status, args.reason or "Status set by hand.")
                rec = service.get_recommendation(ws, args.id)
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

            report = extract_again(ws, [args.document_id] if args.document_id else None)
            found = report.documents
            if getattr(args, "json", False):
                print_json({"documents": found, "added": report.added, "updated": report.updated,
                            "unchanged": report.unchanged,
                            "no_longer_found": report.no_longer_found})
                return EXIT_OK
            print(f"Read again: {found} document{'s' if found != 1 else ''} gave recommendations "
                  f"or judgements. Recommendations: {report.describe()}.")
            return EXIT_OK
        else:  # note
            note = service.add_note(ws, args.id, args.text, "question" if args.question else "note")
            print(f"Added {note.kind} {note.id}.")
            return EXIT_OK
        rolled = _rollups(ws, [rec])
    if args.json:
        print_json(recommendation_json(rec, rolled.get(rec.id)))
    else:
        print(_show(rec, rolled.get(rec.id)))
    return EXIT_OK


def _override(args, ws, print_json) -> int:
    """Set a recommendation's status by hand, with a reason, or go back to the rolled-up one."""
    from desktop.services import rollup as service

    if args.clear:
        if args.status:
            print("Give a status with --reason, or --clear, not both.", file=sys.stderr)
            return EXIT_USAGE
        result = service.clear_override(ws, args.id)
    else:
        if not args.status or not args.reason:
            print("Give the status and --reason TEXT (or --clear to go back to the rolled-up "
                  "status).", file=sys.stderr)
            return EXIT_USAGE
        result = service.override_status(ws, args.id, args.status, args.reason)
    if args.json:
        print_json({"id": args.id, "status": result.status.value, "status_source": result.source,
                    "status_reason": result.reason, "rolled_up_status": result.rolled_up_status.value,
                    "rule": result.rule})
    elif result.source == "user":
        print(f"Recommendation {args.id} is now “{result.status.label}” (set by hand: {result.reason}).")
    else:
        print(f"Recommendation {args.id} is back to its rolled-up status: “{result.status.label}” "
              f"({result.rule.lower()}).")
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
        when = iso(j.date) or "undated"
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
    v.add_argument("--passage", type=int, metavar="PID",
                   help="the passage it is printed in (links it there; its report is the passage's)")
    v = verb("edit", "change a recommendation's text, label, kind, status, authority or date")
    v.add_argument("id", type=int)
    v.add_argument("--text")
    v.add_argument("--label")
    v.add_argument("--kind", choices=kinds)
    v.add_argument("--status", choices=statuses,
                   help="set the status by hand (shown instead of the rolled-up one)")
    v.add_argument("--reason", help="with --status: why (kept and shown beside it)")
    v.add_argument("--authority", dest="authority_value")
    v.add_argument("--issued", help="YYYY-MM-DD")
    v = verb("delete", "move a recommendation, with its notes, quotes and links, to the trash")
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
    v = verb("override", "set the status by hand with a reason, or --clear to use the rolled-up one")
    v.add_argument("id", type=int)
    v.add_argument("status", nargs="?", choices=statuses)
    v.add_argument("--reason", help="why (kept and shown beside the status)")
    v.add_argument("--clear", action="store_true", help="go back to the rolled-up status")
    v = verb("extract", "read held documents for recommendations and judgements again")
    v.add_argument("--document", dest="document_id", type=int, metavar="ID", help="only this one")
    p = command("judgements", cmd_judgements, "list the judgements inspections gave")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--authority", help="only this local authority")
