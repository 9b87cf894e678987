"""`eventkit catalog`: the registry as a static, offline HTML site.

An index with search and filters, a page per event (field tables, examples, version diffs
with the compatibility verdict, deprecation, the model's import line, a sample rule,
producers and consumers per major), a page per service, and the producer -> event ->
consumer graph as an SVG. Every string from a schema is HTML-escaped (jinja2 autoescape).
A tool module: `import eventkit` does not load it.

Example:
    ```python
    from eventkit.catalog import build_catalog
    from eventkit.registry import load_registry

    result = build_catalog(load_registry("schemas"), "site")
    print(result.index)   # site/index.html
    ```
"""

from __future__ import annotations

from eventkit.catalog._site import MARKER, CatalogResult, build_catalog, render_site

__all__ = ["MARKER", "CatalogResult", "build_catalog", "render_site"]
