"""Types and other constants shared by every stage."""

PER = "PER"
ORG = "ORG"
LOC = "LOC"
DATE = "DATE"

#: The four mention types the pipeline produces, in the order tables list them.
TYPES = (PER, ORG, LOC, DATE)
#: The types the neural NER model produces; DATE comes from the date grammar.
NER_TYPES = (PER, ORG, LOC)

OK = "ok"
ERROR = "error"

#: The months by their nominative, January first.
MONTHS = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль",
          "август", "сентябрь", "октябрь", "ноябрь", "декабрь")

#: pymorphy3 grammemes of a proper name: a word read so is a name, not a common word.
NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})
#: pymorphy3 grammemes of a person's name: first name, surname, patronymic.
PERSON_GRAMMEMES = frozenset({"Name", "Surn", "Patr"})
