"""Build the Scrutiny Desk bundle for this platform and check that it is lean.

    python packaging/build.py [--dist DIR] [--work DIR] [--clean]

Runs PyInstaller on packaging/scrutiny-desk.spec (one folder: the window
program, the command-line program and their libraries), adds the Linux
desktop entry and icons, then refuses the result if anything that should not
ship (Qt WebEngine, Qt Quick/QML, Qt 3D, test tools, Tk) found its way in.
Prints the folder, its size and how long the build took.

Standard library only (plus PyInstaller, run as a module of this Python).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import metadata  # noqa: E402  (packaging/metadata.py)

SPEC = metadata.PACKAGING / "scrutiny-desk.spec"

# Paths inside the bundle that must never appear (lower-cased substrings).
FORBIDDEN = {
    "Qt WebEngine": ("qtwebengine", "webenginecore"),
    "Qt Quick / QML": ("qt6quick", "qt6qml", "qtquick", "/qml/"),
    "Qt 3D": ("qt63d", "qt3d"),
    "pytest": ("/pytest/", "/_pytest/", "pytestqt"),
    "hypothesis": ("/hypothesis/",),
    "Tk": ("tkinter", "libtk", "libtcl", "/tcl8", "/tk8"),
}


@dataclass(frozen=True)
class BuildResult:
    folder: Path          # the one-folder bundle (dist/scrutiny-desk)
    window_program: Path  # opens the window
    cli_program: Path     # runs the commands, with a console
    seconds: float
    size_bytes: int
    files: int

    def describe(self) -> str:
        return (f"Built {metadata.app_name()} {metadata.app_version()} in {self.seconds:.0f} s: "
                f"{self.folder} ({self.size_bytes / 1e6:.0f} MB, {self.files} files)")


def folder_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) of everything under ``folder``; symlinks count once, as links."""
    total = count = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
            count += 1
    return total, count


def forbidden_contents(folder: Path) -> dict[str, list[str]]:
    """What should not ship but did: {what: [paths inside the bundle]}."""
    found: dict[str, list[str]] = {}
    for path in folder.rglob("*"):
        relative = "/" + path.relative_to(folder).as_posix().lower()
        for what, needles in FORBIDDEN.items():
            if any(needle in relative for needle in needles):
                found.setdefault(what, []).append(relative)
    return found


def largest_parts(folder: Path, count: int = 12) -> list[tuple[int, str]]:
    """The biggest top-level items of the libraries folder, for the size report."""
    internal = folder / "_internal" if (folder / "_internal").is_dir() else folder
    sizes = []
    for item in internal.iterdir():
        if item.is_symlink():  # PyInstaller links libraries to their one real copy
            continue
        size = folder_size(item)[0] if item.is_dir() else item.stat().st_size
        sizes.append((size, item.name))
    return sorted(sizes, reverse=True)[:count]


def program_path(folder: Path, name: str) -> Path:
    return folder / (name + ".exe" if sys.platform == "win32" else name)


def add_linux_integration(folder: Path, work: Path) -> None:
    """linux/: the desktop entry, icons and install.sh, next to the programs."""
    target = folder / "linux"
    target.mkdir(exist_ok=True)
    source = metadata.PACKAGING / "linux"
    for name in ("scrutiny-desk.desktop", "install.sh"):
        shutil.copy2(source / name, target / name)
    icons = target / "icons"
    icons.mkdir(exist_ok=True)
    shutil.copy2(metadata.ICON_SVG, icons / "scrutiny-desk.svg")
    for size, png in metadata.render_icons(work / "icons").items():
        shutil.copy2(png, icons / f"scrutiny-desk-{size}.png")


def build(dist: Path, work: Path, *, clean: bool = False, log=print) -> BuildResult:
    """Run PyInstaller and finish the folder; raises SystemExit with the reason on failure."""
    dist, work = Path(dist).resolve(), Path(work).resolve()
    started = time.monotonic()
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
               "--distpath", str(dist), "--workpath", str(work), str(SPEC)]
    if clean:
        command.insert(3, "--clean")
    log("$ " + " ".join(command))
    # The icon renderer runs Qt offscreen; nothing here needs a display.
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(command, cwd=metadata.ROOT, env=env)
    if result.returncode != 0:
        raise SystemExit(f"PyInstaller failed (exit code {result.returncode}); see its messages above.")
    folder = dist / metadata.EXE_NAME
    if sys.platform.startswith("linux"):
        add_linux_integration(folder, work)
    problems = forbidden_contents(folder)
    if problems:
        listed = "; ".join(f"{what}: {paths[0]}" + (f" and {len(paths) - 1} more" if len(paths) > 1 else "")
                           for what, paths in problems.items())
        raise SystemExit(f"The bundle holds what it should not: {listed}. Extend the excludes in {SPEC.name}.")
    size, files = folder_size(folder)
    return BuildResult(folder=folder, window_program=program_path(folder, metadata.EXE_NAME),
                       cli_program=program_path(folder, metadata.CLI_EXE_NAME),
                       seconds=time.monotonic() - started, size_bytes=size, files=files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=metadata.ROOT / "dist",
                        help="where the bundle folder goes (default: dist/)")
    parser.add_argument("--work", type=Path, default=metadata.ROOT / "build",
                        help="PyInstaller's working folder (default: build/)")
    parser.add_argument("--clean", action="store_true", help="start from an empty PyInstaller cache")
    args = parser.parse_args(argv)
    result = build(args.dist, args.work, clean=args.clean)
    print(result.describe())
    for size, name in largest_parts(result.folder):
        print(f"  {size / 1e6:7.1f} MB  {name}")
    print(f"Window: {result.window_program}\nCommands: {result.cli_program}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
