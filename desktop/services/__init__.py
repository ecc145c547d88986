"""Use cases, one small function each, shared by the window and the command line.

Each takes an open Workspace and returns what changed. Nothing here imports Qt.
"""
