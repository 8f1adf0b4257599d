"""Part of speech and features from slovnet, lemmas from pymorphy3.

slovnet tags each sentence in context; pymorphy3 then offers its parses of
the word and the one closest to slovnet's tag gives the lemma. Unlike
natasha's own lemmatizer, ё is not folded into е: the lemma keeps ё where the
text writes it (``Мирзиёева`` -> ``мирзиёев``).
"""

from functools import lru_cache

from slovnet.conll import parse_conll_tag

from .records import Token, parse_feats
from .tagging import morph_tags
from .tools import universal

#: slovnet's UD POS -> the POS pymorphy3's parses are compared under.
SAME_POS = {"PROPN": "NOUN", "AUX": "VERB", "SCONJ": "CCONJ"}
#: Features compared when choosing a parse (natasha's choice, without Animacy).
COMPARED = ("Case", "Gender", "Number", "Aspect", "NumForm", "Person", "Tense", "Variant")


def format_feats(feats):
    return "|".join(f"{key}={feats[key]}" for key in sorted(feats))


#: How many chosen parses and lemmas each process keeps (least recently used
#: go first), with ``tools.WORDS_KEPT`` parsed words: bounds set by memory.
#: Against 16,384 / 32,768 / 10,000, one 6 MB document peaked 16 MB lower
#: (308 MB against 324) and 1 MB 13 MB lower, for 6–12% more misses on 400
#: NEREL articles (about 1% of the run's CPU): their hits are the words of
#: every text, which a smaller cache keeps as well.
PARSES_KEPT, LEMMAS_KEPT = 8_192, 16_384

#: The longest run of tokens the tagger reads at once: a longer "sentence"
#: (a table, a text without full stops) is read in pieces of this size.
MAX_TOKENS = 300


def tag_morph_many(documents, tagger):
    """``documents``: ``(sentences, tokens)`` pairs; each one's tokens with ``pos`` and
    ``feats`` filled in. The sentences of every document are tagged together,
    shortest with shortest, so that little padding is computed."""
    runs = []  # (document, first token, stop) of every piece the tagger reads
    for index, (sentences, tokens) in enumerate(documents):
        start = 0
        while start < len(tokens):
            stop = start
            sentence = tokens[start].sentence_id
            while stop < len(tokens) and tokens[stop].sentence_id == sentence \
                    and stop - start < MAX_TOKENS:
                stop += 1
            runs.append((index, start, stop))
            start = stop
    order = sorted(range(len(runs)), key=lambda at: runs[at][2] - runs[at][1])
    words = [[token.text for token in documents[runs[at][0]][1][runs[at][1]:runs[at][2]]]
             for at in order]
    tags = [None] * len(runs)
    for at, found in zip(order, _tags(tagger, words)):
        tags[at] = found
    tagged = [list(tokens) for _, tokens in documents]
    for (index, start, stop), found in zip(runs, tags):
        if len(found) != stop - start:
            raise RuntimeError(f"morph tagger returned {len(found)} tokens for {stop - start}")
        tagged[index][start:stop] = [
            Token(token.id, token.sentence_id, token.start, token.stop, token.text, pos, feats)
            for token, (pos, feats) in zip(documents[index][1][start:stop], found)]
    return tagged


def _tags(tagger, items):
    """``(pos, feats)`` per word of each list of words: slovnet's model and tag
    vocabulary, in batches of its batch size (``tagging.py``), with each tag
    decoded once per process rather than once per token."""
    table = _tag_table(tagger.infer.decoder.tags_vocab)
    for ids in morph_tags(tagger, items):
        yield [table[id] for id in ids.tolist()]


_TABLES = {}


def _tag_table(vocab):
    """``(pos, feats)`` of every tag of slovnet's vocabulary, by id, built once."""
    if id(vocab) not in _TABLES:
        decoded = [parse_conll_tag(tag) for tag in vocab.items]
        _TABLES[id(vocab)] = (vocab, [(pos, format_feats(feats)) for pos, feats in decoded])
    return _TABLES[id(vocab)][1]


def tag_morph(sentences, tokens, tagger):
    """Return tokens with ``pos`` and ``feats`` filled in, sentence by sentence."""
    return tag_morph_many([(sentences, tokens)], tagger)[0]


def _score(form_pos, form_feats, pos, feats):
    same = SAME_POS.get(form_pos, form_pos) == SAME_POS.get(pos, pos)
    return same + sum(form_feats.get(key) == feats.get(key)
                      for key in COMPARED if key in feats and key in form_feats)


def best_parse(vocab, word, pos, feats):
    """The pymorphy3 parse of ``word`` closest to slovnet's ``pos``/``feats``.

    Cached per process: a word, its tag and its features repeat across
    documents (and lemma, normal form and name parts ask for the same token).
    """
    return _best_parse(vocab, word.lower(), pos, format_feats(feats))


@lru_cache(maxsize=PARSES_KEPT)
def _best_parse(vocab, word, pos, feats):
    """``feats`` as ``Case=Nom|Gender=Masc``, sorted: a key of one string is a
    third the memory of a tuple of pairs, and the cache is most of what a
    worker's memory grows by."""
    feats = parse_feats(feats)
    best, top = None, 0
    for form in vocab(word):
        form_pos, form_feats = universal(form.tag)
        # an indeclinable reading (``Анне`` as a French name) only if nothing else fits
        fixed = "Fixd" in form.tag.grammemes
        if form_pos == pos and form_feats == feats and not fixed:
            return form
        score = _score(form_pos, form_feats, pos, feats) - 0.5 * fixed
        if score > top:
            best, top = form, score
    return best


def as_written(word, original, parsed):
    """Keep ё as the text writes it.

    pymorphy3 restores ё (``соловьева`` parses as ``соловьёва``); where the
    text wrote е in a word that has ё, the writer folded it, and so does the
    result (``Соловьева`` -> ``Соловьев``). Where only the new form has ё
    (``Петра`` -> ``Пётр``), it is kept.
    """
    if "ё" in original.lower() or "ё" not in parsed.lower():
        return word
    return word.replace("ё", "е").replace("Ё", "Е")


def lemma_of(vocab, token):
    return _lemma(vocab, token.text, token.pos, token.feats)


@lru_cache(maxsize=LEMMAS_KEPT)
def _lemma(vocab, text, pos, feats):
    """The lemma of a word with slovnet's tag: cached per process, since the
    same words with the same tags make up most of any text."""
    if not any(char.isalpha() for char in text):
        return text
    # ``feats`` as the tagger's table wrote it (``format_feats``): the same string
    # object for every token with that tag, so the cache's keys share it
    form = _best_parse(vocab, text.lower(), pos, feats)
    if form is None:
        return text.lower()
    return as_written(form.normal, text, form.word)


def forget_parses():
    """Empty this module's caches (``tools.forget_caches``)."""
    _lemma.cache_clear()
    _best_parse.cache_clear()


def lemmatize(tokens, vocab):
    return [Token(token.id, token.sentence_id, token.start, token.stop, token.text, token.pos,
                  token.feats, _lemma(vocab, token.text, token.pos, token.feats))
            for token in tokens]
