"""The site's search backend: Wagtail's database backend, safe with anything typed in a search box.

``WAGTAILSEARCH_BACKENDS`` points here, so every search goes through it: the portal's, the admin's
lists, choosers and page search. Before a query reaches the database:

- ``"`` and control characters become spaces. The SQLite backend quotes each word as an FTS5 string
  and does not escape ``"`` inside it (``nhà ở"`` was "unterminated string"); NUL ends SQLite's C
  strings and PostgreSQL refuses it. The tokenizers split words on these characters anyway, so
  nothing searchable is lost. FTS5 operators (``AND``, ``NEAR(``, ``*``) stay inside the quotes.
- a "word" with no letter or digit (``-``, ``*``) is dropped: it matches nothing, and the PostgreSQL
  backend, which splits words on ``-``, crashed on a word made only of it.
- at most ``MAX_TERMS`` words of at most ``MAX_TERM_LENGTH`` characters are kept: the SQLite
  backend nests one expression per word (thousands of words exceeded Python's recursion limit)
  and PostgreSQL refuses words of over 2047 bytes in a tsquery.

The query compilers skip Wagtail's FilterField and ordering checks: the database backends filter
and order with the ORM on the queryset itself, so any filter works, and the checks (there for
Elasticsearch) turned the image chooser's tag + search and the image list's usage filter + search
into 500s.
"""

import copy
import re
from functools import cache

from wagtail.search.backends import database
from wagtail.search.backends.base import SearchFieldError
from wagtail.search.query import Boost, Not, SearchQuery

MAX_TERMS = 32
MAX_TERM_LENGTH = 100
NOT_SEARCHABLE = re.compile(r'["\x00-\x1f\x7f-\x9f]')
WORD = re.compile(r"\w")


def clean_query(query):
    """``query`` (typed text or Wagtail query objects) safe for the database; ``""`` or ``None``
    when nothing searchable is left."""
    budget = [MAX_TERMS]

    def clean_text(text: str) -> str:
        words = [word for word in NOT_SEARCHABLE.sub(" ", text).split() if WORD.search(word)][: budget[0]]
        budget[0] -= len(words)
        return " ".join(word[:MAX_TERM_LENGTH] for word in words)

    def clean(node):
        if isinstance(node, str):
            return clean_text(node)
        if hasattr(node, "query_string"):  # PlainText, Phrase, Fuzzy
            text = clean_text(node.query_string)
            return _replaced(node, query_string=text) if text else None
        if hasattr(node, "subqueries"):  # And, Or
            parts = [part for part in map(clean, node.subqueries) if part is not None]
            return type(node)(parts) if parts else None
        if isinstance(node, (Not, Boost)):
            inner = clean(node.subquery)
            return _replaced(node, subquery=inner) if inner is not None else None
        return node  # MatchAll

    return clean(query)


def _replaced(node: SearchQuery, **attributes) -> SearchQuery:
    node = copy.copy(node)
    for name, value in attributes.items():
        setattr(node, name, value)
    return node


class CleanQueryMixin:
    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        # Nothing searchable left: Wagtail's own answer to an empty query (no results).
        query = clean_query(query) or ""
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)


class OrmFilteredCompilerMixin:
    def check(self):
        """Only the searched fields are checked (see the module's docstring)."""
        if self.fields is None:
            return
        allowed = {field.field_name for field in self.queryset.model.get_searchable_search_fields()}
        for field_name in self.fields:
            if field_name not in allowed:
                raise SearchFieldError(
                    f'Cannot search with field "{field_name}". Please add index.SearchField("{field_name}") to '
                    f"{self.queryset.model.__name__}.search_fields.",
                    field_name=field_name,
                )


@cache
def safe_backend_class(backend_class: type) -> type:
    compilers = {
        name: type(f"Safe{compiler.__name__}", (OrmFilteredCompilerMixin, compiler), {})
        for name in ("query_compiler_class", "autocomplete_query_compiler_class")
        if (compiler := getattr(backend_class, name, None)) is not None
    }
    return type(f"Safe{backend_class.__name__}", (CleanQueryMixin, backend_class), compilers)


def SearchBackend(params):  # the name Wagtail looks up in a backend module
    """Wagtail's database backend for the database in use (PostgreSQL, SQLite FTS5 or the fallback)."""
    return safe_backend_class(type(database.SearchBackend(params)))(params)
