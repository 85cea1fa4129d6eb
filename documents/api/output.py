"""The base of every shape the API answers with.

The API's answers are plain data built by its own functions (document_dict, actor_dict, …),
never model instances, so they are validated as plain pydantic models. ninja's Schema, made to
read Django objects, wraps every item in an attribute reader first: a tenth of a list's time
(the document list, 20 items at 1,000 documents: 4.6 → 4.1 ms on SQLite, 6.4 → 6.0 on
PostgreSQL), for the same OpenAPI description and the same JSON.
"""

from pydantic import BaseModel


class Out(BaseModel):
    """A shape the API answers with (validated from dicts; described in the OpenAPI schema)."""
