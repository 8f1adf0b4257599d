"""Linking mentions into entities (``pipeline/linking``): each merge rule and
each rule that refuses to merge, on the real pipeline's mentions."""

import pandas as pd
import pyarrow.parquet as pq
import pytest

import pipeline
from pipeline.linking import Linker, documents_entities, link, link_rows
from pipeline.linking.metrics import clustering_scores
from pipeline.linking.names import initials, is_acronym, is_compound_of, without_descriptors


def entities_of(tools, *texts):
    tables = pipeline.extract([(f"d{index}", text) for index, text in enumerate(texts)], tools=tools)
    ids, entities = link(tables.mentions, tables.docs)
    assert tables.mentions.entity_id.tolist() == ids  # the API links as the corpus step does
    pd.testing.assert_frame_equal(tables.entities, entities)
    return tables.mentions, entities


def same(mentions, *normals):
    rows = mentions[mentions.normal.isin(normals)]
    assert set(rows.normal) == set(normals), rows.normal.tolist()
    return rows.entity_id.nunique() == 1


@pytest.mark.parametrize("text, normals", [
    ("Глава МОМ Уильям Свинг прибыл в Ташкент. Свинг встретился с министром. У.Свинг заявил.",
     ["Уильям Свинг", "Свинг", "У.Свинг"]),
    ("Владимир Путин провёл совещание. В. В. Путин заявил, что Путин доволен.",
     ["Владимир Путин", "В. В. Путин", "Путин"]),
    ("Терезу Мэй поддержали. Мэй выступила в парламенте. Тереза заявила о сделке.",
     ["Тереза Мэй", "Мэй", "Тереза"]),
    ("Международная организация по миграции (МОМ) открыла офис. МОМ сообщила о планах.",
     ["Международная организация по миграции", "МОМ"]),
    ("В среду Республика Узбекистан подписала договор. Узбекистан получит кредит.",
     ["Республика Узбекистан", "Узбекистан"]),
    ("Соединенные Штаты Америки ввели санкции. США объяснили решение.",
     ["Соединенные Штаты Америки", "США"]),
    ("Европейский союз продлил санкции. Евросоюз объяснил решение.",
     ["Европейский союз", "Евросоюз"]),
    ("Верховный суд Пакистана оправдал её. Верховный суд отменил приговор.",
     ["Верховный суд Пакистана", "Верховный суд"]),
    # a state's other names (states.py)
    ("Делегация посетила Германию. Власти ФРГ приняли решение.", ["Германия", "ФРГ"]),
    # a Latin acronym spelled in Cyrillic
    ("Сторонники партии TLP вышли на улицы. Лидер ТЛП призвал к протестам.", ["TLP", "ТЛП"]),
])
def test_mentions_of_one_entity_in_a_document_share_it(tools, text, normals):
    mentions, _ = entities_of(tools, text)
    assert same(mentions, *normals)


@pytest.mark.parametrize("text, normals", [
    # two people with the surname: the surname alone joins neither
    ("Джордж Буш встретился с Джебом Бушем. Буш заявил о победе.",
     ["Джордж Буш", "Джеб Буш", "Буш"]),
    # two people with the initial and the surname
    ("Андрей Петров и Алексей Петров приехали. А. Петров выступил.",
     ["Андрей Петров", "А. Петров"]),
    # an acronym two names fit
    ("Европейский союз и Европейский суд спорят. ЕС настаивает.",
     ["Европейский союз", "Европейский суд", "ЕС"]),
])
def test_an_ambiguous_short_form_joins_nobody(tools, text, normals):
    mentions, _ = entities_of(tools, text)
    rows = mentions[mentions.normal.isin(normals)]
    short = rows[rows.normal == normals[-1]].entity_id.iloc[0]
    assert short not in set(rows[rows.normal != normals[-1]].entity_id)


def test_documents_share_entities_by_full_name_and_dominant_surname(tools):
    mentions, entities = entities_of(
        tools,
        "Тереза Мэй встретилась с Борисом Джонсоном. Мэй заявила о сделке.",
        "Мэй выступила в парламенте. Премьер Тереза Мэй уехала в Брюссель.",
        "Накануне Мэй снова выступила в парламенте.",  # a surname alone, and one Мэй dominates the corpus
        "Республика Узбекистан и Узбекистан.", "Узбекистан подписал договор.")
    may = mentions[mentions.normal.isin(["Тереза Мэй", "Мэй"])]
    assert may.entity_id.nunique() == 1
    row = entities.set_index("entity_id").loc[may.entity_id.iloc[0]]
    assert row["name"] == "Тереза Мэй" and row["documents"] == 3 and row["first_doc"] == "d0"
    assert {alias["name"] for alias in row["aliases"]} == {"Мэй"}
    assert mentions[mentions.normal.isin(["Узбекистан", "Республика Узбекистан"])].entity_id.nunique() == 1


def test_a_surname_two_people_share_in_the_corpus_stays_apart(tools):
    mentions, _ = entities_of(tools, "Джордж Буш выступил. Буш уехал.",
                              "Джеб Буш выступил. Буш уехал.", "Буш не приехал.")
    george, jeb = (mentions[mentions.normal == name].entity_id.iloc[0]
                   for name in ("Джордж Буш", "Джеб Буш"))
    alone = mentions[mentions.doc_id == "d2"].entity_id.iloc[0]
    assert george != jeb and alone not in (george, jeb)


def test_dates_have_no_entity_and_ids_are_stable(tools):
    text = "12 марта 2019 года Владимир Путин прибыл в Москву."
    first, entities = entities_of(tools, text)
    again, _ = entities_of(tools, text)
    assert first.loc[first.type == "DATE", "entity_id"].isna().all()
    assert first.entity_id.tolist() == again.entity_id.tolist()
    assert set(entities.entity_id) == {"PER:Владимир Путин", "LOC:Москва"}


@pytest.mark.parametrize("name, letters", [
    ("Международная организация по миграции", "МОМ"), ("Соединенные Штаты Америки", "США"),
    ("Российская Федерация", "РФ"), ("Организация Объединённых Наций", "ООН"),
])
def test_initials(name, letters):
    assert initials(name) == letters


@pytest.mark.parametrize("word, name, expected", [
    ("Евросоюз", "Европейский союз", True), ("Минобороны", "Министерство обороны", True),
    ("Еврокомиссия", "Европейская комиссия", True), ("Минск", "Министерство обороны", False),
    ("Газпром", "Газовая компания", False),
])
def test_shortened_words(word, name, expected):
    assert is_compound_of(word, name) is expected


def test_acronyms_and_descriptors():
    from pipeline.linking.names import cyrillic_acronyms
    from pipeline.linking.states import state_key

    assert is_acronym("МИД") and is_acronym("РФ") and not is_acronym("Путин")
    assert without_descriptors("Республика Узбекистан") == "узбекистан"
    assert without_descriptors("Ryanair Holdings Plc") == "ryanair"
    assert without_descriptors("Северная Корея") is None
    assert cyrillic_acronyms("NATO") == {"нато"} and "ввс" in cyrillic_acronyms("BBC")
    assert state_key("Российская Федерация") == state_key("РФ") == state_key("Россия") == "россия"
    assert state_key("Англия") is None


def test_clustering_scores_by_hand():
    # gold {a,a,b}, predicted {x,y,y}: B-cubed P = (1 + 1/2 + 1/2)/3, R = (1/2 + 1/2 + 1)/3
    scores = clustering_scores(["a", "a", "b"], ["x", "y", "y"])
    assert scores["bcubed"]["precision"] == pytest.approx(2 / 3)
    assert scores["bcubed"]["recall"] == pytest.approx(2 / 3)
    assert scores["pairwise"]["precision"] == 0.0 and scores["pairwise"]["recall"] == 0.0
    perfect = clustering_scores(["a", "a", "b"], ["x", "x", "y"])
    assert perfect["bcubed"]["f1"] == 1.0 and perfect["pairwise"]["f1"] == 1.0


def test_one_worker_two_workers_and_a_relinked_folder_give_the_same_entities(tmp_path, tools):
    from pipeline.cli import app
    from typer.testing import CliRunner

    corpus = tmp_path / "in"
    corpus.mkdir()
    for index in range(40):
        (corpus / f"{index:02d}.txt").write_text(
            f"Тереза Мэй встретилась с Борисом Джонсоном {index} раз. Мэй и Джонсон спорили. "
            "ЕС и Европейский союз, Евросоюз.", encoding="utf-8")
    runner = CliRunner()
    for workers in (1, 2):
        result = runner.invoke(app, ["extract", str(corpus), "--out", str(tmp_path / f"w{workers}"),
                                     "--workers", str(workers), "--batch-size", "8"])
        assert result.exit_code == 0, result.output
    relinked = tmp_path / "w1"
    before = pq.read_table(relinked / "entities.parquet").to_pandas()
    assert runner.invoke(app, ["link", str(relinked)]).exit_code == 0
    for name in ("entities", "mentions"):
        one = pd.read_parquet(tmp_path / "w1" / f"{name}.parquet")
        two = pd.read_parquet(tmp_path / "w2" / f"{name}.parquet")
        pd.testing.assert_frame_equal(one, two)
    pd.testing.assert_frame_equal(before, pd.read_parquet(relinked / "entities.parquet"))
    entities = pd.read_csv(relinked / "entities.csv", encoding="utf-8-sig")
    assert {"entity_id", "name", "aliases", "mentions", "documents"} <= set(entities.columns)
    assert (entities.set_index("name").loc["Тереза Мэй", "documents"]) == 40


def test_the_linker_fed_in_pieces_gives_what_it_gives_in_one_go(tools):
    """A run's writer gives the corpus step each batch as it writes it, and a
    long document's sections come in several: cut anywhere, even inside a
    document, the ids and entities are the same; and so they are where a
    worker found a batch's document entities."""
    tables = pipeline.extract([
        ("a", "Тереза Мэй встретилась с Борисом Джонсоном в Лондоне. Мэй заявила о сделке."),
        ("b", "Премьер Мэй и Евросоюз. Европейский союз ответил Джонсону."),
        ("c", "Борис Джонсон прибыл в Брюссель, где его ждал ЕС."),
    ], tools=tools)
    rows = list(zip(*(tables.mentions[name].tolist()
                      for name in ("doc_id", "type", "normal", "first", "last"))))
    whole = link_rows(iter(rows), len(rows), {})
    assert len({row[0] for row in rows}) == 3 and len(rows) > 8
    for cuts in ([1], [3, 4], [len(rows) // 2], list(range(1, len(rows)))):
        linker = Linker()
        for start, stop in zip([0, *cuts], [*cuts, len(rows)]):
            linker.add(iter(rows[start:stop]))
        linker.add(iter([]))
        assert linker.finish({}) == whole, cuts
    # whole documents whose entities a worker found, between rows added as they come
    starts = [index for index, row in enumerate(rows) if index == 0 or rows[index - 1][0] != row[0]]
    first, second = starts[1], starts[2]
    linker = Linker()
    linker.add(iter(rows[:first - 1]))  # the first document, all but its last row
    linker.add(iter(rows[first - 1:first]))
    linker.add_found(documents_entities(iter(rows[first:second])), second - first)
    linker.add(iter(rows[second:]))
    assert linker.finish({}) == whole


def test_a_rare_spelling_joins_the_common_one_and_equals_do_not(tools):
    common = "Министр Хайко Маас прибыл в Москву. Маас провёл переговоры."
    mentions, _ = entities_of(tools, common, common, common, "Министр Хайко Мас прибыл в Москву.")
    assert same(mentions, "Хайко Маас", "Хайко Мас")
    # two spellings of similar weight are two names, not one misspelt
    mentions, _ = entities_of(tools, "Ирина Петрова выступила.", "Ирена Петрова выступила.")
    assert not same(mentions, "Ирина Петрова", "Ирена Петрова")


def test_initials_in_many_documents_all_join_the_full_name(tools):
    # the documents with initials come first: the first to join becomes the
    # entity's root, and the later ones must still find it
    mentions, _ = entities_of(tools, "Вчера В. В. Путин подписал указ.",
                              "Сегодня В. В. Путин прилетел в Казань.",
                              "Накануне Путина В.В. поздравили коллеги.",
                              "Президент Владимир Путин выступил в Кремле.")
    rows = mentions[mentions.type == "PER"]
    assert rows.entity_id.nunique() == 1 and rows.entity_id.iloc[0] == "PER:Владимир Путин"
