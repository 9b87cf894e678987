"""`eventkit catalog`: what the pages hold, escaping, where it writes (no browser here)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventkit.catalog import MARKER, build_catalog, render_site
from eventkit.cli import app
from eventkit.consumers import ConsumerIndex
from eventkit.errors import EXIT_OK, EXIT_USAGE, CatalogError
from eventkit.registry import load_registry
from tests.catalog._hostile import CLOSE, SCRIPT, hostile_registry
from tests.registry._build import build, schema

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()


@pytest.fixture(scope="module")
def shop_site() -> dict[str, str]:
    return render_site(load_registry(REPO / "schemas"))


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.ids: set[str] = set()
        self.scripts: list[str] = []
        self.tags: set[str] = set()
        self.handlers: list[str] = []  # on* attributes
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.tags.add(tag)
        self.handlers += [name for name, _ in attrs if name.startswith("on")]
        for name in ("href", "src"):
            if values.get(name):
                self.urls.append(str(values[name]))
        if values.get("id"):
            self.ids.add(str(values["id"]))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.scripts.append(data)


def parse(text: str) -> _Links:
    parser = _Links()
    parser.feed(text)
    return parser


def test_the_cli_writes_the_site_and_says_where(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = runner.invoke(app, ["catalog", "--schemas", str(REPO / "schemas"), "--out", str(out)])
    assert result.exit_code == EXIT_OK, result.output
    assert (out / "index.html").is_file()
    assert (out / "events" / "orders" / "OrderPlaced.html").is_file()
    assert (out / "services" / "payments.html").is_file()
    assert (out / "graph.html").is_file()
    assert (out / "index.html").resolve().as_uri() in result.stdout


def test_every_link_resolves_inside_the_site(shop_site: dict[str, str]) -> None:
    assert_links_resolve(shop_site)


def assert_links_resolve(site: dict[str, str]) -> None:
    """Every link of every page of `site` leads to a page of it, and to an id there."""
    for path, text in site.items():
        if not path.endswith(".html"):
            continue
        here = Path(path).parent
        for url in parse(text).urls:
            assert not re.match(r"^[a-z]+:|^//", url), f"{path}: external {url}"
            target, _, fragment = url.partition("#")
            page = (here / target).as_posix() if target else path
            resolved = Path(page).as_posix()
            parts: list[str] = []
            for part in resolved.split("/"):
                if part == "..":
                    parts.pop()
                elif part not in ("", "."):
                    parts.append(part)
            resolved = "/".join(parts)
            assert resolved in site, f"{path}: broken link {url}"
            if fragment and resolved.endswith(".html"):
                assert fragment in parse(site[resolved]).ids, f"{path}: no #{fragment}"


def test_event_page_holds_what_a_consumer_needs(shop_site: dict[str, str]) -> None:
    page = shop_site["events/orders/OrderPlaced.html"]
    assert "from shop_events import OrderPlacedV1" in page
    assert "from shop_events import OrderPlacedV2" in page
    assert "checkout-team" in page
    # the sample rule of major 2: what the router routes as major 2 ("2.x.y", or "2" alone)
    assert "[{&#34;prefix&#34;: &#34;2.&#34;}, &#34;2&#34;]" in page
    assert "&#34;detail-type&#34;: &#34;OrderPlaced&#34;" in page  # example EventBridge event
    ids = parse(page).ids
    assert {"v1.0.0", "v1.1.0", "v2.0.0", "diff-1.1.0-2.0.0", "diff-1.0.0-2.0.0"} <= ids
    section = page.split('id="diff-1.1.0-2.0.0"', 1)[1].split("</section>", 1)[0]
    assert "breaking" in section
    assert "PROPERTY_REMOVED" in section or "REQUIRED_ADDED" in section  # rule IDs shown
    assert "user_id" in section  # removed in 2.0.0
    # The consumer of the older major is named on the newer event's page.
    major1 = page.split('id="major-1"', 1)[1].split("</tr>", 1)[0]
    assert "payments" in major1
    major2 = page.split('id="major-2"', 1)[1].split("</tr>", 1)[0]
    assert "no declared consumer" in major2


def test_fields_show_refs_nested_objects_and_constraints(shop_site: dict[str, str]) -> None:
    page = shop_site["events/orders/OrderPlaced.html"]
    v2 = page.split('id="v2.0.0"', 1)[1].split("</section>", 1)[0]
    assert "totals.grand_total" not in v2  # rows show the name, indented
    assert 'href="../../shared.html#_shared.money"' in v2
    assert "min items 1" in v2
    assert "^ord_[0-9A-Za-z]{12}$" in v2


def test_service_pages_list_what_they_produce_and_consume(shop_site: dict[str, str]) -> None:
    page = shop_site["services/notifications.html"]
    consumes = page.split("<h2>Consumes</h2>", 1)[1]
    assert "payments/PaymentCaptured@1" in consumes
    assert "payments/PaymentCaptured@2" in consumes
    produces = page.split("<h2>Produces</h2>", 1)[1].split("<h2>", 1)[0]
    assert "notifications/PushNotificationRequested" in produces


def test_graph_is_an_inline_svg_with_every_edge(shop_site: dict[str, str]) -> None:
    graph = shop_site["graph.html"]
    assert graph.count("<svg") == 1
    declared = ConsumerIndex.of(load_registry(REPO / "schemas")).declarations
    assert len(declared) == 15
    assert graph.count('class="edge consumes"') == len(declared)
    assert graph.count('class="edge produces"') == 19  # one per event type


def test_every_schema_string_is_escaped(tmp_path: Path) -> None:
    files = render_site(load_registry(hostile_registry(tmp_path / "reg")))
    for path, text in files.items():
        if not path.endswith(".html"):
            continue
        assert SCRIPT not in text, path
        assert "<img" not in text, path
        assert CLOSE not in text, path
        parsed = parse(text)
        assert "img" not in parsed.tags, path
        assert parsed.handlers == [], path  # no event-handler attribute got in
        assert parsed.scripts == [], path  # no inline script at all
    page = files["events/evil/Thing.html"]
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
    assert 'id="deprecated"' in page
    assert "diff-1.1.0-2.0.0" in page
    assert "diff-2.0.0-3.0.0" in page


def test_base_url_makes_links_absolute(tmp_path: Path) -> None:
    registry = load_registry(REPO / "schemas")
    files = render_site(registry, base_url="/docs/events/")
    assert 'href="/docs/events/events/orders/OrderPlaced.html"' in files["index.html"]
    assert 'href="/docs/events/assets/catalog.css"' in files["events/orders/OrderPlaced.html"]
    for bad in ("javascript:alert(1)", "docs", '/x" onload="y'):
        with pytest.raises(CatalogError) as caught:
            render_site(registry, base_url=bad)
        assert caught.value.path == bad


OTHER_HOST_OR_BROKEN = [
    "//evil.example/x/",  # a path starting with // names another host
    "/\\evil.example/",  # so does /\ (browsers read a backslash as /)
    "/\t/evil.example/",  # a tab is dropped by URL parsers: //evil.example
    "https://docs.example\\.evil.example/",
    "/cat#frag",  # every link would land in the fragment
    "/cat?q=1",  # or in the query
    "https://docs.example/c/?v=1",
]


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("small"), {"s/E/1.0.0.json": schema()})


@pytest.mark.parametrize("bad", OTHER_HOST_OR_BROKEN)
def test_a_base_url_naming_another_host_or_breaking_links_is_refused(
    tmp_path: Path, small: Path, bad: str
) -> None:
    out = tmp_path / "site"
    args = ["catalog", "--schemas", str(small), "--out", str(out), "--base-url", bad]
    result = runner.invoke(app, args)
    assert result.exit_code == EXIT_USAGE, result.output
    assert not out.exists()
    with pytest.raises(CatalogError) as caught:
        render_site(load_registry(small), base_url=bad)
    assert caught.value.path == bad


@pytest.mark.parametrize(
    "good", ["/", "/docs/events/", "/a%20b", "https://docs.example.com:8443/c/", "http://h/x"]
)
def test_absolute_paths_and_urls_are_still_base_urls(small: Path, good: str) -> None:
    files = render_site(load_registry(small), base_url=good)
    assert f'href="{good.rstrip("/")}/assets/catalog.css"' in files["index.html"]


def test_out_refuses_a_folder_that_is_not_a_catalog(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    result = runner.invoke(app, ["catalog", "--schemas", str(REPO / "schemas"), "--out", str(out)])
    assert result.exit_code == EXIT_USAGE
    assert str(out) in result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]


def test_a_previous_catalog_is_replaced_and_stale_pages_removed(tmp_path: Path) -> None:
    reg = hostile_registry(tmp_path / "reg")
    out = tmp_path / "site"
    build_catalog(load_registry(reg), out)
    assert (out / "events" / "evil" / "Other.html").is_file()
    assert (out / MARKER).is_file()
    (out / "README.txt").write_text("a file of the user's")
    import shutil

    shutil.rmtree(reg / "evil" / "Other")
    (reg / "evil" / "Thing" / "event.toml").write_text('owner = "t"\n')
    build_catalog(load_registry(reg), out)
    assert not (out / "events" / "evil" / "Other.html").exists()
    assert (out / "README.txt").read_text() == "a file of the user's"


def test_nothing_is_written_through_a_planted_link(tmp_path: Path) -> None:
    reg = hostile_registry(tmp_path / "reg")
    out = tmp_path / "site"
    build_catalog(load_registry(reg), out)
    victim = tmp_path / "victim.txt"
    victim.write_text("untouched")
    page = out / "index.html"
    page.unlink()
    page.symlink_to(victim)
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil_events = out / "services"
    import shutil

    shutil.rmtree(shutil_events)
    shutil_events.symlink_to(outside, target_is_directory=True)
    with pytest.raises(CatalogError) as caught:
        build_catalog(load_registry(reg), out)
    assert "services" in caught.value.path
    assert victim.read_text() == "untouched"
    assert list(outside.iterdir()) == []


def test_an_unloadable_registry_is_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["catalog", "--schemas", str(tmp_path), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == EXIT_USAGE
    assert not (tmp_path / "o").exists()


def test_a_page_name_too_long_for_a_file_is_refused_before_anything_is_written(
    tmp_path: Path,
) -> None:
    reg = hostile_registry(tmp_path / "reg")
    # the longest event folder a file system holds: its page, <name>.html, cannot be written
    name = "A" + "b" * 254
    (reg / "evil" / "Thing").rename(reg / "evil" / name)
    (reg / "evil" / name / "event.toml").write_text('detail_type = "Thing"\n')
    out = tmp_path / "site"
    args = ["catalog", "--schemas", str(reg), "--out", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == EXIT_USAGE, result.output
    assert list(out.iterdir()) == []  # nothing half-written: the next build is not refused
    assert "Traceback" not in result.output
    assert "shorten the event or service folder's name" in result.output
    (reg / "evil" / name).rename(reg / "evil" / "Thing")
    (reg / "evil" / "Thing" / "event.toml").unlink()
    assert runner.invoke(app, args).exit_code == EXIT_OK


def test_refs_to_definitions_whose_names_a_uri_escapes_link_to_them(tmp_path: Path) -> None:
    """A `$ref` is a URI fragment: a definition named ``Straße`` or ``a/b`` is reached by
    ``.../Stra%C3%9Fe`` or ``.../a~1b``. The field table labelled the link with that escaped
    text and pointed it at an id made from it, which no definition has (a broken link)."""
    shared = {"type": "object", "properties": {"v": {"type": "string"}}}
    geo = {"$defs": {"Straße": shared, "a/b": shared}}
    geo_ref = "../../_shared/geo.json#/$defs/"
    event = schema(
        properties={
            "street": {"$ref": geo_ref + "Stra%C3%9Fe"},
            "ab": {"$ref": geo_ref + "a~1b"},
            "home": {"$ref": "#/$defs/Adresse%20Priv%C3%A9e"},
        },
        examples=[{}],
    )
    event["$defs"] = {"Adresse Privée": shared}
    reg = build(tmp_path / "reg", {"s/E/1.0.0.json": event, "_shared/geo.json": geo})
    site = render_site(load_registry(reg))
    assert_links_resolve(site)
    labels = re.findall(r'<a class="ref" href="[^"]*">([^<]*)</a>', site["events/s/E.html"])
    assert sorted(labels) == ["Adresse Privée", "Straße", "a/b"]


def test_names_that_differ_only_in_punctuation_get_ids_of_their_own(tmp_path: Path) -> None:
    """Every character outside ``A-Za-z0-9_.-`` became ``-`` in an id: `_shared/a b.json`
    and `_shared/a-b.json` (and definitions ``A B`` and ``A-B``) shared one, and the links
    to the second led to the first."""
    shared = {"type": "object", "properties": {"v": {"type": "string"}}}
    event = schema(
        properties={
            "space": {"$ref": "../../_shared/a%20b.json"},
            "dash": {"$ref": "../../_shared/a-b.json"},
            "local_space": {"$ref": "#/$defs/A%20B"},
            "local_dash": {"$ref": "#/$defs/A-B"},
        },
        examples=[{}],
    )
    event["$defs"] = {"A B": shared, "A-B": shared}
    files = {"s/E/1.0.0.json": event, "_shared/a b.json": shared, "_shared/a-b.json": shared}
    site = render_site(load_registry(build(tmp_path / "reg", files)))
    assert_links_resolve(site)
    for path, text in site.items():
        ids = re.findall(r' id="([^"]*)"', text)
        assert len(ids) == len(set(ids)), f"{path}: {sorted(ids)}"
    links = re.findall(r'<a class="ref" href="([^"]*)">', site["events/s/E.html"])
    assert len(set(links)) == 4, links


def test_the_registry_description_is_on_the_index_and_in_the_asyncapi_info(
    tmp_path: Path,
) -> None:
    """`[registry] description` was accepted by the loader and shown nowhere."""
    from eventkit.catalog.asyncapi import asyncapi_document

    said = "Every contract of the <b>shop</b> back end."
    config = f'[registry]\nname = "test"\nevent_bus = "b"\ndescription = "{said}"\n'
    registry = load_registry(build(tmp_path / "reg", {"s/E/1.0.0.json": schema()}, config=config))
    index = render_site(registry)["index.html"]
    assert "Every contract of the &lt;b&gt;shop&lt;/b&gt; back end." in index
    assert asyncapi_document(registry)["info"]["description"].startswith(said)
    assert registry.config.description == said


def test_a_property_named_a_dot_b_and_b_inside_a_are_two_fields_in_a_diff(tmp_path: Path) -> None:
    """Rows were keyed by their dotted label: `a.b` (one property) and `a` -> `b` were one
    field, so removing the first and adding the second showed only `a` added."""
    flat = {"a.b": {"type": "string", "description": "A flat one."}}
    nested = {
        "a": {
            "type": "object",
            "description": "An object.",
            "properties": {"b": {"type": "integer", "description": "A nested one."}},
        }
    }
    files = {
        "s/E/1.0.0.json": schema(properties=flat, required=None, examples=[{"a.b": "x"}]),
        "s/E/2.0.0.json": schema(properties=nested, required=None, examples=[{"a": {"b": 1}}]),
    }
    config = '[registry]\nname = "t"\n[compatibility]\nmode = "NONE"\n'
    page = render_site(load_registry(build(tmp_path / "reg", files, config=config)))
    diff = page["events/s/E.html"].split('id="diff-1.0.0-2.0.0"')[1].split("</section>")[0]
    rows = re.findall(r'<tr class="(\w+)"><td><code>([^<]*)</code>', diff)
    assert sorted(rows) == [("added", "a"), ("added", "a.b"), ("removed", "a.b")]
    assert "2 added, 1 removed, 0 changed" in diff


def test_consumes_entries_lint_refuses_are_shown_not_dropped(tmp_path: Path) -> None:
    """A service still declaring it consumes a deleted event (or a major that does not exist)
    is what a reader of its page most needs to see; the page left those entries out."""
    service = (
        'owner = "t"\ndescription = "d"\nconsumes = ["s/E@1", "s/Gone@1", "s/E@7", "nonsense"]\n'
    )
    reg = build(tmp_path / "reg", {"s/E/1.0.0.json": schema(), "s/service.toml": service})
    out = tmp_path / "site"
    build_catalog(load_registry(reg), out)
    page = (out / "services" / "s.html").read_text(encoding="utf-8")
    assert "s/E@1</a>" in page
    for entry in ("s/Gone@1", "s/E@7", "nonsense"):
        assert entry in page, entry
    assert page.count('<span class="badge deprecated">refused</span>') == 3


def test_a_service_whose_every_consumes_entry_is_refused_is_not_said_to_declare_none(
    tmp_path: Path,
) -> None:
    service = 'owner = "t"\ndescription = "d"\nconsumes = ["s/Gone@1"]\n'
    reg = build(tmp_path / "reg", {"s/E/1.0.0.json": schema(), "s/service.toml": service})
    out = tmp_path / "site"
    build_catalog(load_registry(reg), out)
    page = (out / "services" / "s.html").read_text(encoding="utf-8")
    assert "s/Gone@1" in page
    assert "No declared consumption" not in page
