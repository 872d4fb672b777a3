"""Patterns from pynndescent's sources that numjit compiles: a namedtuple of numjit.typed lists
(its FlatTree) passed from Python to compiled code; results compared with plain Python."""
import importlib
from collections import namedtuple

import numpy as np
import pytest

from impl import IMPL, njit

FlatTree = namedtuple("FlatTree", ["hyperplanes", "children", "leaf_size"])


def leaves(tree):
    total = 0.0
    n = 0
    for i in range(len(tree.children)):
        if tree.children[i][0] == -1:
            total += tree.hyperplanes[i].sum()
            n += 1
    tree.children.append((-1, -1))          # the typed list is shared with the caller
    return total, n, tree.leaf_size


@pytest.mark.numjit_only
def test_namedtuple_of_typed_lists():
    typed = importlib.import_module(f"{IMPL}.typed")
    planes = [np.arange(3.0), np.ones(2), np.array([0.5, -2.0])]
    kids = [(-1, -1), (0, 2), (-1, -1)]
    compiled_tree = FlatTree(typed.List(planes), typed.List(kids), 7)
    plain_tree = FlatTree(list(planes), list(kids), 7)
    assert njit(leaves)(compiled_tree) == leaves(plain_tree)
    assert list(compiled_tree.children) == plain_tree.children
