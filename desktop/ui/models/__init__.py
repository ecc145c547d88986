"""Qt item models over the services' results (tested with no view)."""
