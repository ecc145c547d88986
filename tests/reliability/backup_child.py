"""The process the backup and restore kill trials kill: backs up or restores, forever.

    python tests/reliability/backup_child.py backup WORKSPACE SEED
    python tests/reliability/backup_child.py restore WORKSPACE BACKUP_A BACKUP_B FIRST
    python tests/reliability/backup_child.py restore-to BACKUP FOLDER

``backup``: adds a recommendation, then takes a backup through the app's own
write_backup, again and again. ``restore``: restores backup A and backup B over
the workspace in turn (the app's restore_over_current, which first backs up the
workspace as it is), starting with FIRST ("a" or "b"). ``restore-to``: restores
BACKUP into new files restored-1.sqlite, restored-2.sqlite ... in FOLDER. Before each change it prints
{"begin": ...} and after it {"done": ...}, one JSON line each, flushed; the parent
kills this process with SIGKILL at a random moment and checks what is left.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from desktop.services import backups as backup_service  # noqa: E402
from desktop.services import recommendations  # noqa: E402
from desktop.storage.backups import write_backup  # noqa: E402
from desktop.storage.workspace import open_workspace  # noqa: E402


def say(**record) -> None:
    sys.stdout.write(json.dumps(record) + "\n")
    sys.stdout.flush()


def backing_up(workspace: str, seed: int) -> None:
    ws = open_workspace(Path(workspace))
    say(ready=True)
    step = 0
    while True:
        step += 1
        text = f"The local authority should keep records up to date ({seed}-{step})."
        say(begin="add", text=text)
        recommendations.add_recommendation(ws, text, label=f"B{step}")
        say(done="add", text=text)
        say(begin="backup", step=step)
        written = write_backup(ws.conn, ws.path, "trial")
        say(done="backup", name=written.name, step=step)


def restoring(workspace: str, backup_a: str, backup_b: str, first: str) -> None:
    ws = open_workspace(Path(workspace))
    backups = {"a": Path(backup_a), "b": Path(backup_b)}
    which = first
    say(ready=True)
    while True:
        say(begin="restore", which=which)
        ws, _safety = backup_service.restore_over_current(ws, backups[which])
        say(done="restore", which=which)
        which = "b" if which == "a" else "a"


def restoring_to_new_files(backup: str, folder: str) -> None:
    say(ready=True)
    number = 0
    while True:
        number += 1
        target = Path(folder) / f"restored-{number}.sqlite"
        say(begin="restore-to", name=target.name)
        backup_service.restore_to_new_file(Path(backup), target)
        say(done="restore-to", name=target.name)


if __name__ == "__main__":
    if sys.argv[1] == "backup":
        backing_up(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1] == "restore-to":
        restoring_to_new_files(sys.argv[2], sys.argv[3])
    else:
        restoring(*sys.argv[2:6])
