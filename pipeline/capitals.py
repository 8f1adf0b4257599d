"""Names in lines written in capitals: headlines and datelines.

The NER model learned names from their capital letter, so in ``ЗАЯВЛЕНИЕ
ЛАВРОВА ОПУБЛИКОВАНО`` or ``КАЗАНЬ, 12 июля —`` it finds little or nothing.
Such a line is tagged again on a copy written the way a sentence is: lower
case, a capital for the first word and for each word that the dictionary
knows as a name (``Лаврова``, ``Казань``), capitals kept for an acronym (a
word the dictionary lacks, or knows only as an abbreviation). The copy has the
same length, so its spans map back one to one, and they replace whatever the
model found in the line. A dateline is the capitalised place at the start of
a line before a comma.
"""

import re

from .const import NAME_GRAMMEMES
from .ner import find_spans
from .normal import CapitalLines

WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
DATELINE = re.compile(r"^[^\S\n]*([A-ZА-ЯЁ][A-ZА-ЯЁ-]+(?:[^\S\n][A-ZА-ЯЁ][A-ZА-ЯЁ-]+){0,2}),")


def _restored(word, vocab, first, after_name=False):
    """``word`` (in capitals) as a sentence would write it."""
    if len(word) == 1:
        return word if first else word.lower()
    if "-" in word:
        return "-".join(_restored(part, vocab, first and index == 0)
                        for index, part in enumerate(word.split("-")))
    known = [parse for parse in vocab(word.lower()) if parse.is_known]
    if not known:
        # a word the dictionary lacks: an acronym when short (``МОМ``), else a word
        return word if len(word) <= 5 else (word[0] + word[1:].lower() if first else word.lower())
    if all("Abbr" in parse.tag for parse in known):
        return word
    # a name by its likeliest reading, or a surname right after a first name (``ИВАН ДОЛГОВ``)
    name = NAME_GRAMMEMES & known[0].tag.grammemes or (
        after_name and any("Surn" in parse.tag for parse in known))
    if first or name:
        return word[0] + word[1:].lower()
    return word.lower()


def _is_first_name(word, vocab):
    known = [parse for parse in vocab(word.lower()) if parse.is_known]
    return bool(known) and "Name" in known[0].tag


def restore_case(line, vocab):
    """``line`` written in sentence case, the same length."""
    chars = list(line)
    after_name = False
    for index, hit in enumerate(WORD.finditer(line)):
        word = hit.group()
        if word.isupper():
            chars[hit.start():hit.end()] = _restored(word, vocab, index == 0, after_name)
        after_name = _is_first_name(word, vocab)
    return "".join(chars)


def _lines(text):
    start = 0
    for line in text.split("\n"):
        yield start, line
        start += len(line) + 1


def tag_capitals(spans, text, tagger, vocab, in_capitals=None):
    """``spans`` with the NER spans of every line in capitals (or dateline) found again.

    ``in_capitals``: the text's ``CapitalLines``, when the caller has them already.
    """
    replaced = []
    in_capitals = in_capitals or CapitalLines(text)
    for start, line in _lines(text):
        if not WORD.search(line):
            continue
        if in_capitals(start) and len(WORD.findall(line)) > 1:
            region = (start, start + len(line))
        elif (hit := DATELINE.match(line)) and len(hit.group(1)) > 1:
            region = (start + hit.start(1), start + hit.end(1))
        else:
            continue
        copy = restore_case(line, vocab)
        found = [span for span in find_spans(copy, tagger)]
        replaced.append((region, start, found))
    if not replaced:
        return spans
    result = list(spans)
    for (begin, end), offset, found in replaced:
        result = [span for span in result if not (begin <= span.start and span.stop <= end)]
        for span in found:
            start, stop = offset + span.start, offset + span.stop
            if begin <= start and stop <= end and not any(
                    other.start < stop and start < other.stop for other in result):
                result.append(type(span)(start, stop, span.type, text[start:stop]))
    return sorted(result, key=lambda span: (span.start, span.stop))
