"""The pattern syntax moved to ``dialogue.patterns`` (next to the schema that validates it); these names
stay importable from here because scoring's matcher and compiler use them."""

from dialogue.patterns import (
    CLASSES,
    MAX_GAP,
    POS_TAGS,
    Atom,
    Element,
    PatternSyntaxError,
    Sequence,
    lexicon_refs,
    parse_pattern,
)

__all__ = [
    "CLASSES",
    "MAX_GAP",
    "POS_TAGS",
    "Atom",
    "Element",
    "PatternSyntaxError",
    "Sequence",
    "lexicon_refs",
    "parse_pattern",
]
