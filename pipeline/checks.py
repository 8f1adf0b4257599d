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

from .markup import looks_like_markup, strip_html

#: Checks on letters need at least this many of them.
MIN_LETTERS = 80


def text_warnings(text):
    """The warnings of one text, in a fixed order."""
    found = []
    if looks_like_markup(text):
        found.append("markup")
        text = strip_html(text)  # the letters of the text, not of its tags
    letters = [char for char in text if char.isalpha()]
    if len(letters) >= MIN_LETTERS:
        cyrillic = sum("а" <= char.lower() <= "я" or char in "ёЁ" for char in letters)
        upper = sum(char.isupper() for char in letters)
        if cyrillic < 0.5 * len(letters):
            found.append("not Russian")
        if upper < 0.005 * len(letters):
            found.append("lower case")
        elif upper > 0.8 * len(letters):
            found.append("capitals")
    return found
