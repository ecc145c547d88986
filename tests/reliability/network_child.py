"""Start the window offscreen, import papers through it, and close it. Run by test_no_network.py.

    python tests/reliability/network_child.py WORKSPACE SETTINGS_DIR FILE...

Prints "imported N" once the window's background import has finished.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(workspace: str, settings_dir: str, files: list[str]) -> int:
    os.environ["SCRUTINY_DESK_SETTINGS_DIR"] = settings_dir
    from desktop.ui.app import create_application
    from desktop.ui.main_window import MainWindow

    app = create_application([sys.argv[0]])
    window = MainWindow()
    window.show()
    window.open_initial(workspace)
    results = []
    window.imports.finished.connect(lambda summary, _path: results.append(summary))
    window.import_paths([Path(f) for f in files])
    deadline = time.monotonic() + 120
    while not results and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    if window.last_import_dialog is not None:
        window.last_import_dialog.close()
    window.close()
    app.processEvents()
    if not results:
        print("the import did not finish", file=sys.stderr)
        return 1
    print(f"imported {len(results[0].document_ids)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
