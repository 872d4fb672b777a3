"""Enum members beyond numbers (session 8): str and tuple values, `.name`, members as dict keys
and set items, `in`/sorted/sum over lists of members. Compared with the same code run as Python."""
import enum

import pytest

from numjit import njit


class Pet(enum.Enum):
    CAT = "cat"
    DOG = "dog"
    EMU = "émeu"


class Point(enum.Enum):
    ORIGIN = (0, 0.0)
    UNIT = (1, 1.5)


class Color(enum.Enum):
    RED = 1
    GREEN = 2
    BLUE = 3


class Level(enum.IntEnum):
    HIGH = 3
    LOW = 1
    MID = 2


def values_and_names(pet, point, color, level):
    return (pet.value + "!", pet.name, pet == Pet.CAT, pet is not Pet.DOG, pet,
            point.value[1] * 2, point.name, point,
            color.name, color.value, level.name, level + 1)


def containers(pet, color, levels):
    counts = {Pet.CAT: 0, Pet.DOG: 10}
    counts[pet] = counts.get(pet, 5) + 1
    seen = {Color.RED, color}
    total = 0
    for p in [Pet.CAT, pet, Pet.CAT]:
        total += counts[p]
    return (counts, len(seen), Color.BLUE in seen, color in [Color.RED, Color.GREEN], pet in [Pet.EMU],
            total, sorted(levels), sum(levels), max(levels), Level.MID in levels)


def lookup(d, key):
    return d[key]


def test_enum_members_with_str_and_tuple_values_and_names():
    f = njit(values_and_names)
    for args in ((Pet.CAT, Point.ORIGIN, Color.RED, Level.LOW), (Pet.EMU, Point.UNIT, Color.BLUE, Level.HIGH),
                 (Pet.DOG, Point.UNIT, Color.GREEN, Level.MID)):
        got, want = f(*args), values_and_names(*args)
        assert got == want
        assert got[4] is want[4] and got[7] is want[7]        # the members themselves come back


def test_enum_members_in_dicts_sets_and_lists():
    f = njit(containers)
    for pet, color in ((Pet.CAT, Color.GREEN), (Pet.EMU, Color.BLUE), (Pet.DOG, Color.RED)):
        levels = [Level.HIGH, Level.LOW, Level.MID, Level.LOW]
        assert f(pet, color, levels) == containers(pet, color, levels)
    d = {Pet.CAT: 1.5, Pet.EMU: -2.0}
    g = njit(lookup)
    assert g(d, Pet.EMU) == lookup(d, Pet.EMU)
    with pytest.raises(KeyError) as info:
        g(d, Pet.DOG)
    assert info.value.args == (Pet.DOG,)
