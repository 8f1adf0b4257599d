"""Decode a file's bytes, and say how sure the reading is.

Russian text arrives as UTF-8 (with or without a BOM), UTF-16 (with or
without a BOM), or one of the single-byte Cyrillic encodings: cp1251, KOI8-R
or CP866. ASCII bytes read the same in all three; the bytes above 127 are
letters in each, different ones. So each reading is scored as Russian text:

- each Cyrillic letter by how often Russian uses it (``FREQUENCY``);
- a capital right after a small letter inside a word is unusual (a wrong
  single-byte reading swaps the cases: cp1251's ``Москва`` read as KOI8-R is
  ``мНЯЙБЮ``);
- a character that is neither a letter nor the typography Russian text uses
  (box-drawing characters, ``Ђ``, ``‰``) is very unusual.

The scores are log-likelihoods; ``sure`` is the chosen reading's share of
their probabilities (1.0 where a BOM, valid UTF-8 or plain ASCII leave no
choice). A few letters leave real doubt (``ООН`` reads as ``ннм`` in KOI8-R),
and the docs table says so (``docs.encoding_sure``, and the ``encoding``
warning below ``UNSURE``).
"""

import codecs
import math

#: Share of control characters above which decoded bytes are not text.
MAX_CONTROL_SHARE = 0.01
ALLOWED_CONTROLS = set("\t\n\r\f\v")
#: ``str.translate`` table that drops the other control characters: counted
#: by what it takes away, at C speed (a loop over every character took a
#: few milliseconds a document in the process that reads the input for the workers).
_DROP_CONTROLS = {code: None for code in range(32) if chr(code) not in ALLOWED_CONTROLS}

#: The single-byte encodings a Russian file may be in, the most common first.
SINGLE_BYTE = ("cp1251", "koi8-r", "cp866")

#: How often Russian text uses each letter, in percent (the usual published
#: table for Russian prose, rounded).
FREQUENCY = {
    "о": 10.97, "е": 8.45, "а": 8.01, "и": 7.35, "н": 6.70, "т": 6.26, "с": 5.47, "р": 4.73,
    "в": 4.54, "л": 4.40, "к": 3.49, "м": 3.21, "д": 2.98, "п": 2.81, "у": 2.62, "я": 2.01,
    "ы": 1.90, "ь": 1.74, "г": 1.70, "з": 1.65, "б": 1.59, "ч": 1.44, "й": 1.21, "х": 0.97,
    "ж": 0.94, "ш": 0.73, "ю": 0.64, "ц": 0.48, "щ": 0.36, "э": 0.32, "ф": 0.26, "ъ": 0.04,
    "ё": 0.04,
}
LOG_FREQUENCY = {letter: math.log(share / 100) for letter, share in FREQUENCY.items()}
#: Characters above ASCII that Russian text uses besides its letters.
TYPOGRAPHY = frozenset("«»„“”‘’—–…№\u00a0·•°§")
LOG_TYPOGRAPHY = math.log(0.005)
LOG_STRANGE = math.log(1e-5)
#: A capital right after a small letter, inside a word.
LOG_CASE_FLIP = math.log(0.01)
#: Below this, a single-byte reading gets the ``encoding`` warning.
UNSURE = 0.9


class DecodeError(ValueError):
    pass


def _check_text(text, encoding):
    if "\x00" in text:
        raise DecodeError(f"not text: NUL characters after decoding as {encoding} (binary file?)")
    controls = len(text) - len(text.translate(_DROP_CONTROLS))
    if text and controls / len(text) > MAX_CONTROL_SHARE:
        raise DecodeError(
            f"not text: {controls} control characters in {len(text)} "
            f"after decoding as {encoding} (binary file?)"
        )
    return text


def _utf16_without_bom(data):
    """``(utf-16-le or -be, share)`` when every other byte looks like the high
    byte of Latin or Cyrillic text (0x00 or 0x04), else None."""
    if len(data) < 4 or len(data) % 2:
        return None
    for encoding, high in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        share = (high.count(0) + high.count(4)) / len(high)
        if share > 0.9:
            return encoding, share
    return None


def russian_score(text):
    """Log-likelihood of ``text``'s non-ASCII characters as Russian text."""
    score = 0.0
    previous_small = False
    for char in text:
        if char < "\x80":
            previous_small = char.isalpha() and char.islower()
            continue
        lower = char.lower()
        if lower in LOG_FREQUENCY:
            score += LOG_FREQUENCY[lower]
            if previous_small and char != lower:
                score += LOG_CASE_FLIP
            previous_small = char == lower
        else:
            score += LOG_TYPOGRAPHY if char in TYPOGRAPHY else LOG_STRANGE
            previous_small = False
    return score


def _single_byte(data):
    """The reading of ``SINGLE_BYTE`` most like Russian, and its share of the
    three readings' likelihoods."""
    # case flips need the neighbours: score the whole text, ASCII costs nothing
    scores = {encoding: russian_score(data.decode(encoding, errors="replace"))
              for encoding in SINGLE_BYTE}
    best = max(SINGLE_BYTE, key=lambda encoding: (scores[encoding], -SINGLE_BYTE.index(encoding)))
    total = sum(math.exp(score - scores[best]) for score in scores.values())
    return best, 1.0 / total


def decode(data):
    """Return ``(text, encoding, sure)`` for raw bytes, or raise DecodeError."""
    sure = 1.0
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif without_bom := _utf16_without_bom(data):
        encoding, sure = without_bom
    elif b"\x00" in data:
        raise DecodeError("not text: contains NUL bytes and no UTF-16 BOM (binary file?)")
    else:
        try:
            return _check_text(data.decode("utf-8"), "utf-8"), "utf-8", 1.0
        except UnicodeDecodeError:
            encoding, sure = _single_byte(data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise DecodeError(
            f"cannot decode as {encoding}: byte {error.start} ({data[error.start:error.start + 1]!r})"
        ) from None
    return _check_text(text, encoding), encoding, round(sure, 3)
