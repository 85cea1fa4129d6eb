"""BibTeX and RIS, written from the CSL-JSON items of exports.py (the pivot): every value on
one line, BibTeX's special characters escaped, names in each format's own order."""

import io
import re

from citations.exports import one_line

BIBTEX_TYPES = {
    "article-journal": "article",
    "book": "book",
    "chapter": "incollection",
    "thesis": "phdthesis",
    "report": "techreport",
    "paper-conference": "inproceedings",
    "manuscript": "unpublished",
    "interview": "misc",
}


def _bibtex_escape(value: str) -> str:
    value = one_line(value)
    value = value.replace("\\", r"\textbackslash{}").replace("{", r"\{").replace("}", r"\}")
    for char in "&%$#_":
        value = value.replace(char, "\\" + char)
    return value


def _bibtex_names(names: list[dict]) -> str:
    """'Scalapino, Robert and Lee, Chong-sik'; a body's name braced so it is not split."""
    shown = []
    for name in names:
        if "literal" in name:
            shown.append("{" + _bibtex_escape(name["literal"]) + "}")
        else:
            parts = (name.get("family"), name.get("given"))
            shown.append(", ".join(_bibtex_escape(p) for p in parts if p))
    return " and ".join(shown)


def _year(item: dict) -> str:
    issued = item.get("issued", {})
    parts = issued.get("date-parts") if isinstance(issued, dict) else None
    if parts:
        return "/".join(str(p[0]) for p in parts)
    return issued.get("literal", "") if isinstance(issued, dict) else ""


def bibtex(items: list[dict]) -> str:
    entries = []
    for item in items:
        kind = BIBTEX_TYPES.get(item["type"], "misc")
        if item["type"] == "thesis" and "master" in item.get("genre", "").casefold():
            kind = "mastersthesis"
        fields = {
            "title": item.get("title", ""),
            "journal": item.get("container-title", "") if kind == "article" else "",
            # (an untitled conference paper is known by its conference)
            "booktitle": item.get("container-title", "") or item.get("event", "")
            if kind in ("incollection", "inproceedings")
            else "",
            "series": item.get("collection-title", ""),
            "number": item.get("issue") or item.get("number", ""),
            "volume": item.get("volume", ""),
            "pages": item.get("page", "").replace("–", "--"),
            "publisher": item.get("publisher", "")
            if kind not in ("phdthesis", "mastersthesis", "techreport")
            else "",
            "school": item.get("publisher", "") if kind in ("phdthesis", "mastersthesis") else "",
            "institution": item.get("publisher", "") if kind == "techreport" else "",
            "address": item.get("publisher-place", ""),
            "year": _year(item),
            "type": item.get("genre", ""),
            "howpublished": item.get("archive", ""),
            "note": item.get("archive_location", "")
            or (f"Collection version {item['version']}" if item.get("version") else ""),
            "version": item.get("version", ""),  # (biblatex)
            "url": item.get("URL", ""),
        }
        key = re.sub(r"[^A-Za-z0-9_-]", "-", item["id"])
        names = {
            "author": _bibtex_names(item.get("author", [])),
            "editor": _bibtex_names(item.get("editor", [])),
        }
        lines = [f"  {name} = {{{value}}}" for name, value in names.items() if value]
        lines += [
            f"  {name} = {{{_bibtex_escape(value)}}}" for name, value in fields.items() if value
        ]
        body = ",\n".join(lines)
        entries.append(f"@{kind}{{{key},\n{body}\n}}")
    return "\n\n".join(entries) + "\n"


RIS_TYPES = {
    "article-journal": "JOUR",
    "book": "BOOK",
    "chapter": "CHAP",
    "thesis": "THES",
    "report": "RPRT",
    "paper-conference": "CPAPER",
    "manuscript": "MANSCPT",
    "periodical": "JFULL",
    "interview": "GEN",
    "article": "GEN",
}


def _ris_name(name: dict) -> str:
    if "literal" in name:
        return name["literal"]
    return ", ".join(p for p in (name.get("family"), name.get("given")) if p)


def ris(items: list[dict]) -> str:
    """One RIS record per item."""
    out = io.StringIO()
    for item in items:
        lines = [("TY", RIS_TYPES.get(item["type"], "GEN")), ("ID", item["id"])]
        lines += [("AU", _ris_name(n)) for n in item.get("author", [])]
        lines += [("A2", _ris_name(n)) for n in item.get("editor", [])]
        lines += [("A4", _ris_name(n)) for n in item.get("translator", [])]
        pages = item.get("page", "")
        start, _, end = pages.partition("–")
        for tag, value in (
            ("TI", item.get("title", "")),
            ("T2", item.get("container-title", "") or item.get("event", "")),
            ("T3", item.get("collection-title", "")),
            ("VL", item.get("volume", "")),
            ("IS", item.get("issue", "")),
            ("PB", item.get("publisher", "")),
            ("CY", item.get("publisher-place", "")),
            ("PY", _year(item)),
            ("SP", start),
            ("EP", end),
            ("M3", item.get("genre", "")),
            ("AV", item.get("archive_location", "")),
            ("DB", item.get("archive", "")),
            ("UR", item.get("URL", "")),
            ("ET", item.get("version", "")),  # edition: the collection's version
        ):
            if value:
                lines.append((tag, value))
        lines.append(("ER", ""))
        for tag, value in lines:
            out.write(f"{tag}  - {one_line(value)}".rstrip() + "\r\n")
    return out.getvalue()
