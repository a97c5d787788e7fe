"""Incremental replication: what changed between two published copies, shipped instead of the copy.

One module a kind of change: ``sqlite_pages`` (the pages of a SQLite file). docs/incremental.md
says how chains of full and incremental bundles are to be built on it.
"""
