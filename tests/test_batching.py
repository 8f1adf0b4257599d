"""One code path for every runner: batches, workers and long documents give
the same tables as one document at a time."""

import pandas as pd
import pytest

from pipeline import run
from pipeline.doc import pipe, process
from pipeline.ner import MAX_PIECE, pieces
from pipeline.read import text_source

from .conftest import ROOT

CORPUS = ROOT / "corpus" / "texts"


def _tables(out):
    """The tables of an output folder, and its CSV copies, without the timing column."""
    tables = {name: pd.read_parquet(out / f"{name}.parquet") for name in
              ("mentions", "tokens", "docs", "entities")}
    tables.update({f"{name}.csv": pd.read_csv(out / f"{name}.csv", encoding="utf-8-sig",
                                              keep_default_na=False, dtype=str)
                   for name in ("mentions", "docs", "entities")})
    return {name: table.drop(columns=["seconds"], errors="ignore") for name, table in tables.items()}


@pytest.fixture(scope="module")
def one_by_one(tmp_path_factory, tools):
    out = tmp_path_factory.mktemp("one") / "out"
    run.extract_folder(CORPUS, out, tools=tools, batch_size=1)
    return _tables(out)


def test_batches_give_the_tables_of_one_document_at_a_time(one_by_one, tmp_path, tools):
    run.extract_folder(CORPUS, tmp_path / "out", tools=tools, batch_size=16)
    batched = _tables(tmp_path / "out")
    for name, table in one_by_one.items():
        pd.testing.assert_frame_equal(batched[name], table, obj=name)


def test_two_workers_give_the_tables_of_one(one_by_one, tmp_path):
    """Also the CSV copies and the entities: a pool run's writer joins the tables
    and finds the documents' entities as it goes, one worker's at the end."""
    summary = run.extract_folder(CORPUS, tmp_path / "out", batch_size=8, workers=2)
    assert summary.documents == len(one_by_one["docs"]) and summary.failed == 0
    pooled = _tables(tmp_path / "out")
    for name, table in one_by_one.items():
        pd.testing.assert_frame_equal(pooled[name], table, obj=name)


def test_pipe_yields_a_result_per_source_in_order(tools):
    texts = ["Путин прилетел в Москву.", "", "Глава МИД России Сергей Лавров выступил в Женеве."]
    sources = [text_source(text, str(index)) for index, text in enumerate(texts)]
    piped = list(pipe(iter(sources), tools, batch_size=2))
    assert [result.source.doc_id for result in piped] == ["0", "1", "2"]
    alone = [process(source, tools) for source in sources]
    assert [[(m.start, m.stop, m.type, m.normal) for m in result.mentions] for result in piped] == \
        [[(m.start, m.stop, m.type, m.normal) for m in result.mentions] for result in alone]


def test_no_mention_crosses_a_line(tools):
    text = ("Дэвид Рокфеллер\n\nДэвид Рокфеллер скончался в возрасте 101 года.\n"
            "Мандела\n\n\nОбама выступил в Вашингтоне.")
    mentions = run.extract([text], tools=tools).mentions
    assert len(mentions) and not any("\n" in value for value in mentions.text)
    assert list(mentions[mentions.type == "PER"].text)[:2] == ["Дэвид Рокфеллер", "Дэвид Рокфеллер"]


def test_a_long_line_is_read_in_pieces_with_offsets_kept(tools):
    sentence = "Президент России Владимир Путин провёл переговоры с Ангелой Меркель в Берлине. "
    text = sentence * (3 * MAX_PIECE // len(sentence))  # one line, three pieces and more
    cut = list(pieces(text))
    assert len(cut) >= 3 and all(stop - start <= MAX_PIECE for start, stop in cut)
    assert all(text[stop - 2:stop] == ". " for start, stop in cut[:-1])  # after a sentence end
    mentions = run.extract([text], tools=tools).mentions
    per = mentions[mentions.type == "PER"]
    assert all(text[row.start:row.stop] == row.text for row in mentions.itertuples())
    # every repetition found alike: no name cut at a piece's edge
    assert len(per) == 2 * text.count(sentence)


def test_a_very_long_document_is_read_in_sections_and_joined(tools, tmp_path):
    from pipeline.sections import SECTION_CHARS

    articles = [path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.txt"))]
    text = "\n\n".join(articles * 2)
    assert len(text) > 2 * SECTION_CHARS  # three sections at least
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "long.txt").write_text(text, encoding="utf-8")
    summary = run.extract_folder(tmp_path / "in", tmp_path / "out", tools=tools)
    assert summary.documents == 1 and summary.failed == 0
    tables = {name: pd.read_parquet(tmp_path / "out" / f"{name}.parquet")
              for name in ("mentions", "tokens", "docs")}
    mentions, tokens, docs = tables["mentions"], tables["tokens"], tables["docs"]
    assert len(docs) == 1 and docs.chars[0] == len(text) and docs.text[0] == text
    assert docs.tokens[0] == len(tokens) and docs.mentions[0] == len(mentions)
    assert list(mentions.mention_id) == list(range(len(mentions)))
    assert list(tokens.token_id) == list(range(len(tokens)))
    assert tokens.sentence_id.is_monotonic_increasing and mentions.start.is_monotonic_increasing
    assert all(text[row.start:row.stop] == row.text for row in mentions.itertuples())
    assert all(text[row.start:row.stop] == row.text for row in tokens.itertuples())
    # the same mentions as the document read whole, but where a section is cut
    whole = run.extract([text], tools=tools).mentions
    found = set(zip(mentions.start, mentions.stop, mentions.type))
    assert len(found & set(zip(whole.start, whole.stop, whole.type))) >= 0.995 * len(whole)


def test_a_very_long_document_does_not_starve_a_parallel_run():
    """Its sections are batches like any other: every worker takes some, and
    the documents after it go on in the same pool."""
    from pipeline import sections, workers

    articles = [path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.txt"))]
    long = text_source("\n\n".join(articles[:20]), "long")
    small = [text_source(text, f"small-{index}") for index, text in enumerate(articles[20:28])]
    limit = len(long.text) // 6  # six sections or so, each about as long as a batch of articles
    batches = sections.batches([small[0], long, *small[1:]], 2, limit=limit)
    done = list(workers.outputs(batches, workers=2))
    by_section = [output for output in done if output.section is not None]
    assert len(by_section) >= 6
    assert len({output.worker for output in by_section}) == 2  # both workers read the long one
    assert [output.documents for output in done if output.section is None] == [1, 2, 2, 2, 1]
    # the workers found the whole documents' entities; a section's are the writer's to find
    assert all((output.linked is None) == (output.section is not None) for output in done)


def test_a_pool_finds_document_entities_only_for_a_writer_that_takes_them():
    """A resumed run joins its tables at the end (``writer.join_as_written``
    is not used), where the writer finds every document's entities itself:
    its workers are not asked to (``link=False``)."""
    from pipeline import workers

    articles = [path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.txt"))][:4]
    batches = [[text_source(text, f"a-{index}")] for index, text in enumerate(articles)]
    done = list(workers.outputs(iter(batches), workers=2, link=False))
    assert [output.documents for output in done] == [1] * 4
    assert all(output.linked is None for output in done)


def test_the_last_batches_of_a_pool_run_are_cut_smaller():
    from pipeline.workers import TAPER, tapered

    batches = [list(range(start, min(start + 32, 400))) for start in range(0, 400, 32)]
    cut = list(tapered(iter(batches), 400, 2))
    assert [number for batch in cut for number in batch] == list(range(400))  # nothing lost, in order
    # whole while more than two batches per worker follow, then in quarters
    assert [len(batch) for batch in cut[:8]] == [32] * 8
    assert max(len(batch) for batch in cut[8:]) == 32 // TAPER


def test_a_run_in_this_process_empties_its_caches_at_the_end(tools, tmp_path):
    from pipeline.morph import _lemma

    sources = [text_source(text, str(index)) for index, text in
               enumerate(["Анна Иванова приехала в Москву 5 мая.", "Пётр Сидоров уехал в Казань."])]
    run.write_results(iter(sources), len(sources), tmp_path / "first", tools=tools, batch_size=1)
    assert _lemma.cache_info().currsize == 0
    assert type(tools.vocab).parse.cache_info().currsize == 0
    run.write_results(iter(sources), len(sources), tmp_path / "second", tools=tools, batch_size=1)
    for name in ("mentions", "tokens"):
        assert pd.read_parquet(tmp_path / "first" / f"{name}.parquet").equals(
            pd.read_parquet(tmp_path / "second" / f"{name}.parquet"))


def test_a_pools_workers_start_with_the_models_out_of_the_collectors_way():
    """The fork server froze the models it loaded (``run.default_tools``), so a
    worker forked from it shares their pages and its collections skip them."""
    import gc

    from pipeline.workers import _Pool

    pool = _Pool(1)
    try:
        frozen = pool.executor.submit(gc.get_freeze_count).result()
    finally:
        pool.close()
    assert frozen > 10_000  # the models' objects, tens of thousands of them


def test_a_worker_that_dies_between_batches_loses_nothing():
    """A worker that dies while idle breaks the pool before it is given the
    next batch: that batch, and the ones after it, go to a new pool."""
    import os
    import signal
    import time

    from pipeline.workers import _in_pool, _Pool

    sources = [text_source(text, str(index)) for index, text in enumerate(
        ["Путин прилетел в Москву.", "Глава МИД России Сергей Лавров выступил в Женеве.",
         "В среду Республика Узбекистан подписала договор."])]
    pool = _Pool(1)
    try:
        assert [output.documents for output in _in_pool(pool, [sources[:1]], 1)] == [1]
        for pid in list(pool.executor._processes):
            os.kill(pid, signal.SIGKILL)
        waited = time.monotonic()
        while not pool.executor._broken and time.monotonic() - waited < 60:
            time.sleep(0.05)
        assert pool.executor._broken
        done = list(_in_pool(pool, [sources[:2], sources[2:]], 1))
    finally:
        pool.close()
    assert [doc_id for output in done for doc_id in output.tables["docs"].column("doc_id").to_pylist()] \
        == ["0", "1", "2"]
    assert not [failure for output in done for failure in output.failures]
    assert sum(output.mentions["LOC"] for output in done) >= 2
