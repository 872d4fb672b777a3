"""Scalar and gufunc kernels for tests/test_vectorize.py and tests/test_guvectorize.py.

The plain functions are undecorated (each test module compiles them once, with
the signatures it needs).  The decorated objects at the bottom are the ones
the pickling tests send to a fresh process: they must live at module level of
an importable module, as for any pickled function.

    >>> clip(5.0, 0.0, 1.0), floordiv(7, 2), sign_sqrt(-4.0)
    (1.0, 3, -2.0)
"""
import math

from impl import impl_module


# -- scalar kernels (vectorize) ------------------------------------------------------

def add(x, y):
    return x + y


def mul_add(x, y):
    return x * y + 1


def clip(y, a, b):
    """The seed article's clip: an if-chain, NaN falls through unchanged."""
    if y < a:
        return a
    if y > b:
        return b
    return y


def sign_sqrt(x):
    """if/else around a math call: sqrt of |x| with the sign of x."""
    if x >= 0:
        return math.sqrt(x)
    else:
        return -math.sqrt(-x)


def floordiv(a, b):
    return a // b


def negate(x):
    return -x


def both_not(x, y):
    return x and not y


# -- gufunc kernels (guvectorize) ----------------------------------------------------

def shift(x, c, out):
    """(n),()->(n): out = x + c"""
    for i in range(x.shape[0]):
        out[i] = x[i] + c


def matvec(a, v, out):
    """(m,n),(n)->(m): out = a @ v"""
    for i in range(a.shape[0]):
        s = 0.0
        for j in range(a.shape[1]):
            s += a[i, j] * v[j]
        out[i] = s


def total(x, out):
    """(n)->(): out[0] = sum(x)"""
    s = 0.0
    for i in range(x.shape[0]):
        s += x[i]
    out[0] = s


def int_quotients(x, d, out):
    """(n),()->(n) on ints: raises ZeroDivisionError for d == 0 under error_model="python"."""
    for i in range(x.shape[0]):
        out[i] = x[i] // d


# -- module-level ufuncs and gufuncs, for the pickling round trip -----------------------

vectorize, guvectorize = impl_module.vectorize, impl_module.guvectorize

pickle_add = vectorize(["float64(float64, float64)", "int64(int64, int64)"])(add)
pickle_lazy = vectorize(mul_add)
pickle_shift = guvectorize(["void(float64[:], float64, float64[:])"], "(n),()->(n)")(shift)
pickle_lazy_shift = guvectorize("(n),()->(n)")(shift)


@vectorize(["float64(float64)"])
def decorated_negate(x):
    return -x
