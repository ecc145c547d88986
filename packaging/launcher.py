"""Entry point of the bundled app (PyInstaller's script): the same main() as `python -m desktop`.

It lives outside the `desktop` package so that PyInstaller does not put the
package folder itself on the import path.
"""

import multiprocessing
import sys

from desktop.cli import main

if __name__ == "__main__":
    # A frozen app starts its import workers ("spawn") by running itself again;
    # freeze_support() turns such a start into a worker instead of a second window.
    multiprocessing.freeze_support()
    sys.exit(main())
