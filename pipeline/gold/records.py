"""Gold records and the checks every loader shares."""

from dataclasses import dataclass, field


class GoldError(ValueError):
    """Malformed gold: names the file, the line and what is wrong."""


@dataclass(frozen=True, slots=True)
class GoldMention:
    start: int
    stop: int
    type: str
    text: str
    normal: str | None = None
    date_start: str | None = None
    date_end: str | None = None
    entity_id: str | None = None
    #: ``((start, stop), ...)`` when the mention is discontinuous, else ``()``.
    fragments: tuple = ()


@dataclass(frozen=True, slots=True)
class GoldDoc:
    doc_id: str
    text: str
    mentions: tuple
    path: str = ""
    published: str = ""


@dataclass
class GoldReport:
    """What a loader did beyond the kept mentions, so nothing vanishes silently."""

    documents: int = 0
    mentions: int = 0
    #: Mentions of source labels mapped to no type (``Project``, ``MONEY``...).
    dropped_labels: int = 0
    #: Inner mentions set aside by the nesting policy.
    nested_set_aside: int = 0
    #: Exact duplicates (same span, same type) merged.
    duplicates: int = 0
    #: Lines, mentions and documents skipped by the lenient option, the reason for each.
    skipped: list = field(default_factory=list)
    #: Documents among them: their files could not be read at all.
    skipped_documents: int = 0
    #: Quirks of the source that were checked and accepted, one line each.
    warnings: list = field(default_factory=list)

    def as_dict(self):
        return {
            "documents": self.documents,
            "mentions": self.mentions,
            "dropped_labels": self.dropped_labels,
            "nested_set_aside": self.nested_set_aside,
            "duplicates": self.duplicates,
            "skipped": len(self.skipped),
            "skipped_documents": self.skipped_documents,
            "warnings": len(self.warnings),
        }


@dataclass
class GoldSet:
    docs: list
    report: GoldReport
    #: The types this format can label: only these are scored.
    types: frozenset = frozenset()

    def __iter__(self):
        return iter(self.docs)

    def __len__(self):
        return len(self.docs)
