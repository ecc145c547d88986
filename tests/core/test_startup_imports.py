"""Start-up stays quick: the window's modules must not drag in heavy libraries that only
tracker import and table export need (their time is measured in benchmarks/bench_startup.py)."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.samples import REPO


def test_opening_the_window_imports_neither_pandas_nor_reportlab():
    probe = ("import sys, desktop.ui.main_window, desktop.cli; "
             "print(sorted(m for m in ('pandas', 'numpy', 'reportlab', 'openpyxl') if m in sys.modules))")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", probe], cwd=REPO, env=env, capture_output=True,
                         text=True, timeout=120, check=True).stdout
    assert out.strip() == "[]"


def test_pandas_still_works_after_the_workspace_module_loads():
    import pandas

    from desktop.storage import workspace  # loads sqlite-utils as if pandas were absent

    assert workspace.Database is not None
    assert pandas.DataFrame({"a": [1]}).shape == (1, 1)
