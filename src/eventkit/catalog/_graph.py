"""The producer -> event -> consumer graph as an SVG, laid out at build time in three layers
(no script, no network). Every label is escaped here; nothing from a schema is trusted."""

from __future__ import annotations

from markupsafe import Markup, escape

from eventkit.catalog._view import CatalogView

__all__ = ["graph_svg"]

_ROW = 26
_COLUMN = (20, 330, 700)
_WIDTH = (230, 290, 230)
_TOP = 40


def _node(x: int, y: int, width: int, label: str, href: str, css: str, kind: str) -> str:
    text = label if len(label) <= 40 else label[:37] + "..."
    # named in full (the box may show it shortened) and said what it is, for screen readers
    return (
        f'<a href="{escape(href)}" aria-label="{escape(f"{kind} {label}")}">'
        f'<g class="node {css}">'
        f'<rect x="{x}" y="{y}" width="{width}" height="{_ROW - 6}" rx="4"/>'
        f'<text x="{x + 8}" y="{y + 14}">{escape(text)}</text>'
        f"<title>{escape(label)}</title></g></a>"
    )


def _edge(x1: int, y1: int, x2: int, y2: int, css: str, label: str = "") -> str:
    mid = (x1 + x2) // 2
    path = f'<path class="edge {css}" d="M{x1},{y1} C{mid},{y1} {mid},{y2} {x2},{y2}"/>'
    if label:  # at the consumer's end, where edges from different events do not meet
        path += (  # the link to the consumer already says it: not read out on its own
            f'<text class="edge-label" x="{x2 - 24}" y="{y2 + 4}" aria-hidden="true">'
            f"{escape(label)}</text>"
        )
    return path


def graph_svg(view: CatalogView, root: str) -> Markup:
    """The whole registry's graph; `root` prefixes every link (relative or --base-url)."""
    producers = sorted({p for e in view.events for p in e.producers})
    consumers = sorted({c for e in view.events for m in e.majors for c in m.consumers})
    services = {s.service.name for s in view.services}
    rows = max(len(producers), len(view.events), len(consumers), 1)
    height = _TOP + rows * _ROW + 20
    width = _COLUMN[2] + _WIDTH[2] + 20
    y_producer = {name: _TOP + i * _ROW for i, name in enumerate(producers)}
    y_event = {e.event.key: _TOP + i * _ROW for i, e in enumerate(view.events)}
    y_consumer = {name: _TOP + i * _ROW for i, name in enumerate(consumers)}
    half = (_ROW - 6) // 2
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="graph" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="group" '
        'aria-label="producers, events and consumers">',
        f'<text class="heading" x="{_COLUMN[0]}" y="20">producers</text>',
        f'<text class="heading" x="{_COLUMN[1]}" y="20">events</text>',
        f'<text class="heading" x="{_COLUMN[2]}" y="20">consumers (major)</text>',
    ]
    for e in view.events:
        y = y_event[e.event.key] + half
        for p in e.producers:
            parts.append(
                _edge(_COLUMN[0] + _WIDTH[0], y_producer[p] + half, _COLUMN[1], y, "produces")
            )
        for m in e.majors:
            for c in m.consumers:
                parts.append(
                    _edge(
                        _COLUMN[1] + _WIDTH[1],
                        y,
                        _COLUMN[2],
                        y_consumer[c] + half,
                        "consumes",
                        f"@{m.major}",
                    )
                )
    for name, y in y_producer.items():
        href = f"{root}services/{name}.html" if name in services else f"{root}index.html"
        parts.append(_node(_COLUMN[0], y, _WIDTH[0], name, href, "producer", "service"))
    for e in view.events:
        css = "event deprecated" if e.event.deprecated else "event"
        parts.append(
            _node(
                _COLUMN[1], y_event[e.event.key], _WIDTH[1], e.event.key, root + e.url, css, "event"
            )
        )
    for name, y in y_consumer.items():
        parts.append(
            _node(
                _COLUMN[2], y, _WIDTH[2], name, f"{root}services/{name}.html", "consumer", "service"
            )
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # every interpolated string above went through escape()
