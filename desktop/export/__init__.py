"""Exports: the PDF briefing and pre-meeting note (reportlab), and CSV/XLSX tables (pandas).

The renderers take plain dataclasses (``model.py``) so they can be tested
without a workspace; ``gather.py`` fills those dataclasses from one, and
``desktop/services/exporting.py`` is the use case the window and CLI call.
Document text never reaches reportlab's paragraph markup unescaped (``text.py``).
"""
