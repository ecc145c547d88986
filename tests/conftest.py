"""Fixtures shared by core and UI tests."""

from __future__ import annotations

import os
import socket

import pytest
from hypothesis import HealthCheck, settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# CI runs the same examples every time (a failure there can be reproduced, not a one-in-ten
# flake); a developer's run explores new ones and keeps failing examples in .hypothesis/.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow], deadline=None)
settings.register_profile("dev", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

@pytest.fixture
def workspace(tmp_path):
    from desktop.storage.workspace import open_workspace

    ws = open_workspace(tmp_path / "test.sqlite")
    yield ws
    ws.close()


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """The app is offline: any attempt to open a network connection fails a test."""

    def refuse(*args, **kwargs):
        raise AssertionError("the app tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture(autouse=True)
def _isolated_data_folder(tmp_path_factory, monkeypatch):
    """Never touch the real user's default workspace or settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("SCRUTINY_DESK_WORKSPACE", raising=False)
