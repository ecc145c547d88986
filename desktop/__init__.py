"""Scrutiny Desk: an offline workspace for councillors who scrutinise children's services."""

__version__ = "0.1.0"
APP_NAME = "Scrutiny Desk"
