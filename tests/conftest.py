"""Fixtures shared by core and UI tests."""

from __future__ import annotations

import os
import socket
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

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
