"""SlavicNER / BSNLP: ``raw/TOPIC/F.txt`` + ``ner/TOPIC/F.tsv``.

Rows: ``start stop form lemma category entity_id``, tab-separated,
end-exclusive. ``lemma`` is the gold normal form; ``entity_id`` links the
mentions of one real-world entity across documents.
"""

from pathlib import Path

from .common import (RawMention, build_doc, complain, document, finish, read_document,
                     read_text)
from .records import GoldError, GoldReport

TYPES = {
    "PER": ("PER", "people"),
    "ORG": ("ORG", "organisations"),
    "LOC": ("LOC", "places, countries included"),
    "PRO": (None, "products: not one of the four types"),
    "EVT": (None, "events: not one of the four types"),
}


def parse_tsv(path, report, options):
    for number, line in enumerate(read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        fields = line.split("\t")
        where = f"{path}:{number}"
        if len(fields) != 6:
            complain(f"{where}: expected 6 tab-separated fields, got {len(fields)} (truncated?)",
                     report, options)
            continue
        start, stop, form, lemma, category, entity_id = fields
        try:
            start, stop = int(start), int(stop)
        except ValueError:
            complain(f"{where}: offsets are not numbers: {fields[:2]}", report, options)
            continue
        yield RawMention(start, stop, category, form, where, normal=lemma or None,
                         entity_id=entity_id or None)


def load(path, options):
    root = Path(path)
    if not (root / "ner").is_dir() or not (root / "raw").is_dir():
        raise GoldError(f"{root}: expected ner/ and raw/ folders (SlavicNER layout)")
    files = sorted((root / "ner").rglob("*.tsv"))
    if not files:
        raise GoldError(f"{root}: no .tsv files under ner/")
    report = GoldReport()
    docs = []
    for tsv in files:
        # stems hold dots (``brexit_ru.txt_file_10``): cut the suffix by hand
        doc_id = tsv.relative_to(root / "ner").as_posix()[:-len(".tsv")]
        text_path = root / "raw" / f"{doc_id}.txt"
        with document(report, options):
            text = read_document(text_path, tsv)
            docs.append(build_doc(doc_id, text, list(parse_tsv(tsv, report, options)), TYPES,
                                  report, options, str(text_path)))
    return finish(docs, report, TYPES, path)
