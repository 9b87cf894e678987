"""The safe-name normaliser."""

from __future__ import annotations

import keyword
import unicodedata

import pydantic
import pytest
from eventkit_codegen._naming import (
    MAX_IDENTIFIER,
    MODEL_ATTRIBUTES,
    class_identifier,
    field_alias_map,
    field_identifier,
    safe_comment,
)

from eventkit.contract import Event, ForeignEvent


def test_every_model_attribute_a_field_could_shadow_is_reserved() -> None:
    public = set(dir(pydantic.BaseModel)) | set(dir(Event)) | set(dir(ForeignEvent))
    clashing = {n for n in public if not n.startswith(("_", "model_"))}
    assert clashing <= MODEL_ATTRIBUTES, clashing - MODEL_ATTRIBUTES
    for name in clashing:
        assert field_identifier(name) != name


@pytest.mark.parametrize(
    ("name", "ident"),
    [
        ("orderId", "order_id"),
        ("order_id", "order_id"),
        ("class", "class_"),
        ("__init__", "init"),
        ("model_config", "f_model_config"),
        ("1st", "f_1st"),
        ("", "empty"),
        ("café", "cafe"),
        ("ﬁle", "file"),
        ("foo-bar", "foo_bar"),
        ("self", "self_"),
        ("publish", "publish_"),
        ("str", "str_"),
        ("date", "date_"),
        ("HTTPStatus", "http_status"),
    ],
)
def test_field_identifier(name: str, ident: str) -> None:
    assert field_identifier(name) == ident


def test_identifiers_are_ascii_short_and_never_keywords() -> None:
    for name in ["x" * 300, "日本語", "a\nb", 'q"uote', "\\", "$ref", "none", "match", "_"]:
        ident = field_identifier(name)
        assert ident.isascii()
        assert ident.isidentifier()
        assert not keyword.iskeyword(ident)
        assert not keyword.issoftkeyword(ident)
        assert len(ident) <= MAX_IDENTIFIER
        assert not ident.startswith("_")


def test_alias_map_is_injective_and_stable() -> None:
    nfc = unicodedata.normalize("NFC", "café")
    nfd = unicodedata.normalize("NFD", "café")
    names = ["foo_bar", "foo-bar", "Foo_Bar", nfc, nfd, "cafe", "ﬁle", "file", "class", "__class__"]
    mapping = field_alias_map(names)
    final = {n: mapping.get(n, n) for n in names}
    assert len(set(final.values())) == len(names)
    assert final["foo_bar"] == "foo_bar"  # a clean identifier keeps its name
    assert final["cafe"] == "cafe"
    assert final["file"] == "file"
    assert final["class"] == "class_"  # a keyword only gets its "_"
    assert field_alias_map(reversed(names)) == mapping  # order-independent


def test_class_identifier_and_comments() -> None:
    assert class_identifier("order-placed") == "OrderPlaced"
    assert class_identifier("EC2InstanceStateChangeNotification") == (
        "EC2InstanceStateChangeNotification"
    )
    assert class_identifier("1x") == "M1x"
    assert safe_comment("a\nb\u2028c") == "a\\u000ab\\u2028c"
