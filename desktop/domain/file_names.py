"""File names as shown in messages: control characters and bidi overrides made visible.

A file name may hold a newline, an escape sequence or a right-to-left override that
would rewrite what the user reads ("report\u202eFDP.exe"); such characters are shown
as \\uXXXX escapes instead, so the name on screen is the name on disk.
"""

from __future__ import annotations

import unicodedata

# Bidi embeddings, overrides and isolates, and the invisible marks that steer them.
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def _needs_escape(ch: str) -> bool:
    return ch in _BIDI_CONTROLS or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs")


def shown_file_name(name: str) -> str:
    """``name`` with every control, format or bidi character escaped."""
    out = []
    for ch in str(name):
        if _needs_escape(ch):
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)
