"""Texts in: the pure parser (no Django), the one-transaction importer and the curated collection's loader."""
