"""NEREL: BRAT standoff with 29 nested types; we keep PER, ORG, LOC and DATE."""

from . import brat

#: NEREL types -> our types. None: not one of the four, dropped and counted.
TYPES = {
    "PERSON": ("PER", "people"),
    "ORGANIZATION": ("ORG", "organisations"),
    "COUNTRY": ("LOC", "countries are places in our scheme (no GPE type)"),
    "CITY": ("LOC", "cities"),
    "STATE_OR_PROVINCE": ("LOC", "regions"),
    "DISTRICT": ("LOC", "districts of cities"),
    "LOCATION": ("LOC", "other geographical places: rivers, mountains, continents"),
    "DATE": ("DATE", "dates; often include a leading preposition, see the scorer's DATE diagnostic"),
    "FACILITY": (None, "buildings, airports, roads: neither ORG nor LOC in NEREL's own scheme"),
    "AGE": (None, "not a date"),
    "AWARD": (None, "not one of the four types"),
    "CRIME": (None, "not one of the four types"),
    "DISEASE": (None, "not one of the four types"),
    "EVENT": (None, "not one of the four types"),
    "FAMILY": (None, "not one of the four types"),
    "IDEOLOGY": (None, "not one of the four types"),
    "LANGUAGE": (None, "not one of the four types"),
    "LAW": (None, "not one of the four types"),
    "MONEY": (None, "not one of the four types"),
    "NATIONALITY": (None, "adjectives and demonyms are not places"),
    "NUMBER": (None, "not one of the four types"),
    "ORDINAL": (None, "not one of the four types"),
    "PENALTY": (None, "not one of the four types"),
    "PERCENT": (None, "not one of the four types"),
    "PRODUCT": (None, "not one of the four types"),
    "PROFESSION": (None, "posts are outside PER in our scheme"),
    "RELIGION": (None, "not one of the four types"),
    "TIME": (None, "times of day are not dates in our scheme"),
    "WORK_OF_ART": (None, "not one of the four types"),
}


def load(path, options):
    return brat.load(path, options, table=TYPES)
