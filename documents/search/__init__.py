"""Full-text search over paragraphs and notes: the query language, each engine's index, the facets and the page."""
