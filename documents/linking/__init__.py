"""What the texts speak of: the alias matcher, anchors kept right through edits, and the curated links."""
