"""Errors a user can fix, turned into one line at the CLI edge (``cli.py``)."""


class UsageError(Exception):
    """A problem with what the user asked for: bad paths, no input, a bad meta file."""
