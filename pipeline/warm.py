"""Imported once by a worker pool's fork server: the models load there, and
every worker process forked from it starts with them (shared, copy on write)
instead of loading its own."""

from .run import default_tools

default_tools()
