"""PER spans as the guide draws them, repaired after the NER model.

The model's person spans go wrong in a few regular ways; each repair below is
one of them, tried in this order on every PER span:

- edge punctuation and unbalanced brackets are outside (``Бернс (``,
  ``Асии Норин)``, ``Мишель —``);
- a list is several people (``Овечкин, Фёдоров``);
- a bracketed transliteration is a mention of its own (``Андреа Падована
  (Andrea Padovan)`` is two PER); a bracket in a script the model cannot read
  (``Ма Лин (马凌)``) is dropped;
- a title or post at the start is outside (``Христианка Асия Биби``,
  ``Император Акихито``): a known common word that the dictionary never reads
  as a name; words that end the span after the name likewise (``Мэй
  Почему``, ``Демков К. С. Номер``);
- initials next to a surname are inside, in any order and spacing (``Путин
  В. В.``, ``В.В. Путин``, ``Дж.Коми``, ``Кондратьев С.В.`` with its stop);
- a single word at the start of a sentence that can be no name
  (``Приговоренную``, ``Адвокат``, ``Это``) is no person; nor is a single
  word anywhere that is only an ordinary adjective (``Северный`` of
  ``Северный поток``, ``Литовским``), though a possessive one is a surname's
  shape and stays (``Лёвин``).

Then ``add_dictionary_names`` finds the people the model missed entirely
(``пророка Мухаммеда``, ``папой Франциском``): a capitalised word inside a
sentence that the dictionary knows only as a first name, patronymic or
surname, with the capitalised words after it that could end a name (as in
``_trim_words``); one such word before a one-word PER span joins that span
(``Борис`` + ``Джонсон``). It runs after ``label_consistently``, so that a
name the model found in full elsewhere is placed in full first.
"""

import re

from .const import NAME_GRAMMEMES, PER, PERSON_GRAMMEMES
from .records import Span

WORD = re.compile(r"[^\W\d_][\w'’-]*")
#: Parts of speech of a title or post before a name (``Император``, ``Экс-канцлер``).
TITLE_POS = {"NOUN", "ADJF", "ADJS", "PRTF", "PRTS"}
#: Parts of speech that never end a name (``Мухаммеда Если Вы``). Nouns and
#: adjectives do (``Свингом``, ``Лёвиной``, ``Ситников`` are common words too),
#: and so do particles (``Брюс Ли``).
TAIL_POS = {"VERB", "INFN", "ADVB", "CONJ", "NPRO", "PREP", "PRED", "GRND", "NUMR"}
#: A lone word at a sentence start is no person when it is one of these.
LONE_POS = TITLE_POS | TAIL_POS
EDGE = " \t,;:—–-«»\"'"
INITIALS_AFTER = re.compile(r"^( ?[А-ЯЁA-Z]\.){1,2}")
INITIALS_BEFORE = re.compile(r"(?<![\w.])([А-ЯЁA-Z][а-яё]?\. ?){1,2}\Z")
FINAL_INITIAL = re.compile(r"(^|[ .])[А-ЯЁA-Z]\Z")
BRACKET = re.compile(r"^(?P<outer>.*?\S)\s*\((?P<inner>[^()]*)\)$")
NAME_IN_BRACKETS = re.compile(r"^[^\W\d_][\w .'’-]*$")


def _parses(word, vocab):
    return vocab(word.lower())


def _common(word, vocab, kinds):
    """A known word of one of ``kinds`` that the dictionary never reads as a name."""
    if len(word) == 1 or (word.isupper() and len(word) > 1):
        return False  # an initial, an acronym
    parses = _parses(word, vocab)
    if not parses or not any(parse.is_known for parse in parses):
        return False
    if any(NAME_GRAMMEMES & parse.tag.grammemes for parse in parses):
        return False
    return parses[0].tag.POS in kinds


def _span(text, start, stop):
    return Span(start, stop, PER, text[start:stop])


def _trim_edges(span, text):
    start, stop = span.start, span.stop
    while start < stop and text[start] in EDGE + ")":
        start += 1
    while stop > start and text[stop - 1] in EDGE + "(":
        stop -= 1
    inner = text[start:stop]
    if inner.count("(") > inner.count(")"):
        stop = start + inner.rindex("(")
        while stop > start and text[stop - 1] in EDGE:
            stop -= 1
    elif inner.count(")") > inner.count("(") and inner.endswith(")"):
        stop -= 1
    return [_span(text, start, stop)] if stop > start else []


def _split_list(span, text):
    pieces, start = [], span.start
    for part in span.text.split(","):
        offset = text.index(part, start)
        start = offset + len(part)
        stripped = part.strip()
        if stripped:
            begin = offset + part.index(stripped)
            pieces.append(_span(text, begin, begin + len(stripped)))
    return pieces


def _split_bracket(span, text):
    hit = BRACKET.match(span.text)
    if not hit:
        return [span]
    outer = _span(text, span.start, span.start + hit.end("outer"))
    inner = hit.group("inner").strip()
    if inner and NAME_IN_BRACKETS.match(inner) and inner[0].isupper():
        begin = span.start + hit.start("inner") + hit.group("inner").index(inner)
        return [outer, _span(text, begin, begin + len(inner))]
    return [outer]


def _trim_words(span, text, vocab):
    words = [(span.start + hit.start(), span.start + hit.end(), hit.group())
             for hit in WORD.finditer(span.text)]
    while len(words) > 1 and words[0][2][0].isupper() and _common(words[0][2], vocab, TITLE_POS):
        words.pop(0)
    while len(words) > 1 and _common(words[-1][2], vocab, TAIL_POS):
        words.pop()
    if not words:
        return [span]
    start, stop = words[0][0], words[-1][1]
    if len(words[-1][2]) == 1 and text[stop:stop + 1] == "." and stop < span.stop:
        stop += 1  # the stop of a final initial (``Кондратьев С.В.``)
    return [_span(text, start, stop)]


def _with_initials(span, text):
    start, stop = span.start, span.stop
    after = INITIALS_AFTER.match(text[stop:stop + 8])
    if after:
        stop += after.end()
    elif FINAL_INITIAL.search(span.text) and text[stop:stop + 1] == ".":
        stop += 1  # ``Кондратьев С.В`` + ``.``
    before = INITIALS_BEFORE.search(text[max(0, start - 8):start])
    if before and not INITIALS_AFTER.match(span.text):
        start -= len(before.group())
    return _span(text, start, stop)


def _sentence_starts(sentences):
    return {sentence.start for sentence in sentences}


def _key(word):
    """What a surname keeps through its endings: ``Свинг``, ``Свингом`` -> ``свинг``."""
    return word.lower()[:5]


def _no_person(span, text, vocab, starts, names):
    """A lone word at a sentence start that can be no name (``Адвокат``, ``Это``).

    A word that is also part of a longer name in the document stays
    (``Свинг`` after ``Уильям Свинг``, ``Лёвин`` after ``Сергей Лёвин``).
    """
    words = WORD.findall(span.text)
    if len(words) != 1 or _key(words[0]) in names:
        return False
    line_start = span.start == 0 or text[span.start - 1] == "\n"
    if (span.start in starts or line_start) and _common(words[0], vocab, LONE_POS):
        return True
    return _common(words[0], vocab, {"ADJF"}) and not any(
        "Poss" in parse.tag for parse in _parses(words[0], vocab))


def repair_people(spans, text, sentences, vocab):
    """``spans`` with every PER span repaired by the rules of the module doc."""
    starts = _sentence_starts(sentences)
    repaired = []
    for span in spans:
        if span.type != PER:
            repaired.append(span)
            continue
        pieces = _trim_edges(span, text)
        pieces = [piece for whole in pieces for piece in _split_list(whole, text)]
        pieces = [piece for whole in pieces for piece in _split_bracket(whole, text)]
        pieces = [piece for whole in pieces for piece in _trim_edges(whole, text)]
        pieces = [piece for whole in pieces for piece in _trim_words(whole, text, vocab)]
        repaired.extend(_with_initials(piece, text) for piece in pieces)
    names = {_key(word) for span in repaired if span.type == PER
             for word in WORD.findall(span.text)[1:] if len(WORD.findall(span.text)) > 1}
    kept = [span for span in repaired
            if span.type != PER or not _no_person(span, text, vocab, starts, names)]
    return _without_overlaps(sorted(set(kept), key=lambda span: (span.start, -span.stop)))


def _only_a_name(word, vocab):
    """A word the dictionary knows, and only as a name (``Мухаммеда``, not ``Роза``)."""
    known = [parse for parse in _parses(word, vocab) if parse.is_known]
    return bool(known) and all(PERSON_GRAMMEMES & parse.tag.grammemes for parse in known)


def _name_word(token):
    word = token.text
    return len(word) > 2 and word[0].isupper() and not word.isupper() and word.isalpha()


def add_dictionary_names(spans, tokens, text, vocab):
    """``spans`` plus the names inside sentences that the model missed (see the module doc)."""
    covered = {}
    for span in spans:
        for offset in range(span.start, span.stop):
            covered[offset] = span
    found, grown = [], {}
    index = 1
    while index < len(tokens):
        token, before = tokens[index], tokens[index - 1]
        if (token.start in covered or before.sentence_id != token.sentence_id
                or before.text in "«\"„“" or not _name_word(token)
                or not _only_a_name(token.text, vocab)):
            index += 1
            continue
        last = index
        while last + 1 < len(tokens):
            after = tokens[last + 1]
            if (after.start in covered or after.sentence_id != token.sentence_id
                    or after.start != tokens[last].stop + 1 or not _name_word(after)):
                break
            if _common(after.text, vocab, TAIL_POS):
                break
            last += 1
        start, stop = token.start, tokens[last].stop
        after = covered.get(stop + 1)
        if last == index and after is not None and after.type == PER \
                and after.start == stop + 1 and text[stop] == " " and " " not in after.text:
            grown[after] = _span(text, start, after.stop)
        else:
            found.append(_span(text, start, stop))
        index = last + 1
    kept = [grown.get(span, span) for span in spans]
    return sorted(kept + found, key=lambda span: (span.start, span.stop))


def _without_overlaps(spans):
    """Spans in text order, none inside or across another: a span grown by its
    initials (``Путиным`` + ``В.В.``) takes the place of what it now covers."""
    kept = []
    for span in spans:
        if kept and span.start < kept[-1].stop:
            continue
        kept.append(span)
    return kept
