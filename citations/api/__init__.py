"""The citations app's part of the read-only JSON API: the texts with their notes' references, citations, archives."""
