"""Check a hand-labelled BRAT corpus against the rules of ``corpus/GUIDELINES.md``.

Offsets and types are checked by the BRAT loader itself; on top of that every
mention needs a normal form, every DATE a value or an explicit ``unknown``,
values must be real ISO dates with start <= end, spans must not start or end
with spaces, mentions must not overlap, and every document needs a
publication date in ``meta.csv``.
"""

import re
from datetime import date

from .gold import GoldError, load_gold
from .gold.brat import NOTE_LINE, T_LINE, find_anns

ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _valid_iso(value):
    match = ISO.match(value)
    if not match:
        return False
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _notes(ann):
    """T id -> (line number, note text); T id -> line number of the T line."""
    notes, lines = {}, {}
    for number, line in enumerate(ann.read_text(encoding="utf-8").splitlines(), 1):
        if match := T_LINE.match(line):
            lines[match.group(1)] = number
        elif match := NOTE_LINE.match(line):
            notes[match.group(1)] = match.group(2)
    return notes, lines


def check_notes(ann):
    problems = []
    notes, lines = _notes(ann)
    text = ann.read_text(encoding="utf-8")
    for line in text.splitlines():
        match = T_LINE.match(line)
        if not match:
            continue
        ident, label = match.group(1), match.group(2)
        where = f"{ann}:{lines[ident]}"
        note = notes.get(ident, "")
        fields = dict(part.partition(": ")[::2] for part in note.split(" | ") if part)
        if not fields.get("normal", "").strip():
            problems.append(f"{where}: {ident} has no normal form (AnnotatorNotes 'normal: ...')")
        if label == "DATE":
            value = fields.get("date")
            if value is None:
                problems.append(f"{where}: DATE {ident} has no 'date: VALUE' or 'date: unknown'")
            elif value != "unknown":
                parts = value.split("/")
                if len(parts) > 2 or not all(_valid_iso(part) for part in parts):
                    problems.append(f"{where}: DATE {ident} has a bad value {value!r}")
                elif len(parts) == 2 and parts[0] > parts[1]:
                    problems.append(f"{where}: DATE {ident} ends before it starts: {value!r}")
        elif "date" in fields:
            problems.append(f"{where}: {label} {ident} has a date value")
    return problems


def validate(path):
    """Return a list of problems, one line each; empty when the corpus is clean."""
    return check_corpus(path)[0]


def check_corpus(path):
    """Return ``(problems, gold)``; gold is None when it does not even load."""
    try:
        gold = load_gold(path, "brat")
    except GoldError as error:
        return [str(error)], None
    root, anns = find_anns(path)
    problems = []
    for ann in anns:
        problems.extend(check_notes(ann))
    for doc in gold:
        if not doc.published:
            problems.append(f"{doc.path}: no publication date for {doc.doc_id!r} in meta.csv")
        previous = None
        for mention in doc.mentions:
            if mention.text != mention.text.strip():
                problems.append(f"{doc.path}: span {mention.start}-{mention.stop} {mention.text!r} "
                                "starts or ends with a space")
            if previous and mention.start < previous.stop:
                problems.append(f"{doc.path}: {previous.type} {previous.text!r} and {mention.type} "
                                f"{mention.text!r} overlap; the guide allows no overlap")
            previous = mention
    if gold.report.nested_set_aside:
        problems.append(f"{path}: {gold.report.nested_set_aside} nested mentions; the guide "
                        "labels the outermost mention only")
    return problems, gold
