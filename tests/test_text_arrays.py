"""Arrays of fixed-width text (NumPy dtypes "U" and "S", numba's UnicodeCharSeq/CharSeq) passed to
compiled code, compared with the same code run uncompiled on the same arrays: elements read by
index and by iteration (as str / bytes, without their trailing NULs), C/F/strided/reversed views,
empty and non-ASCII strings, stores cut to the width, views returned, and NumPy functions refusing
them. umap's supervised `target_metric="string"` passes such an array of labels to a numba
distance (levenshtein) this way.
"""
import numpy as np
import pytest

from impl import TypingError, njit

WORDS = np.array(["this", "that", "", "other", "é€😀", "a\x00b"])     # "a\x00b": an inner NUL stays


def read_everything(a, b, lev, sep):
    total = 0
    seen = []
    for s in a:                              # iteration: one str per element
        total += len(s)
        seen.append(s)
    firsts = a[0] + sep + a[-1] + sep + a[len(a) // 2]
    equal = 0
    for i in range(len(a)):
        for j in range(len(a)):
            equal += a[i] == a[j]
    rows = b[1, 0] + b[0, -1]                # 2-d indexing
    column = sep
    for s in b[:, 1]:                        # a strided view of a 2-d array
        column += s + sep
    distance = lev(a[0], a[-1]) + lev(a[-1], a[len(a) // 2])     # elements passed to a compiled function
    return total, seen, firsts, equal, rows, column, distance, a.shape, a.size, a.itemsize


def levenshtein(x, y):
    previous = list(range(len(y) + 1))
    for i in range(len(x)):
        current = [i + 1]
        for j in range(len(y)):
            current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x[i] != y[j])))
        previous = current
    return previous[len(y)]


def _plain(value):
    """NumPy's elements (np.str_, np.bytes_) as the str and bytes compiled code gives."""
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, (np.str_, np.bytes_)):
        return value.item()
    return value


@pytest.mark.numjit_only         # (numba 0.68 raises IndexError inside read_everything; not investigated)
def test_elements_read_as_python_does():
    compiled = njit(read_everything)
    lev = njit(levenshtein)
    grid = np.array([["ab", "c", ""], ["dé", "e", "fff"], ["g", "", "hh"]])
    cases = [(WORDS, grid), (WORDS[::-1], grid.T), (WORDS[::2], np.asfortranarray(grid)),
             (np.array([""]), grid[:, ::2]),
             (np.array([b"ab", b"", b"xyz"]), np.array([[b"p", b"q"], [b"r", b""]]))]
    for a, b in cases:
        sep = "|" if a.dtype.kind == "U" else b"|"
        expected = read_everything(a, b, levenshtein, sep)
        got = compiled(a, b, lev, sep)
        assert got == _plain(expected), (a, b)
        assert all(type(s) is type(expected[1][0].item()) for s in got[1])


def store(a, index, s):
    a[index] = s
    a[-1] = a[0]                             # an element read, then stored
    return a


def store_2d(a, s):
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            a[i, j] = s[: i + j]
    return a[::-1, :]                        # a view is returned as a view of the caller's array


def test_stores_are_cut_to_the_width_and_padded():
    compiled = njit(store)
    for s in ["", "x", "abc", "longer than the width", "é€😀é€😀", "a\x00"]:
        for index in (0, 1, -2):
            for dtype in ("U3", "U6"):
                expected = store(np.array(["abc", "de", "fgh", "ij"], dtype), index, s)
                got = compiled(np.array(["abc", "de", "fgh", "ij"], dtype), index, s)
                assert got.dtype == expected.dtype and got.tolist() == expected.tolist(), (s, index, dtype)
    got = njit(store)(np.array([b"abc", b"de"], "S3"), 1, b"wxyz")
    assert got.tolist() == store(np.array([b"abc", b"de"], "S3"), 1, b"wxyz").tolist()
    a, b = np.zeros((3, 2), "U4"), np.zeros((3, 2), "U4")
    got, expected = njit(store_2d)(a, "uvwxyz"), store_2d(b, "uvwxyz")
    assert got.tolist() == expected.tolist() and a.tolist() == b.tolist() and got.base is not None


def views(a):
    return a[1:], a.T, a.reshape(a.size), a[0, 1], a.dtype


def test_views_and_dtype_returned():
    a = np.array([["ab", "cde"], ["", "f"]])
    got, expected = njit(views)(a), views(a)
    for g, e in zip(got[:3], expected[:3]):
        assert g.dtype == e.dtype and g.tolist() == e.tolist()
    assert got[3] == expected[3] and got[4] == expected[4]


def first(a):
    return a[0]


def test_each_width_is_its_own_type():
    compiled = njit(first)
    for a in (np.array(["abc"]), np.array(["abcdef"]), np.array(["x"], "U1"), np.array([b"x"])):
        assert compiled(a) == a[0].item()


def _nonzero(a):
    return np.nonzero(a)


def _count(a):
    return np.count_nonzero(a)


def _zeros(a):
    return np.zeros_like(a)


def _store_int(a):
    a[0] = 3


@pytest.mark.numjit_only
def test_numpy_functions_refuse_text():
    a = np.array(["", "x"])                  # (a NumPy function reading them as numbers would be wrong)
    for fn in (_nonzero, _count, _zeros, _store_int):
        with pytest.raises(TypingError):
            njit(fn)(a)
