"""The built site crawled from its index, as files: every link of every page leads to a file
of the site and to an id there, and every page of the site is reached (no page only a typed
address finds). For the shop, a hostile registry, a long history (version pages) and a
registry whose consumers name events it does not have."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from eventkit.catalog import build_catalog
from eventkit.registry import load_registry
from tests.catalog._hostile import hostile_registry
from tests.catalog.test_long_history import _history
from tests.catalog.test_site import parse
from tests.registry._build import build, schema

REPO = Path(__file__).resolve().parents[2]


def _unknown_consumers(root: Path) -> Path:
    return build(
        root,
        {
            "a/Lonely/1.0.0.json": schema(),  # nobody consumes it
            "b/Own/1.0.0.json": schema(),
            "b/service.toml": 'consumes = ["nope/Missing@1", "a/Lonely@7", "a/Own@1"]\n',
        },
    )


REGISTRIES = {
    "shop": lambda root: REPO / "schemas",
    "hostile": hostile_registry,
    "long history": lambda root: _history(root, 12),
    "unknown consumers": _unknown_consumers,
}


def crawl(out: Path) -> set[Path]:
    """The pages reached from index.html; asserts every link and anchor resolves."""
    site = out.resolve()
    seen: set[Path] = set()
    todo = [site / "index.html"]
    ids: dict[Path, set[str]] = {}
    while todo:
        page = todo.pop()
        if page in seen:
            continue
        seen.add(page)
        links = parse(page.read_text(encoding="utf-8"))
        ids[page] = links.ids
        for url in links.urls:
            parts = urlsplit(url)
            assert not parts.scheme, f"{page}: leaves the site: {url}"
            assert not parts.netloc, f"{page}: leaves the site: {url}"
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_relative_to(site), f"{page}: leaves the site: {url}"
            assert target.is_file(), f"{page}: broken link {url}"
            if target.suffix == ".html":
                todo.append(target)
                if parts.fragment:
                    if target not in ids:
                        ids[target] = parse(target.read_text(encoding="utf-8")).ids
                    assert unquote(parts.fragment) in ids[target], f"{page}: no anchor {url}"
    return seen


@pytest.mark.parametrize("name", sorted(REGISTRIES))
def test_every_link_resolves_and_every_page_is_reached(tmp_path: Path, name: str) -> None:
    registry = load_registry(REGISTRIES[name](tmp_path / "reg"))
    out = tmp_path / "site"
    build_catalog(registry, out)
    reached = crawl(out)
    pages = {p.resolve() for p in out.rglob("*.html")}
    assert pages - reached == set(), "pages no link leads to"
