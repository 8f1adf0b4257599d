"""What a document's text looks like, beside what it says: the warnings that
``docs.warnings`` records and the run's summary counts.

A run reads anything, so a folder of scraped files can hold text the models
were not made for. These checks never stop a document; they say why its
mentions may be few or wrong:

- ``markup``: HTML tags or character references (``markup.looks_like_markup``);
  ``--strip-html`` takes them out;
- ``not Russian``: fewer than half of its letters are Cyrillic;
- ``lower case``: almost no capital letters, so names look like words;
- ``capitals``: almost all letters capitals, beyond a headline;
- ``encoding``: a single-byte encoding read with doubt (``encoding.UNSURE``).
"""

import re

from .encoding import UNSURE
from .markup import looks_like_markup, strip_html

LETTER = re.compile(r"[^\W\d_]")
CYRILLIC = re.compile(r"[а-яёА-ЯЁ]")
CAPITAL = re.compile(r"[A-ZА-ЯЁ\u00c0-\u00de]")

#: Checks on letters need at least this many of them.
MIN_LETTERS = 80


#: How the run's summary words each warning: {n} documents, the {first} of them.
SUMMARY = {
    "markup": "{n} documents look like HTML (first: {first!r}); --strip-html takes the markup "
              "out, every offset kept",
    "encoding": "{n} documents are in a single-byte encoding that was a guess (first: "
                "{first!r}); see docs.encoding and docs.encoding_sure",
    "not Russian": "{n} documents are mostly not in Russian (first: {first!r}); see docs.warnings",
    "lower case": "{n} documents are all in lower case (first: {first!r}); see docs.warnings",
    "capitals": "{n} documents are all in capitals (first: {first!r}); see docs.warnings",
}


def source_warnings(source):
    """The warnings of one decoded Source: its text's and its encoding's."""
    found = text_warnings(source.text)
    if source.encoding_sure is not None and source.encoding_sure < UNSURE:
        found.append("encoding")
    return found


def summary_lines(warned):
    """The summary's lines for ``{warning: [doc_id, ...]}``, in ``SUMMARY``'s order."""
    return [SUMMARY[kind].format(n=len(warned[kind]), first=warned[kind][0])
            for kind in SUMMARY if warned.get(kind)]


def text_warnings(text):
    """The warnings of one text, in a fixed order."""
    found = []
    if looks_like_markup(text):
        found.append("markup")
        text = strip_html(text)  # the letters of the text, not of its tags
    letters = len(LETTER.findall(text))
    if letters >= MIN_LETTERS:
        cyrillic = len(CYRILLIC.findall(text))
        upper = len(CAPITAL.findall(text))
        if cyrillic < 0.5 * letters:
            found.append("not Russian")
        if upper < 0.005 * letters:
            found.append("lower case")
        elif upper > 0.8 * letters:
            found.append("capitals")
    return found
