"""A name labelled once is labelled everywhere in its document.

The model often finds a name in one place and misses it in another
(``Голунов`` … ``Голунова``; ``пророка Мухаммеда`` in one paragraph, not in
the next; an acronym introduced in brackets, then used alone). Every PER
mention and every ORG acronym gives its tokens' lemmas as a key (and a
person's surname alone, the last word of a longer name, as a key of its
own); wherever the same lemmas stand unlabelled in the document, written with
a capital like a name (or in capitals like an acronym), they become a mention
of that type. Places are left to the model, which finds nearly all of them
(spreading them cost precision on every gold set). Only names that occur labelled at least once spread,
so a common word never does; a key labelled with two types spreads neither.
"""

import re

from .const import PER
from .records import Span

NAME_START = re.compile(r"^[A-ZА-ЯЁ]")


def _keys(spans, tokens, tokens_of):
    """``{lemmas: type}`` for the names labelled in the document, one type each."""
    found = {}
    for span in spans:
        inside = [token for token in tokens_of(span) if any(c.isalnum() for c in token.text)]
        if not inside or not all(NAME_START.match(token.text) for token in inside):
            continue
        if span.type != PER and not (len(inside) == 1 and inside[0].text.isupper()):
            continue  # places the model finds well; of organisations, acronyms only
        keys = [tuple(token.lemma for token in inside)]
        if span.type == PER and len(inside) > 1 and len(inside[-1].text) > 2:
            keys.append((inside[-1].lemma,))  # the surname alone
        for key in keys:
            found.setdefault(key, set()).add(span.type)
    return {key: types.pop() for key, types in found.items() if len(types) == 1}


def label_consistently(spans, tokens, text, tokens_of):
    """``spans`` plus the unlabelled places where a labelled name stands again."""
    keys = _keys(spans, tokens, tokens_of)
    if not keys:
        return spans
    longest = max(len(key) for key in keys)
    covered = set()
    for span in spans:
        covered.update(range(span.start, span.stop))
    added = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.start in covered or not NAME_START.match(token.text):
            index += 1
            continue
        for size in range(min(longest, len(tokens) - index), 0, -1):
            window = tokens[index:index + size]
            if any(part.start in covered or not NAME_START.match(part.text) for part in window):
                continue
            kind = keys.get(tuple(part.lemma for part in window))
            if kind:
                start, stop = window[0].start, window[-1].stop
                added.append(Span(start, stop, kind, text[start:stop]))
                index += size
                break
        else:
            index += 1
    return sorted(spans + added, key=lambda span: (span.start, span.stop))
