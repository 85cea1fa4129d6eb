"""The teiHeader of a document's TEI: title and authors, this edition, the source description,
the editors' note, language, keywords and an interview's speakers (see export.py)."""

from citations.tei.elements import EDITION, date_element, sub, xml_id
from documents.models import Document, Paragraph


class HeaderWriter:
    """TeiBuilder's teiHeader; reads `document`, `url` and the `speakers` the body found."""

    def header(self, header):
        document = self.document
        file_desc = sub(header, "fileDesc")
        title_stmt = sub(file_desc, "titleStmt")
        sub(title_stmt, "title", document.title)
        for name in document.author_list:
            sub(title_stmt, "author", name)
        statement = sub(title_stmt, "respStmt")
        sub(
            statement,
            "resp",
            "Digital edition: structure, note anchors, mentions, links and structured references",
        )
        sub(statement, "orgName", EDITION)

        publication = sub(file_desc, "publicationStmt")
        sub(publication, "publisher", EDITION)
        if self.url:
            sub(publication, "idno", self.url, type="URI")

        source = sub(sub(file_desc, "sourceDesc"), "bibl")
        for name in document.author_list:
            sub(source, "author", name)
        if document.affiliation:
            sub(source, "orgName", document.affiliation, type="affiliation")
        # An article or an interview is part of something, even where the text does not say what.
        level = "m" if document.kind == Document.Kind.PRIMARY else "a"
        sub(source, "title", document.title, level=level)
        if document.interviewee:
            statement = sub(source, "respStmt")
            sub(statement, "resp", "interviewee")
            sub(statement, "persName", document.interviewee)
        if document.publication:
            sub(source, "title", document.publication, level="j")
        date_element(source, document.publication_date)
        sub(source, "note", document.get_kind_display(), type="genre")

        if document.editorial_note:
            encoding = sub(header, "encodingDesc")
            sub(sub(encoding, "editorialDecl"), "p", document.editorial_note)

        profile = sub(header, "profileDesc")
        sub(sub(profile, "langUsage"), "language", ident=document.language or "en")
        if document.keywords:
            keywords = sub(sub(profile, "textClass"), "keywords")
            for keyword in document.keywords:
                sub(keywords, "term", keyword)
        if self.speakers:
            people = sub(sub(profile, "particDesc"), "listPerson")
            for key, role in sorted(self.speakers.items()):
                person = xml_id(sub(people, "person", role=role), f"speaker-{key}")
                if key == Paragraph.Speaker.HISTORIAN and document.interviewee:
                    sub(person, "persName", document.interviewee)
