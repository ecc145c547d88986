"""Set up and run Scrutiny Desk from a source checkout with nothing but Python 3.11+.

    python3 -m desktop.bootstrap run [APP ARGS...]    create .venv, install, start the app
    python3 -m desktop.bootstrap test [PYTEST ARGS...] create .venv, install, run the tests

Standard library only: this runs before anything is installed. It creates the
virtual environment next to pyproject.toml, installs the project (again only
when pyproject.toml changes), and checks that the system libraries Qt needs
are present, saying exactly what to apt-get when one is missing (and
installing them itself when run as root, as CI is).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / ".scrutiny-desk-installed"
MIN_PYTHON = (3, 11)

# Shared libraries Qt loads, and the Debian package that provides each.
DEBIAN_PACKAGE_FOR_LIBRARY = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-randr.so": "libxcb-randr0",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
    "libnss3.so": "libnss3",
}


def say(message: str) -> None:
    print(f"[scrutiny-desk setup] {message}", flush=True)


def venv_python() -> Path:
    folder = "Scripts" if os.name == "nt" else "bin"
    return VENV / folder / ("python.exe" if os.name == "nt" else "python")


def can_apt_install() -> bool:
    return os.name == "posix" and hasattr(os, "geteuid") and os.geteuid() == 0 \
        and shutil.which("apt-get") is not None


def apt_install(packages: list[str]) -> bool:
    say("installing system packages: " + " ".join(packages))
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    update = subprocess.run(["apt-get", "update", "-qq"], env=env)
    install = subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends",
                              *packages], env=env)
    return update.returncode == 0 and install.returncode == 0


def ensure_venv() -> None:
    if venv_python().exists():
        return
    say(f"creating the virtual environment in {VENV}")
    result = subprocess.run([sys.executable, "-m", "venv", str(VENV)], capture_output=True, text=True)
    if result.returncode == 0:
        return
    shutil.rmtree(VENV, ignore_errors=True)
    package = f"python3.{sys.version_info.minor}-venv"
    if can_apt_install() and apt_install([package]):
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        return
    sys.exit(f"Python cannot create a virtual environment here ({result.stderr.strip()[-200:]}).\n"
             f"On Debian or Ubuntu run:  sudo apt-get install {package}\nthen run this command again.")


def install_project() -> None:
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    say("installing Scrutiny Desk and its dependencies (first run only; a few minutes)")
    pip = [str(venv_python()), "-m", "pip"]
    subprocess.run(pip + ["install", "--quiet", "--upgrade", "pip"], check=False)
    result = subprocess.run(pip + ["install", "--quiet", "-e", f"{ROOT}[test]"])
    if result.returncode != 0:
        sys.exit("Installing the dependencies failed (see pip's message above). "
                 "Check the network connection to the Python package index and try again.")
    STAMP.write_text(wanted)


def qt_libraries_to_check(with_display: bool) -> list[Path]:
    found = subprocess.run(
        [str(venv_python()), "-c", "import PySide6, pathlib; print(pathlib.Path(PySide6.__file__).parent)"],
        capture_output=True, text=True)
    if found.returncode != 0:
        return []
    qt = Path(found.stdout.strip()) / "Qt"
    libs = [qt / "lib" / "libQt6Gui.so.6", qt / "lib" / "libQt6Widgets.so.6",
            qt / "plugins" / "platforms" / "libqoffscreen.so"]
    if with_display:  # the X11 plugin; tests run offscreen and do not need it
        libs += [qt / "lib" / "libQt6XcbQpa.so.6", qt / "plugins" / "platforms" / "libqxcb.so"]
    return [lib for lib in libs if lib.exists()]


def missing_system_libraries(with_display: bool) -> list[str]:
    """Shared libraries Qt needs that this machine lacks (Linux only; uses ldd)."""
    if not sys.platform.startswith("linux") or not shutil.which("ldd"):
        return []
    missing: set[str] = set()
    for lib in qt_libraries_to_check(with_display):
        out = subprocess.run(["ldd", str(lib)], capture_output=True, text=True).stdout
        missing.update(line.split("=>")[0].strip() for line in out.splitlines() if "not found" in line)
    return sorted(name for name in missing if not name.startswith("libQt6") and not name.startswith("libpyside"))


def ensure_system_libraries(with_display: bool) -> None:
    missing = missing_system_libraries(with_display)
    if not missing:
        return
    packages = sorted({DEBIAN_PACKAGE_FOR_LIBRARY.get(name, "") for name in missing} - {""})
    unknown = [name for name in missing if name not in DEBIAN_PACKAGE_FOR_LIBRARY]
    if packages and can_apt_install() and apt_install(packages) \
            and not missing_system_libraries(with_display):
        return
    message = "Qt needs system libraries that are missing: " + ", ".join(missing) + "."
    if packages:
        message += "\nOn Debian or Ubuntu run:  sudo apt-get install " + " ".join(packages)
    if unknown:
        message += ("\nFind the package for the others with:  apt-file search " + " ".join(unknown))
    sys.exit(message + "\nthen run this command again.")


def ensure_bundle_tools() -> None:
    """The packaging test builds the app with PyInstaller, which reads Linux binaries
    with objdump (binutils). Installed when we can; otherwise that test says why it skips."""
    if not sys.platform.startswith("linux") or shutil.which("objdump"):
        return
    if can_apt_install() and apt_install(["binutils"]):
        return
    say("note: the bundle test will be skipped: PyInstaller needs objdump "
        "(sudo apt-get install binutils).")


# Scanned papers are read by Tesseract (desktop/ingest/ocr.py); without it the
# app still runs and says which papers need OCR, so this only warns.
OCR_PACKAGES = ["tesseract-ocr", "tesseract-ocr-eng"]


def ensure_ocr_engine() -> None:
    if not sys.platform.startswith("linux") or shutil.which("tesseract"):
        return
    if can_apt_install() and apt_install(OCR_PACKAGES) and shutil.which("tesseract"):
        return
    say("note: scanned papers cannot be read until the OCR engine is installed. "
        "On Debian or Ubuntu run:  sudo apt-get install " + " ".join(OCR_PACKAGES))


def prepare(with_display: bool) -> None:
    if sys.version_info < MIN_PYTHON:
        sys.exit(f"Scrutiny Desk needs Python {'.'.join(map(str, MIN_PYTHON))} or newer; "
                 f"this is {sys.version.split()[0]}.")
    ensure_venv()
    install_project()
    ensure_system_libraries(with_display)
    ensure_ocr_engine()


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test", "setup"):
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    prepare(with_display=command == "run" and sys.platform.startswith("linux"))
    if command == "test":
        ensure_bundle_tools()
    python = str(venv_python())
    if command == "setup":
        say("ready")
        return 0
    if command == "run":
        return subprocess.call([python, "-m", "desktop", *rest], cwd=ROOT)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.setdefault("HYPOTHESIS_PROFILE", "ci")  # the same examples on every machine (tests/conftest.py)
    return subprocess.call([python, "-m", "pytest", *rest], cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
