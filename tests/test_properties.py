"""Property-based tests (hypothesis): arbitrary Unicode through the pipeline,
and arbitrary annotation files through every gold loader.

The texts mix Russian news fragments with what scraped folders hold:
control characters, zero-width and non-breaking spaces, a combining
diaeresis beside ``ё``, right-to-left marks and text, emoji, very long
tokens, runs of punctuation, text without spaces, Latin look-alikes of
Cyrillic letters. ``EXAMPLES`` examples each, in CI too.
"""

import tempfile
from pathlib import Path

import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pipeline
from pipeline.gold import FORMATS, GoldError, load_gold
from pipeline.tables import ENTITIES, SCHEMAS

EXAMPLES = 300

FRAGMENTS = [
    "Владимир Путин", "в Москве", "12 марта 2019 года", "вчера", "Международная организация по "
    "миграции (МОМ)", "Ё", "е\u0308", "\u200b", "\u00a0", "\u202e", "\u200f", "שלום עולם",
    "مرحبا", "🙂", "👩‍👩‍👧", "ООН", "МВД России", "...", "!!!!!!!!", "—", "«", "»", "\r\n", "\n\n",
    "\x00", "\x07", "\ufeff", "Мocквa", "ПУТИН ПРИЕХАЛ В МОСКВУ", "путин приехал в москву",
    "В.В.Путин", "с 1 по 5 мая", "XX век", "2019-05-01", "т.е.", "г.", " ", "\t",
]
texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30),
                           st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюя", min_size=200,
                                   max_size=2000)),
                 max_size=25).map("".join)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(texts)
def test_any_text_gives_sound_tables(tools, text):
    tables = pipeline.extract([("doc", text)], tools=tools)
    docs, mentions = tables.docs, tables.mentions
    assert len(docs) == 1
    if docs.status.iloc[0] != "ok":  # a failure is reported, with a reason, never raised
        assert isinstance(docs.error.iloc[0], str) and docs.error.iloc[0]
        return
    previous = (-1, -1)
    for row in mentions.itertuples():
        assert 0 <= row.start < row.stop <= len(text)
        assert text[row.start:row.stop] == row.text
        assert (row.start, row.stop) >= previous
        previous = (row.start, row.stop)
        assert isinstance(row.normal, str) and row.normal.strip()
    for token in tables.tokens.itertuples():
        assert text[token.start:token.stop] == token.text
    for name, schema in SCHEMAS.items():
        pa.Table.from_pandas(getattr(tables, name), schema=schema, preserve_index=False)
    pa.Table.from_pandas(tables.entities, schema=ENTITIES, preserve_index=False)
    linked = mentions[mentions.type != "DATE"]
    assert linked.entity_id.notna().all() and set(linked.entity_id) <= set(tables.entities.entity_id)


#: For each format: where its text and its annotation go in a folder.
LAYOUTS = {
    "brat": ("x.txt", "x.ann"), "brat-crlf": ("x.txt", "x.ann"), "nerel": ("x.txt", "x.ann"),
    "factru": ("book_1.txt", "book_1.spans"), "slavicner": ("raw/t/x.txt", "ner/t/x.tsv"),
    "labelstudio": (None, "x.json"), "doccano": (None, "x.jsonl"), "runne": (None, "x.jsonl"),
}
annotations = st.one_of(
    st.binary(max_size=300),
    st.lists(st.one_of(
        st.sampled_from(["T1\tPER 0 5\tАнна", "T2\tLOC 3 99999\tМосква", "T3\tORG 5 2\tx", "T1\tPER 0 5",
                         "0 5 Анна Анна PER PER-Anna", "1 4 x", '{"text": "Анна", "label": [[0, 4, "PER"]]}',
                         '{"text": 5}', "[", '[{"data": {"text": "Анна"}}]', "", "\t\t\t"]),
        st.text(max_size=40)), max_size=8).map("\n".join).map(lambda text: text.encode("utf-8")),
)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(sorted(LAYOUTS)), st.text(max_size=60), annotations, st.booleans())
def test_any_annotation_loads_or_fails_with_a_gold_error(fmt, text, annotation, lenient):
    assert set(LAYOUTS) == set(FORMATS)
    text_name, ann_name = LAYOUTS[fmt]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        if text_name:
            (root / text_name).parent.mkdir(parents=True, exist_ok=True)
            (root / text_name).write_text(text, encoding="utf-8")
        (root / ann_name).parent.mkdir(parents=True, exist_ok=True)
        (root / ann_name).write_bytes(annotation)
        if fmt == "factru":
            (root / "book_1.objects").write_bytes(annotation)
        try:
            gold = load_gold(root, fmt, lenient=lenient)
        except GoldError as error:
            assert str(error)  # says what is wrong
            return
        for doc in gold:
            for mention in doc.mentions:
                assert 0 <= mention.start < mention.stop <= len(doc.text)
