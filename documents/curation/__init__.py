"""Editors' machinery, shared by both apps: history, optimistic locking, the curated admin base, publishing, restore, merge, roles and consistency checks."""
