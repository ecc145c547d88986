"""A paper's original pages: rendering and character geometry with pypdfium2 (no Qt)."""
