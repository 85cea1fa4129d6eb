"""What a researcher reads: the home page, the document list, the reader, one note's page, and the safe HTML of a passage."""
