"""Plain-Python functions that the tests compile, kept out of the test modules.

pytest rewrites `assert` statements in test_*.py files; numba compiles the
rewritten bytecode (which calls into pytest), so functions whose body uses
`assert` live here, where the source and the bytecode are the user's own.

    >>> raiser(9)
    90
"""


def raiser(x):
    if x == 0:
        raise ValueError("x must not be zero")
    if x == 1:
        raise IndexError("index 1 is not allowed")
    if x == 2:
        raise ZeroDivisionError("explicit division error")
    if x == 3:
        raise RuntimeError("a constant message")
    if x == 4:
        raise TypeError("wrong type")
    if x == 5:
        raise IndexError
    assert x != 6, "x is six"
    assert x != 7
    return x * 10


def assert_positive(x):
    assert x > 0, "x must be positive"
    return x
