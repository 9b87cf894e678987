"""`eventkit check` / `eventkit compat` output: text, json, github, junit, sarif.

Example:
    ```python
    from eventkit.compat import check_registry
    from eventkit.compat.render import render
    from eventkit.registry import load_registry

    print(render(check_registry(load_registry("schemas")), "sarif"))
    ```
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from eventkit import __version__
from eventkit.compat._catalog import RULES
from eventkit.compat._registry_findings import CheckReport, RegistryFinding
from eventkit.error_base import EventkitError
from eventkit.visible_text import visible, visible_lines
from eventkit.work_tree import git_top

__all__ = ["FORMATS", "github_notice", "render", "render_error"]

FORMATS = ("text", "json", "github", "junit", "sarif")
_SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def render(report: CheckReport, fmt: str, *, title: str = "eventkit check") -> str:
    """`report` as text in format `fmt` (one of `FORMATS`), under `title`."""
    return {"text": _text, "json": _json, "github": _github, "junit": _junit, "sarif": _sarif}[fmt](
        report, title
    )


def render_error(error: EventkitError, fmt: str, *, title: str = "eventkit check") -> str | None:
    """What a machine-readable format prints when the check could not run (exit 2): a
    document its reader can still parse, saying why (a JSON error object, a SARIF run whose
    invocation failed, a JUnit error, a GitHub error annotation). None for text, whose reader
    is a person: the message goes to stderr alone."""
    if fmt == "text":
        return None
    if fmt == "json":
        failed = {"code": error.code, "message": error.message, "hint": error.hint}
        return json.dumps({"ok": False, "error": failed}, indent=2, ensure_ascii=False)
    said = error.message + (f" (hint: {error.hint})" if error.hint else "")
    if fmt == "github":
        return f"::error title={_gh_escape(title, prop=True)}::{_gh_escape(said)}"
    if fmt == "junit":
        from xml.sax.saxutils import escape, quoteattr

        message = quoteattr(_xml_safe(error.message))
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<testsuites name={quoteattr(title)} tests="1" errors="1">\n'
            f'  <testsuite name={quoteattr(title)} tests="1" errors="1">\n'
            f'    <testcase classname="eventkit" name={quoteattr(title)}>\n'
            f"      <error type={quoteattr(error.code)} message={message}>"
            f"{escape(_xml_safe(said))}</error>\n"
            "    </testcase>\n  </testsuite>\n</testsuites>"
        )
    notification = {"level": "error", "message": {"text": said}, "descriptor": {"id": error.code}}
    run = {
        "tool": {"driver": {"name": "eventkit", "version": __version__, "rules": []}},
        "invocations": [
            {
                "executionSuccessful": False,
                "exitCode": error.exit_code,
                "toolExecutionNotifications": [notification],
            }
        ],
        "results": [],
    }
    doc = {"$schema": _SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, indent=2, ensure_ascii=False)


def _where(item: RegistryFinding) -> str:
    path = _display_path(item.file)
    return f"{path}:{item.line}" if item.line else path


def _display_path(path: str) -> str:
    try:
        rel = os.path.relpath(path, Path.cwd())
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


def _repo_path(path: str) -> str:
    """`path` as GitHub annotations and code scanning read it: relative to the top of its git
    work tree, which a workflow step's `working-directory` (a monorepo's service folder) need
    not be; outside a work tree, as `_display_path` shows it."""
    absolute = Path(os.path.normpath(Path(path).absolute()))
    top = git_top(absolute.parent)
    return absolute.relative_to(top).as_posix() if top else _display_path(path)


def _summary(report: CheckReport, title: str) -> str:
    c = report.counts()
    parts = [f"{c['breaking']} breaking", f"{c['undecided']} undecided"]
    if c["release"] or report.against:
        parts.append(f"{c['release']} released-version change(s)")
    scope = (
        f"{c['events']} event type(s), {c['versions']} version(s), {c['comparisons']} comparison(s)"
    )
    against = f" against {report.against}" if report.against else ""
    verdict = "OK" if report.ok else "FAILED"
    line = f"{title}: {verdict} - {', '.join(parts)}"
    if report.root:  # a registry, not two files
        line += f" in {scope}{against}"
    if c["suppressed"]:
        line += f"; {c['suppressed']} suppressed"
    return line


def _text(report: CheckReport, title: str) -> str:
    # One line per finding, whatever the property names and reasons it quotes hold (`visible`)
    lines = []
    for item in report.findings:
        label = "undecided" if item.severity == "undecided" else "error"
        lines.append(f"{_where(item)}: {label}: {item.message}")
    for item in report.suppressed:
        reason = item.suppressed_by.reason if item.suppressed_by else ""
        lines.append(
            f"{_where(item)}: suppressed: {item.event} {item.version} {item.rule_id} (reason: {reason})"
        )
    for s in report.unused_suppressions:
        lines.append(
            f"note: suppression for {s.event} {s.rule}{' ' + s.version if s.version else ''} matched nothing; remove it"
        )
    lines = [visible(line) for line in lines]
    lines.append(_summary(report, title))
    return "\n".join(lines)


def _json(report: CheckReport, title: str) -> str:
    data: dict[str, Any] = {
        "ok": report.ok,
        "summary": report.counts(),
        "against": report.against,
        "findings": [f.to_dict() for f in report.findings],
        "suppressed": [f.to_dict() for f in report.suppressed],
        "unused_suppressions": [vars(s) for s in report.unused_suppressions],
    }
    return json.dumps(data, indent=2, ensure_ascii=False, default=str)


def _gh_escape(text: str, *, prop: bool = False) -> str:
    # control characters as visible escapes first (an escape sequence in a property name
    # would reach the log and the terminal as it is); line breaks stay, escaped for GitHub
    text = visible_lines(text)
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def github_notice(message: str, *, title: str) -> str:
    """A `::notice` workflow command carrying `message`, escaped as GitHub unescapes it (a
    path or ref with `%` or a line break in a note must not turn into other text)."""
    return f"::notice title={_gh_escape(title, prop=True)}::{_gh_escape(message)}"


def _github(report: CheckReport, title: str) -> str:
    lines = []
    for item in [*report.findings, *report.suppressed]:
        level = "notice" if item.suppressed_by else "error"
        props = f"file={_gh_escape(_repo_path(item.file), prop=True)}"
        if item.line:
            props += f",line={item.line}"
        props += f",title={_gh_escape(item.rule_id, prop=True)}"
        message = (
            item.message
            if not item.suppressed_by
            else f"suppressed ({item.suppressed_by.reason}): {item.message}"
        )
        lines.append(f"::{level} {props}::{_gh_escape(message)}")
    lines.append(_summary(report, title))
    return "\n".join(lines)


# What XML 1.0 cannot carry, not even as a character reference: C0 controls other than tab,
# LF and CR, surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    """`text` with every character XML 1.0 forbids written as a visible `\\uXXXX` escape."""
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _junit(report: CheckReport, title: str) -> str:
    from xml.sax.saxutils import escape as _escape  # only here: it imports urllib, http, ssl
    from xml.sax.saxutils import quoteattr as _quoteattr

    def escape(text: str) -> str:
        return _escape(_xml_safe(text), {"\r": "&#13;"})

    def quoteattr(text: str) -> str:
        return _quoteattr(_xml_safe(text))

    cases = []
    for item in report.findings:
        name = quoteattr(f"{item.event} {item.version} {item.rule_id} {item.pointer or '/'}")
        body = escape(f"{_where(item)}: {item.message}")
        cases.append(
            f"    <testcase classname={quoteattr(item.event or 'compat')} name={name}>\n      <failure type={quoteattr(item.rule_id)} message={quoteattr(item.message)}>{body}</failure>\n    </testcase>"
        )
    for item in report.suppressed:
        name = quoteattr(f"{item.event} {item.version} {item.rule_id} {item.pointer or '/'}")
        reason = item.suppressed_by.reason if item.suppressed_by else ""
        cases.append(
            f"    <testcase classname={quoteattr(item.event)} name={name}>\n      <skipped message={quoteattr('suppressed: ' + reason)}/>\n    </testcase>"
        )
    if not cases:
        cases.append(
            f'    <testcase classname="eventkit" name={quoteattr(_summary(report, title))}/>'
        )
    failures = len(report.findings)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<testsuites name={quoteattr(title)} tests="{len(cases)}" failures="{failures}">\n'
        f'  <testsuite name={quoteattr(title)} tests="{len(cases)}" failures="{failures}" skipped="{len(report.suppressed)}">\n'
        + "\n".join(cases)
        + "\n  </testsuite>\n</testsuites>"
    )


def _uri(path: str) -> str:
    """The SARIF `artifactLocation.uri` of `path`: relative to the top of its git work tree
    (as code scanning resolves it), else to the working directory when it is inside it, else a
    `file:` URI; percent-encoded either way (a space or `#` in a path)."""
    from urllib.parse import quote

    shown = Path(_repo_path(path))
    if shown.is_absolute():
        return shown.as_uri()
    return quote(shown.as_posix(), safe="/")


def _sarif(report: CheckReport, title: str) -> str:
    used = sorted({f.rule_id for f in (*report.findings, *report.suppressed)})
    rules = [
        {
            "id": rid,
            "name": rid,
            "shortDescription": {"text": RULES[rid].purpose},
            "properties": {"category": RULES[rid].category, "breaks": RULES[rid].breaks},
        }
        for rid in used
    ]
    results = []
    for item in [*report.findings, *report.suppressed]:
        location: dict[str, Any] = {"artifactLocation": {"uri": _uri(item.file)}}
        if item.line:
            location["region"] = {"startLine": item.line}
        result: dict[str, Any] = {
            "ruleId": item.rule_id,
            "level": "warning" if item.severity == "undecided" else "error",
            "message": {"text": item.message},
            "locations": [{"physicalLocation": location}],
        }
        if item.suppressed_by:
            result["suppressions"] = [
                {"kind": "external", "justification": item.suppressed_by.reason}
            ]
        results.append(result)
    doc = {
        "$schema": _SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "eventkit", "version": __version__, "rules": rules}},
                "results": results,
            }
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False)
