"""Speed benchmarks: each goal is a ratio against a baseline measured in the same run.

Run one with ``python -m benchmarks.<name> [--docs N]``; see benchmarks/README.md.
"""
