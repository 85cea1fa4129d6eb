"""Render once, serve many: the stored renders of each published document (stored.py), what
makes them stale (invalidation.py: every change, one module of signals), and the versioned
page cache for anonymous GETs (pages.py)."""
