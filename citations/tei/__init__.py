"""A document as TEI P5 (/documents/<slug>.tei.xml): elements.py (the vocabulary), passages.py
(text with anchors, mentions and emphasis), bibl.py (references), header.py (the teiHeader),
body.py (the text with its notes), register.py (the back's register), export.py (the builder
that assembles them, and the view)."""

from citations.tei.export import TeiExportView, tei_document

__all__ = ["TeiExportView", "tei_document"]
