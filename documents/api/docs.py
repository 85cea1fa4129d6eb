"""/api/docs: the API described on an ordinary page, built on the server from the OpenAPI
schema (no JavaScript, nothing from another host)."""

from __future__ import annotations

import re

from django.shortcuts import render
from django.utils.html import format_html, format_html_join
from ninja.openapi.docs import DocsBase


class PlainDocs(DocsBase):
    """The API described on an ordinary page, built on the server from the OpenAPI schema."""

    def render_page(self, request, api, **kwargs):
        schema = api.get_openapi_schema(path_params=kwargs)
        operations = []
        for path, methods in schema["paths"].items():
            for method, operation in methods.items():
                parameters = [
                    {
                        "name": p["name"],
                        "where": p["in"],
                        "required": p.get("required", False),
                        "type": _describe_type(p.get("schema", {}), schema),
                        "description": with_code(
                            p.get("description") or p.get("schema", {}).get("description", "")
                        ),
                    }
                    for p in operation.get("parameters", [])
                ]
                operations.append(
                    {
                        "method": method.upper(),
                        "path": path,
                        "summary": operation.get("summary", ""),
                        "description": with_code(operation.get("description", "")),
                        "parameters": parameters,
                    }
                )
        context = {
            "title": schema["info"]["title"],
            "description": with_code(schema["info"].get("description", "")),
            "version": schema["info"]["version"],
            "operations": operations,
            "openapi_url": self.get_openapi_url(api, kwargs),
        }
        return render(request, "citations/api_docs.html", context)


def with_code(text: str):
    """The descriptions' Markdown `code` spans as <code>, everything else as text (escaped)."""
    pieces = re.split(r"`([^`]+)`", text)
    return format_html_join(
        "",
        "{}",
        (
            (format_html("<code>{}</code>", piece) if index % 2 else piece,)
            for index, piece in enumerate(pieces)
        ),
    )


def _describe_type(node: dict, schema: dict) -> str:
    """A short human description of a parameter's JSON schema: 'integer (1–100)', 'one of …'."""
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = schema.get("components", {}).get("schemas", {}).get(name, node)
    if "anyOf" in node:
        kinds = [_describe_type(n, schema) for n in node["anyOf"] if n.get("type") != "null"]
        return " or ".join(kinds)
    if "enum" in node:
        return "one of " + ", ".join(str(v) for v in node["enum"])
    kind = node.get("format") or node.get("type", "")
    low, high = node.get("minimum"), node.get("maximum")
    if low is not None or high is not None:
        kind += f" ({low if low is not None else ''}–{high if high is not None else ''})"
    if node.get("maxLength"):
        kind += f", at most {node['maxLength']} characters"
    return kind
