"""The project's own records, passed between stages.

Offsets are half-open character offsets into the decoded text (Python slice
semantics): ``text[start:stop]`` is the record's ``text``. Third-party objects
(razdel, slovnet, yargy, pymorphy3) never leave the stage that adapts them.
"""

from dataclasses import dataclass, field
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class Sentence:
    id: int
    start: int
    stop: int


@dataclass(frozen=True, slots=True)
class Token:
    id: int
    sentence_id: int
    start: int
    stop: int
    text: str
    pos: str = ""
    #: UD features as ``Case=Gen|Number=Sing``, sorted by name ("" when none).
    feats: str = ""
    lemma: str = ""

    @property
    def feats_dict(self):
        """``feats`` as a dict, parsed once per distinct string (shared: do not change it)."""
        return parse_feats(self.feats)


@dataclass(frozen=True, slots=True)
class Span:
    """A typed stretch of text: what NER and the date grammar find."""

    start: int
    stop: int
    type: str
    text: str


@dataclass(frozen=True, slots=True)
class DateValue:
    """ISO 8601 at the precision known: ``2018-04-02``, ``2018-03``, ``2016``."""

    start: str
    end: str


@dataclass(frozen=True, slots=True)
class Name:
    first: str = ""
    middle: str = ""
    last: str = ""


@dataclass(frozen=True, slots=True)
class Mention:
    id: int
    type: str
    start: int
    stop: int
    text: str
    sentence_id: int
    normal: str
    lemma: str
    name: Name = Name()
    date: DateValue | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """One input document: where it came from and its decoded text."""

    doc_id: str
    text: str
    path: str = ""
    encoding: str = ""
    sha256: str = ""
    #: The publication date (ISO), the anchor for dates without a year.
    published: str = ""
    #: Where ``published`` came from: ``meta``, ``--published``, ``gold``, ``api``.
    published_from: str = ""
    #: Why the file could not be read; ``text`` is empty then.
    error: str = ""
    #: How sure the reading of ``encoding`` is, 0-1 (``encoding.py``); None for
    #: a string given as text.
    encoding_sure: float | None = None
    #: A section of a long document (``sections.py``): where ``text`` starts in
    #: the document, which section it is, and of how many.
    offset: int = 0
    section: int = 0
    sections: int = 1


@dataclass(frozen=True, slots=True)
class Result:
    """Everything the pipeline made of one document."""

    source: Source
    sentences: list = field(default_factory=list)
    tokens: list = field(default_factory=list)
    mentions: list = field(default_factory=list)
    error: str = ""
    seconds: float = 0.0
    #: The date that anchored relative and yearless dates (ISO, "" when none),
    #: and where it came from (``published_from``, or ``text`` for a dateline).
    anchor: str = ""
    anchor_source: str = ""
    #: Seconds per stage, in stage order (``benchmarks/profile.py`` reads it).
    stages: dict = field(default_factory=dict)

    @property
    def ok(self):
        return not self.error


@lru_cache(maxsize=10_000)
def parse_feats(feats):
    if not feats:
        return {}
    return dict(item.split("=", 1) for item in feats.split("|"))
