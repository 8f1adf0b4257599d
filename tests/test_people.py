"""PER spans repaired after the model, and normal forms of any span."""

import pytest

import pipeline

PEOPLE = [
    # initials in any order and spacing, the final stop inside
    ("Документ подписал Путин В. В. в Кремле.", ["Путин В. В."]),
    ("Документ подписал В.В. Путин в Кремле.", ["В.В. Путин"]),
    ("Выступил главный тренер Кондратьев С.В.", ["Кондратьев С.В."]),
    ("Об этом сообщил генеральный директор У.Свинг.", ["У.Свинг"]),
    # a bracketed transliteration is its own mention
    ("Тренером стал Андреа Падована (Andrea Padovan) из Италии.", ["Андреа Падована", "Andrea Padovan"]),
    # titles before the name are outside
    ("Император Акихито отрекся от престола.", ["Акихито"]),
    ("Христианка Асия Биби вышла на свободу.", ["Асия Биби"]),
    # a lone word at a sentence start that can be no name is no person
    ("Адвокат заявил, что обжалует приговор.", []),
    # ... but a surname seen in a full name stays
    ("Встреча с Уильямом Свингом прошла в Женеве. Свинг заверил, что поддержка продолжится.",
     ["Уильямом Свингом", "Свинг"]),
    # a word the dictionary knows only as a name is a person where the model missed it
    ("Паломники молились у могилы пророка Мухаммеда в Медине.", ["Мухаммеда"]),
    # ... but not in quotes, the title of a work
    ("Фильм «Мухаммед» вышел в прокат.", []),
]


@pytest.mark.parametrize("text, expected", [
    ("ЗАЯВЛЕНИЕ ЛАВРОВА ОПУБЛИКОВАНО\n\nТекст заявления появился на сайте.", [("PER", "ЛАВРОВА")]),
    ("РЕКОРДНЫЙ ПОЛУМАРАФОН В ХАБАРОВСКЕ ВЫИГРАЛ ИВАН ДОЛГОВ\n\nЗабег прошел утром.",
     [("LOC", "ХАБАРОВСКЕ"), ("PER", "ИВАН ДОЛГОВ")]),
    ("КАЗАНЬ, 12 июля — Фестиваль открылся в центре города.", [("LOC", "КАЗАНЬ")]),
])
def test_names_in_capitals(tools, text, expected):
    mentions = pipeline.extract([text], tools=tools).mentions
    names = mentions[mentions.type != "DATE"]
    assert list(zip(names.type, names.text)) == expected


@pytest.mark.parametrize("text, expected", PEOPLE)
def test_people(tools, text, expected):
    mentions = pipeline.extract([text], tools=tools).mentions
    assert list(mentions[mentions.type == "PER"].text) == expected


@pytest.mark.parametrize("text, span, kind, normal", [
    ("Министр встретился с Анной Ивановой вчера.", "Анной Ивановой", "PER", "Анна Иванова"),
    ("Совещание прошло в Министерстве финансов Республики Узбекистан.",
     "Министерстве финансов Республики Узбекистан", "ORG", "Министерство финансов Республики Узбекистан"),
    ("Данные ФОМ опубликованы в среду.", "ФОМ", "ORG", "ФОМ"),
    ("Инвестиции РФПИ выросли.", "РФПИ", "ORG", "РФПИ"),
    ("ЗАЯВЛЕНИЕ ПУТИНА ОПУБЛИКОВАНО", "ПУТИНА", "PER", "ПУТИН"),
    ("Встреча прошла в Нижнем Новгороде.", "Нижнем Новгороде", "LOC", "Нижний Новгород"),
    ("Дом построен в 1970-х годах.", "1970-х годах", "DATE", "1970-е годы"),
    # foreign names the dictionary lacks: slovnet's case takes the ending off
    ("Заявление Ричарда Гренелла вызвало протест.", "Ричарда Гренелла", "PER", "Ричард Гренелл"),
    ("Дело Сергея Скрипаля расследуют.", "Сергея Скрипаля", "PER", "Сергей Скрипаль"),
    ("Встреча с Себастьяном Курцем прошла.", "Себастьяном Курцем", "PER", "Себастьян Курц"),
    ("Слова Герхарда Шрёдера услышали.", "Герхарда Шрёдера", "PER", "Герхард Шрёдер"),
    ("Позиция Доминика Рааба известна.", "Доминика Рааба", "PER", "Доминик Рааб"),
    # women's surnames stay feminine beside a woman's first name
    ("Суд оправдал Ирину Антонову.", "Ирину Антонову", "PER", "Ирина Антонова"),
    # an adjective keeps its own degree
    ("Он учится в Высшей школе экономики.", "Высшей школе экономики", "ORG", "Высшая школа экономики"),
    # hyphenated names decline part by part and keep their capitals
    ("Завод в Каменске-Уральском закрыли.", "Каменске-Уральском", "LOC", "Каменск-Уральский"),
    ("Форум в Ростове-на-Дону открылся.", "Ростове-на-Дону", "LOC", "Ростов-на-Дону"),
    ("Встреча на Даунинг-стрит прошла.", "Даунинг-стрит", "LOC", "Даунинг-стрит"),
    ("Поставки Стройинвест-НН сорваны.", "Стройинвест-НН", "ORG", "Стройинвест-НН"),
    # slovnet's nominative where no reading of the word is one: the dictionary's case
    ("Премьер поговорил с Касым-Жомартом Токаевым по телефону.", "Касым-Жомартом Токаевым",
     "PER", "Касым-Жомарт Токаев"),
    ("Маршрут проходит через Щербинку.", "Щербинку", "LOC", "Щербинка"),
    # a place's reading is a place's (``Киль``, not ``кил``)
    ("Порт в Киле открыт.", "Киле", "LOC", "Киль"),
    ("Мы гуляли по берегу Исети.", "Исети", "LOC", "Исеть"),
    # a woman's surname that is also an adjective keeps the surname's form
    ("Выступление Ольги Шершневой понравилось.", "Ольги Шершневой", "PER", "Ольга Шершнева"),
    # a woman's name ending in a consonant, and a foreign man's in -и, never decline
    ("Интервью с Линдой Вестагер вышло.", "Линдой Вестагер", "PER", "Линда Вестагер"),
    ("Слова Майкла О’Лири процитировали.", "Майкла О’Лири", "PER", "Майкл О’Лири"),
    # a man's name the dictionary knows only as a feminine word declines as a man's
    ("Компанию Илона Маска оштрафовали.", "Илона Маска", "PER", "Илон Маск"),
    # a place the dictionary only guesses; a name in quotes keeps its stem
    ("Губернатор штата Монтане ответил.", "Монтане", "LOC", "Монтана"),
    ("Он пообедал в ресторане «Мику».", "Мику", "ORG", "Мику"),
])
def test_normal_form_of_any_span(tools, text, span, kind, normal):
    start = text.index(span)
    assert pipeline.normal_form(text, start, start + len(span), kind, tools=tools) == normal


def test_normal_form_rejects_bad_arguments(tools):
    with pytest.raises(ValueError, match="type must be one of"):
        pipeline.normal_form("Москва", 0, 6, "CITY", tools=tools)
    with pytest.raises(ValueError, match="is not a span"):
        pipeline.normal_form("Москва", 3, 30, "LOC", tools=tools)


def test_a_first_name_as_the_document_writes_it(tools):
    # the dictionary lacks ``Асия`` and reads ``Асии`` as ``Асий``; the document says which
    text = "Асия Биби вышла на свободу. Адвокат Асии Биби заявил журналистам, что Асию Биби охраняют."
    mentions = pipeline.extract([text], tools=tools).mentions
    assert list(mentions[mentions.type == "PER"].normal) == ["Асия Биби"] * 3
