"""`python -m desktop` runs the same entry point as the `scrutiny-desk` command."""

import multiprocessing
import sys

from desktop.cli import main

# Guarded: import worker processes load this module again under another name.
if __name__ == "__main__":
    multiprocessing.freeze_support()  # lets a bundled (frozen) app start its workers
    sys.exit(main())
