"""Build the corpus from its hand-written markup.

The gold is written by hand in ``corpus/markup/NAME.txt``: the article text
with every mention marked inline, so that nobody counts character offsets by
hand::

    # published: 2018-04-03
    # genre: diplomacy
    ...text... [[PER|Шавката Мирзиёева|Шавкат Мирзиёев]] ...
    ...text... [[DATE|26-27 марта 2018 года|26-27 марта 2018 года|2018-03-26/2018-03-27]]

This script turns the markup into what users and loaders see:

- ``corpus/texts/NAME.txt``: the plain text (UTF-8),
- ``corpus/gold/NAME.ann``: BRAT standoff, one ``T`` line per mention and one
  ``AnnotatorNotes`` line with its normal form and, for DATE, its value,
- ``corpus/meta.csv``: doc_id, publication date, genre, headline.

Run ``python corpus/build.py`` after editing markup; ``--check`` exits 1 when
the built files differ from the committed ones (CI runs it).
"""

import argparse
import csv
import io
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
TYPES = {"PER", "ORG", "LOC", "DATE"}
MARK = re.compile(r"\[\[([^\[\]]*?)\]\]")
VALUE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class MarkupError(ValueError):
    pass


def parse_value(value, where):
    value = value.strip()
    if value == "unknown":
        return value
    parts = value.split("/")
    if len(parts) > 2 or not all(VALUE.match(part) for part in parts):
        raise MarkupError(f"{where}: bad date value {value!r}")
    if len(parts) == 2 and parts[0] > parts[1]:
        raise MarkupError(f"{where}: date range ends before it starts: {value!r}")
    return value


def parse_markup(source, name):
    """Return (meta, text, mentions) for one markup file."""
    lines = source.split("\n")
    meta = {}
    while lines and lines[0].startswith("# "):
        key, _, value = lines.pop(0)[2:].partition(":")
        meta[key.strip()] = value.strip()
    if "published" not in meta:
        raise MarkupError(f"{name}: no '# published: YYYY-MM-DD' header line")
    body = "\n".join(lines)

    text = []
    mentions = []
    pos = 0
    size = 0
    for match in MARK.finditer(body):
        chunk = body[pos:match.start()]
        text.append(chunk)
        size += len(chunk)
        line = body.count("\n", 0, match.start()) + len(meta) + 1
        where = f"{name}:{line}"
        fields = match.group(1).split("|")
        kind = fields[0].strip()
        if kind not in TYPES:
            raise MarkupError(f"{where}: unknown type {kind!r} in {match.group(0)!r}")
        want = 4 if kind == "DATE" else 3
        if len(fields) != want:
            raise MarkupError(f"{where}: {kind} needs {want} fields: {match.group(0)!r}")
        surface, normal = fields[1], fields[2].strip()
        if not surface or surface != surface.strip() or not normal:
            raise MarkupError(f"{where}: empty or padded span in {match.group(0)!r}")
        value = parse_value(fields[3], where) if kind == "DATE" else None
        mentions.append((kind, size, size + len(surface), surface, normal, value))
        text.append(surface)
        size += len(surface)
        pos = match.end()
    text.append(body[pos:])
    text = "".join(text)
    if "[[" in text or "]]" in text:
        raise MarkupError(f"{name}: unbalanced [[ ]] left in the text")
    return meta, text, mentions


def to_brat(mentions):
    out = []
    for index, (kind, start, stop, surface, normal, value) in enumerate(mentions, 1):
        out.append(f"T{index}\t{kind} {start} {stop}\t{surface}\n")
        note = f"normal: {normal}"
        if value is not None:
            note += f" | date: {value}"
        out.append(f"#{index}\tAnnotatorNotes T{index}\t{note}\n")
    return "".join(out)


def build(root=ROOT):
    """Return {relative path: content} for every built file."""
    files = {}
    rows = []
    for path in sorted((root / "markup").glob("*.txt")):
        name = path.stem
        meta, text, mentions = parse_markup(path.read_text(encoding="utf-8"), path.name)
        files[f"texts/{name}.txt"] = text
        files[f"gold/{name}.ann"] = to_brat(mentions)
        headline = text.strip().split("\n", 1)[0].strip()
        rows.append([name, meta["published"], meta.get("genre", ""), headline])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["doc_id", "published", "genre", "headline"])
    writer.writerows(rows)
    files["meta.csv"] = buffer.getvalue()
    return files


def lint(paths):
    status = 0
    for name in paths:
        path = Path(name)
        try:
            meta, text, mentions = parse_markup(path.read_text(encoding="utf-8"), path.name)
        except MarkupError as error:
            print(f"error: {error}")
            status = 2
            continue
        counts = {kind: sum(m[0] == kind for m in mentions) for kind in sorted(TYPES)}
        words = len(text.split())
        print(f"{path.name}: {words} words, {len(mentions)} mentions {counts}")
    return status


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="only compare with the files on disk")
    parser.add_argument("--lint", nargs="+", metavar="MARKUP",
                        help="only parse these markup files and print their counts")
    args = parser.parse_args(argv)
    if args.lint:
        return lint(args.lint)
    try:
        files = build()
    except MarkupError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    stale = []
    for rel, content in files.items():
        path = ROOT / rel
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old != content:
            stale.append(rel)
            if not args.check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content.encode("utf-8"))
    if args.check and stale:
        print("stale: " + ", ".join(stale) + " (run python corpus/build.py)", file=sys.stderr)
        return 1
    print(f"{len(files) - 1} documents, {len(stale)} files {'stale' if args.check else 'written'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
