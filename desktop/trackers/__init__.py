"""Reading councils' improvement-plan trackers (CSV and XLSX) into tracker rows.

Pure parsing: no database and no Qt. ``read`` turns a file into a table of text
cells, ``mapping`` guesses which column holds which field, ``rows`` turns the
table into :class:`desktop.domain.actions.TrackerRow` objects, and ``values``
understands the cells (due dates, statuses, RAG ratings, recommendation refs).
pandas and openpyxl are imported inside functions so start-up stays fast.
"""
