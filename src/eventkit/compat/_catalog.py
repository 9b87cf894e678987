"""The rule catalog: every finding the compatibility engine can report.

A rule's ID is stable. A retired rule keeps its ID in `RETIRED` and the ID is never reused.
docs/rules.md is generated from this module (`python -m eventkit.compat.docs`).
"""

from __future__ import annotations

import reprlib
from enum import StrEnum

from eventkit.compat._frozen import DataclassMeta, FrozenValue, frozen

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: no `typing` at run time (a cold import)
if TYPE_CHECKING:
    pass

__all__ = ["BACKWARD", "BOTH", "FORWARD", "RETIRED", "RULES", "Rule", "Side"]


class Side(StrEnum):
    """Which readers a finding breaks (the text is what reports show)."""

    BACKWARD = "readers of old data"  # a consumer on the new version reads older data
    FORWARD = "old readers of new data"  # a consumer on an old version reads newer data
    BOTH = "either side"


# Module names for the hot paths and for `from eventkit.compat import BACKWARD, FORWARD`.
BACKWARD = Side.BACKWARD
FORWARD = Side.FORWARD
BOTH = Side.BOTH


@frozen
class Rule(FrozenValue):
    """One rule of the catalog (docs/rules.md).

    A frozen dataclass written out (eventkit.compat._frozen says why; tests/compat/
    test_value_classes.py pins each method against `@dataclass(frozen=True)`).
    """

    __dataclass_fields__ = DataclassMeta(init=True)
    __dataclass_params__ = DataclassMeta(init=True)
    __match_args__ = ("id", "category", "purpose", "breaks", "hint", "consequence", "severity")

    id: str
    category: str
    purpose: str
    breaks: str
    hint: str = "Ship it as {next_major}, or revert this change."
    consequence: str = ""
    severity: str = "breaking"  # "breaking", "undecided" or "release"

    def __init__(
        self,
        id: str,
        category: str,
        purpose: str,
        breaks: str,
        hint: str = "Ship it as {next_major}, or revert this change.",
        consequence: str = "",
        severity: str = "breaking",
    ) -> None:
        fields = self.__dict__
        fields["id"] = id
        fields["category"] = category
        fields["purpose"] = purpose
        fields["breaks"] = breaks
        fields["hint"] = hint
        fields["consequence"] = consequence
        fields["severity"] = severity

    def _astuple(self) -> tuple[str, str, str, str, str, str, str]:
        return (
            self.id,
            self.category,
            self.purpose,
            self.breaks,
            self.hint,
            self.consequence,
            self.severity,
        )

    @reprlib.recursive_repr()
    def __repr__(self) -> str:
        return (
            f"{type(self).__qualname__}(id={self.id!r}, category={self.category!r}, "
            f"purpose={self.purpose!r}, breaks={self.breaks!r}, hint={self.hint!r}, "
            f"consequence={self.consequence!r}, severity={self.severity!r})"
        )

    def consequence_text(self, side: str, old: str, new: str) -> str:
        if self.consequence:
            return self.consequence.format(old=old, new=new)
        if side == BACKWARD:
            return f"consumers on {new} will reject events that producers on {old} still publish"
        return f"consumers on {old} will reject events that producers on {new} publish"


_UNDECIDED_HINT = (
    "eventkit cannot decide this change; check it by hand, then record a suppression with the "
    "reason in eventkit.toml or ship it as {next_major}."
)

_RULES = [
    # -- types --------------------------------------------------------------------------------
    Rule(
        "TYPE_NARROWED",
        "TYPE",
        "Checks that a value does not lose a JSON type it accepted (e.g. number -> integer).",
        BACKWARD,
        "Ship it as {next_major} or keep accepting the old type.",
    ),
    Rule(
        "TYPE_WIDENED",
        "TYPE",
        "Checks that a value does not gain a JSON type old readers reject (e.g. integer -> number).",
        FORWARD,
        "Ship it as {next_major} or keep the old type.",
    ),
    Rule(
        "NULLABLE_REMOVED",
        "TYPE",
        "Checks that a value which could be null still accepts null.",
        BACKWARD,
        "Ship it as {next_major} or keep `null` in the type.",
    ),
    Rule(
        "NULLABLE_ADDED",
        "TYPE",
        "Checks that a value old readers expect non-null does not become nullable.",
        FORWARD,
        "Ship it as {next_major}, or make the property optional instead of nullable.",
    ),
    # -- enums and const ----------------------------------------------------------------------
    Rule(
        "ENUM_VALUE_REMOVED",
        "ENUM",
        "Checks that no allowed value (enum or const) is dropped.",
        BACKWARD,
        "Ship it as {next_major} or keep the value.",
    ),
    Rule(
        "ENUM_VALUE_ADDED",
        "ENUM",
        "Checks that no value is added to an enum (or const) old readers validate against.",
        FORWARD,
        "Ship it as {next_major}; consumers on {old} cannot receive a value they do not know.",
        "consumers on {old} do not know the value and will reject the event",
    ),
    Rule(
        "ENUM_ADDED",
        "ENUM",
        "Checks that a free value is not restricted to a fixed list (enum or const).",
        BACKWARD,
    ),
    Rule(
        "ENUM_REMOVED",
        "ENUM",
        "Checks that a value restricted to a fixed list does not become free.",
        FORWARD,
        "Ship it as {next_major} or keep the list of values.",
    ),
    # -- strings ------------------------------------------------------------------------------
    Rule(
        "MIN_LENGTH_INCREASED",
        "STRING",
        "Checks that a string's minLength does not grow (or appear).",
        BACKWARD,
    ),
    Rule(
        "MIN_LENGTH_DECREASED",
        "STRING",
        "Checks that a string's minLength does not shrink (or disappear).",
        FORWARD,
    ),
    Rule(
        "MAX_LENGTH_DECREASED",
        "STRING",
        "Checks that a string's maxLength does not shrink (or appear).",
        BACKWARD,
    ),
    Rule(
        "MAX_LENGTH_INCREASED",
        "STRING",
        "Checks that a string's maxLength does not grow (or disappear).",
        FORWARD,
    ),
    Rule(
        "PATTERN_NARROWED",
        "STRING",
        "Checks that a pattern added or changed still matches every string accepted before.",
        BACKWARD,
    ),
    Rule(
        "PATTERN_WIDENED",
        "STRING",
        "Checks that a pattern removed or changed does not let through strings old readers reject.",
        FORWARD,
    ),
    Rule(
        "FORMAT_NARROWED",
        "STRING",
        "Checks that a format added or changed still accepts every string accepted before.",
        BACKWARD,
    ),
    Rule(
        "FORMAT_WIDENED",
        "STRING",
        "Checks that a format removed or changed does not let through strings old readers reject.",
        FORWARD,
    ),
    # -- numbers ------------------------------------------------------------------------------
    Rule(
        "MINIMUM_INCREASED",
        "NUMBER",
        "Checks that a number's lower bound does not rise (or appear).",
        BACKWARD,
    ),
    Rule(
        "MINIMUM_DECREASED",
        "NUMBER",
        "Checks that a number's lower bound does not fall (or disappear).",
        FORWARD,
    ),
    Rule(
        "MAXIMUM_DECREASED",
        "NUMBER",
        "Checks that a number's upper bound does not fall (or appear).",
        BACKWARD,
    ),
    Rule(
        "MAXIMUM_INCREASED",
        "NUMBER",
        "Checks that a number's upper bound does not rise (or disappear).",
        FORWARD,
    ),
    Rule(
        "MULTIPLE_OF_NARROWED",
        "NUMBER",
        "Checks that a multipleOf added or changed divides every number accepted before.",
        BACKWARD,
    ),
    Rule(
        "MULTIPLE_OF_WIDENED",
        "NUMBER",
        "Checks that a multipleOf removed or changed does not let through numbers old readers reject.",
        FORWARD,
    ),
    # -- objects ------------------------------------------------------------------------------
    Rule(
        "REQUIRED_PROPERTY_ADDED",
        "OBJECT",
        "Checks that no new property is required.",
        BACKWARD,
        "Ship it as {next_major} or add the property as optional.",
        "consumers on {new} will reject events from producers on {old}, which do not send it",
    ),
    Rule(
        "PROPERTY_MADE_REQUIRED",
        "OBJECT",
        "Checks that an optional property is not made required.",
        BACKWARD,
        "Ship it as {next_major} or keep the property optional.",
        "consumers on {new} will reject events from producers on {old} that leave it out",
    ),
    Rule(
        "PROPERTY_REMOVED",
        "OBJECT",
        "Checks that a property old readers require is not removed.",
        FORWARD,
        "Ship it as {next_major} or keep the property.",
        "consumers on {old} that read it will fail",
    ),
    Rule(
        "PROPERTY_MADE_OPTIONAL",
        "OBJECT",
        "Checks that a property old readers require is not made optional.",
        FORWARD,
        "Ship it as {next_major} or keep the property required.",
        "consumers on {old} require it and will reject events that leave it out",
    ),
    Rule(
        "CLOSED_MODEL_PROPERTY_REMOVED",
        "OBJECT",
        "Checks that a property is not removed from an object that forbids undeclared properties.",
        BACKWARD,
        "Ship it as {next_major}, keep the property, or allow additional properties.",
    ),
    Rule(
        "CLOSED_MODEL_PROPERTY_ADDED",
        "OBJECT",
        "Checks that no property is added where old readers forbid undeclared properties (additionalProperties: false).",
        FORWARD,
        "Ship it as {next_major}; consumers on {old} forbid properties they do not declare.",
    ),
    Rule(
        "CONTENT_MODEL_CLOSED",
        "OBJECT",
        "Checks that an object open to undeclared properties is not closed (additionalProperties: false).",
        BACKWARD,
    ),
    Rule(
        "CONTENT_MODEL_OPENED",
        "OBJECT",
        "Checks that an object old readers keep closed is not opened to undeclared properties.",
        FORWARD,
    ),
    Rule(
        "OPEN_MODEL_PROPERTY_ADDED",
        "OBJECT",
        "Checks that a property added to an open object accepts anything old writers could have sent under that name (STRICT policy).",
        BACKWARD,
        "Under STRICT, an open object could already carry this name with any value: close the object, use the LENIENT policy for eventkit-produced events, or ship it as {next_major}.",
    ),
    Rule(
        "OPEN_MODEL_PROPERTY_REMOVED",
        "OBJECT",
        "Checks that a property removed from an open object does not let through values old readers reject (STRICT policy).",
        FORWARD,
        "Under STRICT, writers of an open object may now send this name with any value: keep the property, use the LENIENT policy, or ship it as {next_major}.",
    ),
    Rule(
        "MIN_PROPERTIES_INCREASED",
        "OBJECT",
        "Checks that minProperties does not grow (or appear).",
        BACKWARD,
    ),
    Rule(
        "MIN_PROPERTIES_DECREASED",
        "OBJECT",
        "Checks that minProperties does not shrink (or disappear).",
        FORWARD,
    ),
    Rule(
        "MAX_PROPERTIES_DECREASED",
        "OBJECT",
        "Checks that maxProperties does not shrink (or appear).",
        BACKWARD,
    ),
    Rule(
        "MAX_PROPERTIES_INCREASED",
        "OBJECT",
        "Checks that maxProperties does not grow (or disappear).",
        FORWARD,
    ),
    Rule(
        "DEPENDENT_REQUIRED_ADDED",
        "OBJECT",
        "Checks that no new 'if A is present, B is required' dependency appears.",
        BACKWARD,
    ),
    Rule(
        "DEPENDENT_REQUIRED_REMOVED",
        "OBJECT",
        "Checks that a dependency old readers enforce is not dropped.",
        FORWARD,
    ),
    Rule(
        "DEPENDENT_SCHEMA_NARROWED",
        "OBJECT",
        "Checks that a dependentSchemas entry added or changed accepts every object accepted before.",
        BACKWARD,
    ),
    Rule(
        "DEPENDENT_SCHEMA_WIDENED",
        "OBJECT",
        "Checks that a dependentSchemas entry removed or changed does not let through objects old readers reject.",
        FORWARD,
    ),
    Rule(
        "PROPERTY_NAMES_NARROWED",
        "OBJECT",
        "Checks that propertyNames added or changed accepts every name accepted before.",
        BACKWARD,
    ),
    Rule(
        "PROPERTY_NAMES_WIDENED",
        "OBJECT",
        "Checks that propertyNames removed or changed does not let through names old readers reject.",
        FORWARD,
    ),
    # -- arrays -------------------------------------------------------------------------------
    Rule(
        "MIN_ITEMS_INCREASED", "ARRAY", "Checks that minItems does not grow (or appear).", BACKWARD
    ),
    Rule(
        "MIN_ITEMS_DECREASED",
        "ARRAY",
        "Checks that minItems does not shrink (or disappear).",
        FORWARD,
    ),
    Rule(
        "MAX_ITEMS_DECREASED",
        "ARRAY",
        "Checks that maxItems does not shrink (or appear).",
        BACKWARD,
    ),
    Rule(
        "MAX_ITEMS_INCREASED",
        "ARRAY",
        "Checks that maxItems does not grow (or disappear).",
        FORWARD,
    ),
    Rule("UNIQUE_ITEMS_ADDED", "ARRAY", "Checks that uniqueItems is not switched on.", BACKWARD),
    Rule("UNIQUE_ITEMS_REMOVED", "ARRAY", "Checks that uniqueItems is not switched off.", FORWARD),
    Rule(
        "TUPLE_NARROWED",
        "ARRAY",
        "Checks that an array position accepted before (prefixItems/items) is still accepted.",
        BACKWARD,
    ),
    Rule(
        "TUPLE_WIDENED",
        "ARRAY",
        "Checks that no array position old readers forbid becomes allowed.",
        FORWARD,
    ),
    Rule(
        "CONTAINS_NARROWED",
        "ARRAY",
        "Checks that a contains added or changed accepts every array accepted before (items that guarantee a match, such as required prefixItems, count).",
        BACKWARD,
    ),
    Rule(
        "CONTAINS_WIDENED",
        "ARRAY",
        "Checks that a contains removed or changed does not let through arrays old readers reject.",
        FORWARD,
    ),
    Rule(
        "MIN_CONTAINS_INCREASED",
        "ARRAY",
        "Checks that minContains does not grow for the same contains schema (arrays with fewer matching items were accepted before).",
        BACKWARD,
    ),
    Rule(
        "MIN_CONTAINS_DECREASED",
        "ARRAY",
        "Checks that minContains does not shrink for the same contains schema.",
        FORWARD,
    ),
    Rule(
        "MAX_CONTAINS_DECREASED",
        "ARRAY",
        "Checks that maxContains does not shrink (or appear) for the same contains schema.",
        BACKWARD,
    ),
    Rule(
        "MAX_CONTAINS_INCREASED",
        "ARRAY",
        "Checks that maxContains does not grow (or disappear) for the same contains schema.",
        FORWARD,
    ),
    # -- composition --------------------------------------------------------------------------
    Rule(
        "UNION_NARROWED",
        "COMPOSITION",
        "Checks that every value accepted before still matches some anyOf/oneOf alternative (alternatives count together: ranges, lengths or counts that split a domain cover it).",
        BACKWARD,
    ),
    Rule(
        "UNION_WIDENED",
        "COMPOSITION",
        "Checks that no anyOf/oneOf alternative is added that old readers reject.",
        FORWARD,
    ),
    Rule(
        "ONE_OF_AMBIGUOUS",
        "COMPOSITION",
        "Checks that a value does not match two oneOf alternatives of the reader (oneOf then rejects it); alternatives are exclusive by type, const, a required or forbidden name, or disjoint ranges.",
        BOTH,
        "Make the oneOf alternatives exclusive (e.g. a `const` discriminator), or use anyOf.",
    ),
    Rule(
        "NOT_EXTENDED",
        "COMPOSITION",
        "Checks that a `not` does not start excluding values accepted before (a `not` is read through its exact negation: De Morgan over allOf/anyOf/oneOf, the other types, the opposite bound).",
        BACKWARD,
    ),
    Rule(
        "NOT_REDUCED",
        "COMPOSITION",
        "Checks that a `not` old readers apply is not relaxed.",
        FORWARD,
    ),
    Rule(
        "CONDITIONAL_NARROWED",
        "COMPOSITION",
        "Checks that if/then/else added or changed accepts every value accepted before.",
        BACKWARD,
    ),
    Rule(
        "CONDITIONAL_WIDENED",
        "COMPOSITION",
        "Checks that if/then/else removed or changed does not let through values old readers reject.",
        FORWARD,
    ),
    Rule(
        "VALUE_REJECTED",
        "GENERAL",
        "Checks that every value the writer's schema accepts is accepted by the reader's (fallback when no narrower rule fits).",
        BOTH,
    ),
    # -- undecided ----------------------------------------------------------------------------
    Rule(
        "UNDECIDED_PATTERN",
        "UNDECIDED",
        "Reports a pattern change the engine can neither prove safe nor refute with an example: look-around, back-references, `\\b`, `\\p{...}`, or an automaton past its size caps.",
        BOTH,
        _UNDECIDED_HINT,
        severity="undecided",
    ),
    Rule(
        "UNDECIDED_FORMAT",
        "UNDECIDED",
        "Reports a format change the engine can neither prove safe nor refute with an example.",
        BOTH,
        _UNDECIDED_HINT,
        severity="undecided",
    ),
    Rule(
        "UNDECIDED_COMPOSITION",
        "UNDECIDED",
        "Reports anyOf/oneOf/not/if changes the engine can neither prove safe nor refute with an example.",
        BOTH,
        _UNDECIDED_HINT,
        severity="undecided",
    ),
    Rule(
        "UNDECIDED_RECURSION",
        "UNDECIDED",
        'Reports a `$ref` cycle that consumes none of the value (e.g. `anyOf: [{"$ref": "#"}]` at the same level): JSON Schema leaves its meaning undefined, so the engine proves nothing through it.',
        BOTH,
        _UNDECIDED_HINT,
        severity="undecided",
    ),
    Rule(
        "UNDECIDED_CONSTRAINT",
        "UNDECIDED",
        "Reports any other change the engine can neither prove safe nor refute with an example.",
        BOTH,
        _UNDECIDED_HINT,
        severity="undecided",
    ),
    # -- releases (eventkit check --against) --------------------------------------------------
    Rule(
        "VERSION_EDITED",
        "RELEASE",
        "Checks that a released version file (present at the --against ref) is not edited.",
        BOTH,
        "Released versions are immutable: revert the edit and publish the change as a new version.",
        "producers and consumers built from the released file disagree with the registry",
        "release",
    ),
    Rule(
        "VERSION_DELETED",
        "RELEASE",
        "Checks that a released version file (present at the --against ref) is not deleted.",
        BOTH,
        "Released versions are immutable: restore the file; deprecate the event in event.toml instead.",
        "consumers and producers pinned to it lose their contract",
        "release",
    ),
    Rule(
        "RELEASED_MEANING_CHANGED",
        "RELEASE",
        "Checks that every released version (present at the --against ref) still accepts exactly "
        "the same data once its `$ref`s into `_shared/` are resolved: a shared file must not "
        "change what a released version means.",
        BOTH,
        "Released versions are immutable in what they mean: revert the shared file, or give new "
        "versions a new shared file or $defs entry.",
        "producers and consumers built from those released versions no longer agree with the "
        "registry on what is valid",
        "release",
    ),
    Rule(
        "COMPATIBILITY_WEAKENED",
        "RELEASE",
        "Checks that the settings the gate applies to an event with a released major (present at "
        "the --against ref) protect no fewer readers than there: its compatibility mode keeps "
        "every side it checked (BACKWARD, FORWARD) and stays transitive if it was, its policy "
        "stays STRICT if it was, and `[compatibility] format` stays `assertion` if it was. "
        "Strengthening is fine.",
        BOTH,
        "Restore the setting, or record a suppression with the reason in eventkit.toml; a "
        "breaking change ships as a new major version.",
        "a change that breaks consumers of the released major(s) can now pass the gate, even in "
        "the same pull request",
        "release",
    ),
    Rule(
        "ROUTING_IDENTITY_CHANGED",
        "RELEASE",
        "Checks that an event with a released major (present at the --against ref) keeps its "
        "`source` and `detail_type` (event.toml, service.toml, `[registry] source_prefix`): "
        "consumers' EventBridge rules match on them.",
        "consumers' EventBridge rules",
        "Restore the old value; to rename the event, add a new event type and deprecate this "
        "one, or record a suppression with the reason once every consumer's rule matches the "
        "new value.",
        "consumers' EventBridge rules that match the old value stop receiving the event",
        "release",
    ),
    Rule(
        "EVENT_BUS_CHANGED",
        "RELEASE",
        "Checks that a native event with a released major (present at the --against ref) is "
        "still sent on the same event bus (`[registry] event_bus`): consumers' EventBridge "
        "rules live on a bus. Foreign events are not sent by eventkit: AWS delivers them "
        "whatever the setting.",
        "consumers' EventBridge rules",
        "Restore the old bus; to move, create the consumers' rules on the new bus first, then "
        "record a suppression with the reason.",
        "consumers' EventBridge rules on the old bus stop receiving the event",
        "release",
    ),
    # -- declared consumers (service.toml `consumes`; eventkit.consumers.check) ---------------
    Rule(
        "CONSUMED_EVENT_DEPRECATED",
        "CONSUMERS",
        "Checks that an event is not deprecated while services still declare they consume it.",
        "its declared consumers",
        "Move the consumers to the replacement and drop their `consumes` entries, or record a "
        "suppression with the reason.",
        "services still declare they consume it",
    ),
    Rule(
        "CONSUMED_EVENT_DELETED",
        "CONSUMERS",
        "Checks that no event type or major is deleted while a service declares it consumes it.",
        "its declared consumers",
        "Restore it (deprecate it in event.toml instead), or move the consumer first.",
        "a service declares it consumes it",
    ),
]

RULES: dict[str, Rule] = {r.id: r for r in _RULES}

# Retired rule IDs -> why; an ID listed here is never reused.
RETIRED: dict[str, str] = {}
