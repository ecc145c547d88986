"""The fonts PDFs are set in: Open Sans from resources/fonts, registered once and embedded.

reportlab's built-in Helvetica is not embedded and lacks glyphs papers use
(’ “ ” £ – •), so every PDF the app writes uses these TrueType files instead.
"""

from __future__ import annotations

import threading
from pathlib import Path

from desktop.domain.errors import UserFacingError
from desktop.paths import resources_dir

FAMILY = "BriefingSans"
REGULAR = FAMILY
BOLD = f"{FAMILY}-Bold"
ITALIC = f"{FAMILY}-Italic"
BOLD_ITALIC = f"{FAMILY}-BoldItalic"
_FILES = {
    REGULAR: "OpenSans-Regular.ttf",
    BOLD: "OpenSans-Bold.ttf",
    ITALIC: "OpenSans-Italic.ttf",
    BOLD_ITALIC: "OpenSans-BoldItalic.ttf",
}
_lock = threading.Lock()
_registered = False


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def register_fonts() -> str:
    """Register the family with reportlab (once per process); returns the regular font's name.

    Background exports may run while the window builds a preview, hence the lock.
    """
    global _registered
    with _lock:
        if _registered:
            return REGULAR
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFError, TTFont

        for name, file_name in _FILES.items():
            path = fonts_dir() / file_name
            try:
                pdfmetrics.registerFont(TTFont(name, str(path)))
            except (OSError, TTFError) as error:
                raise UserFacingError(
                    f"The PDF font {file_name} is missing or damaged in {fonts_dir()}; "
                    "reinstall Scrutiny Desk.") from error
        # So that <b> and <i> in the app's own markup pick the right face.
        for bold, italic, name in ((0, 0, REGULAR), (1, 0, BOLD), (0, 1, ITALIC), (1, 1, BOLD_ITALIC)):
            addMapping(FAMILY, bold, italic, name)
        _registered = True
        return REGULAR
