"""A document as TEI P5 (/documents/<slug>.tei.xml): elements.py (the vocabulary), passages.py
(text with anchors, mentions and emphasis), bibl.py (references), export.py (the document and
the view)."""

from citations.tei.export import TeiExportView, tei_document

__all__ = ["TeiExportView", "tei_document"]
