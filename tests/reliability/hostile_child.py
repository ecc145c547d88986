"""Read hostile files the way an import does, under a memory limit. Run by test_hostile_files.py.

    python tests/reliability/hostile_child.py MEMORY_LIMIT_BYTES FILE...

For each file prints {"start": name} and then {"name", "result", "message",
"seconds"}: result "ok" (the file was read), "refused" (UserFacingError, the
clean way to fail) or "bug" (any other exception, with its traceback). The
parent watches the clock and notices a crash by the missing second line.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def limit_memory(limit: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def read_one(path: Path) -> dict:
    from desktop.domain.errors import UserFacingError
    from desktop.services.preparing import prepare_file

    started = time.monotonic()
    try:
        if path.suffix.lower() == ".xlsx":
            from desktop.trackers.read import read_table

            read_table(path)
            text = ""
        else:
            prepared = prepare_file(path, "0" * 64)
            text = "\n".join(p.text for paper in prepared.papers for p in paper.passages)
        result, message = "ok", ""
        if "root:x:0:0" in text:  # an external entity pulled in a local file
            result, message = "bug", "the text holds /etc/passwd"
    except UserFacingError as error:
        result, message = "refused", str(error)
    except BaseException as error:  # noqa: BLE001 - anything else is what we are looking for
        result = "bug"
        message = f"{type(error).__name__}: {error}\n{traceback.format_exc()[-2000:]}"
    return {"name": path.name, "result": result, "message": message,
            "seconds": round(time.monotonic() - started, 3)}


def main(limit: int, paths: list[str]) -> None:
    limit_memory(limit)
    for raw in paths:
        path = Path(raw)
        print(json.dumps({"start": path.name}), flush=True)
        print(json.dumps(read_one(path)), flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2:])
