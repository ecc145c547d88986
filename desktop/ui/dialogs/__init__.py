"""Dialogs; modal ones are reached through small functions tests can replace."""
