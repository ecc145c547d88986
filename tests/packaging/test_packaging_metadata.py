"""What the bundle says about itself, checked without building it (fast)."""

from __future__ import annotations

import configparser
import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"packaging_{name}", REPO / "packaging" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(REPO / "packaging"))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(REPO / "packaging"))
    return module


metadata = _load("metadata")


def test_version_and_name_come_from_the_package():
    import desktop

    assert metadata.app_version() == desktop.__version__
    assert metadata.app_name() == desktop.APP_NAME


@pytest.mark.parametrize("version, expected", [
    ("0.1.0", (0, 1, 0, 0)), ("2.10", (2, 10, 0, 0)), ("1.2.3.4", (1, 2, 3, 4)),
    ("0.2.0rc1", (0, 2, 0, 0)), ("1.0.0+local", (1, 0, 0, 0)),
])
def test_version_tuple_for_the_windows_resource(version, expected):
    assert metadata.version_tuple(version) == expected


def test_version_tuple_refuses_a_non_version():
    with pytest.raises(ValueError):
        metadata.version_tuple("dev")


def test_windows_version_resource_carries_the_version():
    """PyInstaller evaluates this text with its versioninfo classes; stand-ins record what it builds."""
    built = {}

    def record(kind):
        def make(*args, **kwargs):
            built.setdefault(kind, []).append((args, kwargs))
            return (kind, args, kwargs)
        return make

    names = {name: record(name) for name in (
        "VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct",
        "VarFileInfo", "VarStruct")}
    text = metadata.windows_version_resource("3.4.5")
    eval(compile(text, "version_info.txt", "eval"), names)  # noqa: S307 - our own generated text
    fixed = built["FixedFileInfo"][0][1]
    assert fixed["filevers"] == fixed["prodvers"] == (3, 4, 5, 0)
    strings = dict(args for args, _ in built["StringStruct"])
    assert strings["ProductVersion"] == strings["FileVersion"] == "3.4.5"
    assert strings["ProductName"] == "Scrutiny Desk"
    assert strings["OriginalFilename"] == "scrutiny-desk.exe"


def test_linux_desktop_entry_is_well_formed():
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(REPO / "packaging" / "linux" / "scrutiny-desk.desktop", encoding="utf-8")
    assert parser.sections() == ["Desktop Entry"]
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application" and entry["Name"] == "Scrutiny Desk"
    assert entry["Exec"] == metadata.EXE_NAME and entry["Icon"] == metadata.EXE_NAME
    assert entry["Terminal"] == "false"
    assert all(value.endswith(";") for key, value in entry.items() if key in ("Categories", "Keywords"))
    assert "Office" in entry["Categories"].split(";")


def test_spec_excludes_what_must_not_ship():
    spec = (REPO / "packaging" / "scrutiny-desk.spec").read_text(encoding="utf-8")
    for module in ("tkinter", "pytest", "pytestqt", "hypothesis", "PySide6.QtWebEngineCore",
                   "PySide6.QtQuick", "PySide6.QtQml", "PySide6.Qt3DCore"):
        assert f'"{module}"' in spec, module
    assert '(str(ROOT / "resources"), "resources")' in spec


def test_icons_render_from_the_svg(tmp_path):
    pytest.importorskip("PySide6.QtSvg")
    icons = metadata.render_icons(tmp_path)
    assert sorted(icons) == sorted(metadata.ICON_SIZES)
    for size, path in icons.items():
        data = path.read_bytes()
        assert int.from_bytes(data[16:20], "big") == size
