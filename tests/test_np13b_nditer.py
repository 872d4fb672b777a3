"""np.nditer with several operands (NumPy's broadcasting), op_flags (read-only, readwrite,
writeonly), flags (multi_index, c_index, f_index, zerosize_ok), order=, `with ... as it:` and the
manual protocol (finished, value, iternext, reset) in
compiled code vs. NumPy's own nditer on the same inputs: the same items in the same order, the
same indexes, the same writes, NumPy's errors."""
import numpy as np
import pytest

from impl import njit
from numjit.errors import TypingError


def walk(a, b):
    k, c, f, an = [], [], [], []
    it = np.nditer([a, b], flags=['multi_index', 'c_index'])
    for x, y in it:
        k.append((it.multi_index, it.index, x * 1.0, y * 1.0))
    it = np.nditer((a, b), flags=('f_index',), order='C')
    for x, y in it:
        c.append((it.index, x * 1.0, y * 1.0))
    for x, y in np.nditer([a, b], order='F'):
        f.append((x * 1.0, y * 1.0))
    it = np.nditer([b, a], order='A', flags=['multi_index'])
    for y, x in it:
        an.append((it.multi_index, x * 1.0, y * 1.0))
    return k, c, f, an, it.itersize


def as_plain(v):
    """NumPy's items are 0-d arrays (x * 1.0 too) and its indexes Python ints: compare values."""
    if isinstance(v, (list, tuple)):
        return type(v)(as_plain(x) for x in v)
    return np.asarray(v).tolist()


def test_orders_and_indexes_match_numpy():
    f = njit(walk)
    base = np.arange(24.0).reshape(2, 3, 4)
    # two signatures (compilation dominates): F operands (order="A" picks F), a 2-d one broadcast;
    cases = [(np.asfortranarray(base), np.asfortranarray(np.arange(12).reshape(3, 4))),
             # views: negative strides, transposed, size-1 axes, both operands broadcast
             (base[::-1, :, ::2], np.arange(6).reshape(1, 3, 2)[:, ::-1]),
             (base.transpose(2, 0, 1)[::-2, :, :1], np.arange(6).reshape(2, 1, 3)[:, :, ::-1]),
             (base[:, :1, :], np.arange(8).reshape(2, 1, 4)[:, :, ::-1])]
    for a, b in cases:
        got, want = f(a, b), walk(a, b)
        assert as_plain(got) == as_plain(want), (a.strides, b.strides)


def write(a, b):
    with np.nditer([a, b], op_flags=[['readwrite'], ['readonly']]) as it:
        for x, y in it:
            x[...] = 2 * x + y
    for z in np.nditer(a, op_flags=['writeonly', 'nbo'], order='F'):
        z[...] = z - 0.5
    with np.nditer(a, op_flags=[['readwrite']]) as it:
        for z in it:
            z[...] = z * z
    return a


def test_writable_operands():
    f = njit(write)
    for a in (np.arange(6.0).reshape(2, 3), np.asfortranarray(np.arange(6.0).reshape(2, 3)),
              np.arange(12.0).reshape(3, 4)[::-2, 1:]):
        b = np.array([1.0, -2.0, 3.0])
        assert np.array_equal(f(a.copy(), b), write(a.copy(), b))


def forms(a, s):
    one = [x * 1.0 for x in np.nditer((a,))]                  # one operand in a tuple: bare views
    scalars = [(x * 1.0, y * 1.0) for x, y in np.nditer((a, 2.5))]
    zero_d = [(x * 1.0, y * 1.0) for x, y in np.nditer([s, a[0]])]
    it = np.nditer(a[:0], flags=['zerosize_ok', 'refs_ok'])
    empty = [x * 1.0 for x in it]
    expressions = [(x * 1.0, y * 1.0) for x, y in np.nditer((a * 2.0, a[0] - 1.0))]
    return one, scalars, zero_d, empty, it.itersize, expressions


def test_operand_forms():
    a, s = np.arange(6.0).reshape(3, 2)[::-1], np.array(7.0)
    got, want = njit(forms)(a, s), forms(a, s)
    assert as_plain(got) == as_plain(want)


def manual(a, b):
    out = []
    it = np.nditer([a, b], flags=['multi_index', 'f_index'])
    while not it.finished:
        x, y = it.value
        out.append((it.multi_index, it.index, it.iterindex, x * 1.0, y * 1.0))
        it.iternext()
    after = it.iternext()
    it.reset()
    again = [x * 1.0 for x, y in it]
    return out, after, again


def test_manual_protocol():
    a, b = np.arange(6.0).reshape(2, 3)[:, ::-1], np.arange(3)
    assert as_plain(njit(manual)(a, b)) == as_plain(manual(a, b))

    def past_end(a):
        it = np.nditer(a, flags=['multi_index'])
        while it.iternext():
            pass
        return it.multi_index

    with pytest.raises(ValueError, match="^Iterator is past the end$"):
        past_end(a)
    with pytest.raises(ValueError, match="^Iterator is past the end$"):
        njit(past_end)(a)


def test_errors():
    def mismatch(a, b):
        for x, y in np.nditer([a, b]):
            pass

    def broadcast_written(a, b):
        for x, y in np.nditer([a, b], op_flags=[['readwrite'], ['readonly']]):
            pass

    def empty(a):
        for x in np.nditer(a):
            pass

    def untracked(a):
        it = np.nditer(a)
        for x in it:
            return it.multi_index
        return (0,)

    a = np.zeros((2, 3))
    for fn, args in ((mismatch, (a, np.zeros(6))), (broadcast_written, (np.zeros(3), a)),
                     (broadcast_written, (np.zeros((1, 3)), a)), (empty, (np.zeros((2, 0)),)),
                     (untracked, (np.zeros(1),))):
        with pytest.raises(ValueError) as want:
            fn(*args)
        with pytest.raises(ValueError) as got:
            njit(fn)(*args)
        assert str(got.value) == str(want.value)

    def external(a):                  # (external_loop alone: tests/test_np11_breadth.py)
        for x in np.nditer(a, flags=['external_loop', 'buffered']):
            pass

    def unknown(a):
        for x in np.nditer(a, flags=['foo']):
            pass

    def bad_order(a):
        for x in np.nditer(a, order='X'):
            pass

    def two_accesses(a):
        for x in np.nditer(a, op_flags=['readonly', 'readwrite']):
            pass

    def too_few(a):
        for x in np.nditer((a, a), op_flags=[['readwrite']]):
            pass

    def read_only_write(a):
        for x in np.nditer(a):
            x[...] = 1.0

    def temporary_written(a):
        for x in np.nditer(a + 1.0, op_flags=['readwrite']):
            pass

    def list_variable(a):
        ops = [a, a]
        for x, y in np.nditer(ops):
            pass

    frozen = np.zeros(3)
    frozen.setflags(write=False)

    def frozen_written(a):
        for x in np.nditer(a, op_flags=['readwrite']):
            pass

    for fn, text, arg in ((external, "'buffered' is not supported", a),
                          (unknown, 'Unexpected iterator global flag "foo"', a),
                          (bad_order, "order must be one of 'C', 'F', 'A', or 'K'", a),
                          (two_accesses, "Only one of the iterator flags", a),
                          (too_few, "per-op flag-tuples", a), (read_only_write, "read-only", a),
                          (frozen_written, "write flag set is read-only", frozen),
                          (temporary_written, "not an array expression", a),
                          (list_variable, "a list variable's length is not known", a)):
        with pytest.raises(TypingError, match=text):
            njit(fn)(arg)
