"""HTML left in text files, taken out without moving a single offset.

``strip_html`` blanks every tag, comment, script and style with spaces (a
line break where the tag breaks a line: ``<p>``, ``<br>``, ``<div>``,
headings, list items, table rows), and writes each character reference
(``&laquo;``, ``&#171;``, ``&nbsp;``) as its character, padded with spaces to
the reference's length on the side away from the word next to it. The result
has the length of the input, so every offset into it is an offset into the
original file too.
"""

import html
import re

#: Scripts, styles and comments whole; then any tag.
MARKUP = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[A-Za-z/!?][^<>]{0,2000}>",
                    re.DOTALL | re.IGNORECASE)
#: Tags that end a line of text.
BREAKS = re.compile(r"^</?(p|br|div|h[1-6]|li|tr|table|ul|ol|section|article|header|footer|"
                    r"blockquote|pre|title)\b", re.IGNORECASE)
REFERENCE = re.compile(r"&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _blank(match):
    found = match.group()
    line_break = bool(BREAKS.match(found))
    blank = "".join("\n" if char == "\n" else " " for char in found)
    if line_break and "\n" not in blank:
        blank = "\n" + blank[1:]
    return blank


def strip_html(text):
    """``text`` without markup, of the same length (see the module doc)."""
    text = MARKUP.sub(_blank, text)

    def character(match):
        reference = match.group()
        value = html.unescape(reference)
        if value == reference or len(value) > len(reference):
            return reference
        value = " " if value == "\u00a0" else value
        padding = " " * (len(reference) - len(value))
        after = text[match.end():match.end() + 1]
        return padding + value if after.isalnum() else value + padding

    return REFERENCE.sub(character, text)


#: What makes a text look like markup: tags or references, this many per 1,000 characters.
MARKUP_PER_THOUSAND = 2


def looks_like_markup(text):
    """Whether ``text`` holds HTML (tags or character references) worth stripping."""
    found = len(MARKUP.findall(text)) + len(REFERENCE.findall(text))
    return found >= 3 and found * 1000 >= MARKUP_PER_THOUSAND * max(len(text), 1)
