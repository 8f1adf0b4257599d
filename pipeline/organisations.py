"""ORG spans as the guide draws them, repaired after the NER model.

- **An acronym in brackets is a mention of its own** (``Международной
  организации по миграции (МОМ)``: the model puts the bracket inside the ORG).
- **A body and the place that completes its name are one ORG**: an ORG that
  names a body (it holds a common noun, ``Верховный суд``, or is an acronym,
  ``МИД``) followed by a place in the genitive is one name (``Верховный суд
  Пакистана``, ``МИД России``, ``Конгресса США``), which the model splits into
  ORG + LOC; an embassy, consulate or mission with ``в`` and its place too
  (``Посольство России в Нидерландах``).
- **Type policy** (``corpus/GUIDELINES.md``): the European Union, NATO and the
  UN are organisations, and so are the Kremlin and the White House when they
  name who decides; the model often calls them places.
"""

import re

from .const import LOC, NAME_GRAMMEMES, ORG
from .records import Span

BRACKETED = re.compile(r"^(?P<outer>.*?\S)\s*\((?P<inner>[^()]+)\)$")
#: Always ORG, by the lemmas of the whole mention (the guide's type policy).
ORGANISATIONS = {
    ("ес",), ("евросоюз",), ("европейский", "союз"), ("нато",), ("оон",),
    ("кремль",), ("белый", "дом"),
}
#: Heads that take ``в`` + their place inside the name.
MISSIONS = {"посольство", "консульство", "генконсульство", "представительство",
            "постпредство", "торгпредство"}


def _span(text, start, stop, kind):
    return Span(start, stop, kind, text[start:stop])


def split_acronyms(spans, text):
    """``X (ABC)`` -> ORG ``X`` and ORG ``ABC``, for ORG and LOC spans."""
    result = []
    for span in spans:
        hit = BRACKETED.match(span.text) if span.type in (ORG, LOC) else None
        if not hit:
            result.append(span)
            continue
        result.append(_span(text, span.start, span.start + hit.end("outer"), span.type))
        inner = hit.group("inner").strip()
        if inner and inner[0].isalpha() and inner[0].isupper():
            begin = span.start + hit.start("inner") + hit.group("inner").index(inner)
            result.append(_span(text, begin, begin + len(inner), ORG))
    return result


def _is_body(tokens, vocab):
    """An ORG that names a body: an acronym, or a name with a common noun in it."""
    words = [token for token in tokens if any(char.isalpha() for char in token.text)]
    if len(words) == 1 and words[0].text.isupper() and len(words[0].text) > 1:
        return True
    for token in words:
        parses = vocab(token.text.lower())
        if parses and parses[0].tag.POS == "NOUN" and parses[0].is_known and not any(
                NAME_GRAMMEMES & parse.tag.grammemes for parse in parses):
            return True
    return False


def _genitive_place(tokens):
    first = next((token for token in tokens if any(char.isalpha() for char in token.text)), None)
    if first is None:
        return False
    return "Case=Gen" in first.feats or (first.text.isupper() and len(first.text) > 1)


def merge_places(spans, text, vocab, tokens_of):
    """ORG + the LOC that completes its name -> one ORG (see the module doc)."""
    result = []
    index = 0
    while index < len(spans):
        span = spans[index]
        following = spans[index + 1] if index + 1 < len(spans) else None
        if span.type == ORG and following is not None and following.type == LOC:
            gap = text[span.stop:following.start]
            inside = tokens_of(span)
            head = inside[0].lemma if inside else ""
            joined = (gap == " " and _is_body(inside, vocab)
                      and _genitive_place(tokens_of(following))) or \
                (gap.strip().lower() == "в" and head in MISSIONS)
            if joined:
                result.append(_span(text, span.start, following.stop, ORG))
                index += 2
                continue
        result.append(span)
        index += 1
    return result


def apply_policy(spans, tokens_of):
    """The guide's type policy: the EU, NATO, the UN, the Kremlin, the White House are ORG."""
    result = []
    for span in spans:
        lemmas = tuple(token.lemma for token in tokens_of(span)
                       if any(char.isalpha() for char in token.text))
        if span.type == LOC and lemmas in ORGANISATIONS:
            span = Span(span.start, span.stop, ORG, span.text)
        result.append(span)
    return result


def repair_organisations(spans, text, vocab, tokens_of):
    spans = split_acronyms(spans, text)
    spans = merge_places(spans, text, vocab, tokens_of)
    return apply_policy(spans, tokens_of)
