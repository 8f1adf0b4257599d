"""What a document's text looks like, beside what it says: the warnings that
``docs.warnings`` records and the run's summary counts.

A run reads anything, so a folder of scraped files can hold text the models
were not made for. These checks never stop a document; they say why its
mentions may be few or wrong:

- ``markup``: HTML tags or character references (``markup.looks_like_markup``);
  ``--strip-html`` takes them out;
- ``not Russian``: fewer than half of its letters are Cyrillic;
- ``lower case``: almost no capital letters, so names look like words;
- ``capitals``: almost all letters capitals, beyond a headline.
"""

import re

from .markup import looks_like_markup, strip_html

LETTER = re.compile(r"[^\W\d_]")
CYRILLIC = re.compile(r"[а-яёА-ЯЁ]")
CAPITAL = re.compile(r"[A-ZА-ЯЁ\u00c0-\u00de]")

#: Checks on letters need at least this many of them.
MIN_LETTERS = 80


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
