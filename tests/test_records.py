"""Structured (record) arrays in compiled code, compared with NumPy on the same inputs: fields of
every numeric dtype, packed and aligned layouts, `a[i].x` / `a[i]["x"]` reads and writes, `a["x"]`
strided views, record scalars (np.void) passed in and returned, nested records, fixed-size
subarray fields, record arrays made in compiled code, and errors.
"""
import numpy as np
import pytest

from impl import COMPILE_ERRORS, njit

FIELDS = [("b", "?"), ("i1", "i1"), ("u1", "u1"), ("i2", "i2"), ("u2", "u2"), ("i4", "i4"),
          ("u4", "u4"), ("i8", "i8"), ("u8", "u8"), ("f4", "f4"), ("f8", "f8"), ("c8", "c8"),
          ("c16", "c16"), ("d", "M8[D]"), ("t", "m8[s]")]
PACKED = np.dtype(FIELDS)
ALIGNED = np.dtype(FIELDS, align=True)


def filled(dtype, n=5, seed=0):
    rng = np.random.default_rng(seed)
    a = np.zeros(n, dtype)
    for name in dtype.names:
        kind = dtype[name].kind
        if kind == "b":
            a[name] = rng.integers(0, 2, n).astype(bool)
        elif kind in "iu":
            info = np.iinfo(dtype[name])
            a[name] = rng.integers(info.min, info.max, n, dtype=dtype[name], endpoint=True)
        elif kind in "fc":
            a[name] = rng.normal(size=n) * 100
        else:
            a[name] = rng.integers(-10**6, 10**6, n).astype(dtype[name])
    return a


def read_every_field(a, i):
    r = a[i]
    return (r.b, r.i1, r.u1, r.i2, r.u2, r.i4, r.u4, r.i8, r.u8, r.f4, r.f8, r.c8, r.c16, r.d, r.t,
            a[i]["f8"], a[-1]["i2"])


def write_every_field(a, i, src):
    r = a[i]
    s = src[i]
    r.b = not s.b
    r.i1 = s.i1 + 1
    r.u1 = s.u1 // 2
    r.i2 = s.i2 - 3
    r.u2 = s.u2 + 5
    r.i4 = s.i4 * 2
    r.u4 = s.u4 // 3
    r.i8 = s.i8 + 7
    r.u8 = s.u8                      # (uint64 // int is float64 under numba's rules)
    r.f4 = s.f4 * 2
    r.f8 = s.f8 / 3
    r.c8 = s.c8 * 1j
    r["c16"] = s["c16"] + 2
    r.d = s.d + np.timedelta64(3, "D")
    r.t = -s.t
    a[i + 1]["f8"] = 2.5


def rec(a):
    """The interpreted side reads fields as attributes through a np.recarray view of the same data
    (np.void, what compiled code returns, has no attribute access)."""
    return a.view(np.recarray)


def same_records(x, y):
    """Field by field (padding bytes of aligned records carry no value)."""
    x, y = np.asarray(x), np.asarray(y)
    assert x.dtype == y.dtype and x.shape == y.shape
    for name in x.dtype.names:
        if x.dtype[name].names:
            same_records(x[name], y[name])
        else:
            assert np.array_equal(x[name], y[name], equal_nan=x.dtype[name].kind in "fcmM"), name


def same_scalar(g, e):
    if isinstance(e, (np.datetime64, np.timedelta64)):
        assert g.dtype == e.dtype and g == e, (g, e)
    else:
        assert g == e or (g != g and e != e), (g, e)


@pytest.mark.parametrize("dtype", [PACKED, ALIGNED], ids=["packed", "aligned"])
def test_every_field_dtype_read_and_written(dtype):
    read, write = njit(read_every_field), njit(write_every_field)
    a = filled(dtype)
    for i in (0, 3, -2):
        for g, e in zip(read(a, i), read_every_field(rec(a), i)):
            same_scalar(g, e)
    src = filled(dtype, seed=1)
    got, expected = a.copy(), a.copy()
    with np.errstate(over="ignore"):
        for i in (0, 2):
            write(got, i, src)
            write_every_field(rec(expected), i, rec(src))
    same_records(got, expected)


def field_views(a):
    x = a["f8"]
    y = a["i2"]
    x[0] = -1.0
    return x, y, a["c8"], x.sum(), y.max(), a["d"].min(), (a["t"] * 2)


def test_field_views_are_strided_views():
    f = njit(field_views)
    for base in (filled(PACKED, 6), filled(ALIGNED, 6)):
        for a in (base, base[::2], base[::-1]):
            got_arr, exp_arr = a.copy(), a.copy()
            got, expected = f(got_arr), field_views(exp_arr)
            for g, e in zip(got, expected):
                if isinstance(e, np.ndarray):
                    assert g.dtype == e.dtype and np.array_equal(g, e)
                else:
                    same_scalar(g, e)
            same_records(got_arr, exp_arr)
            assert np.shares_memory(got[0], got_arr)          # a view, not a copy


def field_views_2d(a):
    v = a["y"]
    v[1, 0] = 99
    return v, v.sum(), a[1, 1].x


def test_two_dimensional_record_arrays():
    dt = np.dtype([("x", "f4"), ("y", "i8")])
    a = filled(dt, 12).reshape(3, 4)
    for arr in (a, a[:, ::2], a.T):
        g, e = arr.copy(), arr.copy()
        got, expected = njit(field_views_2d)(g), field_views_2d(rec(e))
        assert np.array_equal(got[0], expected[0]) and got[1:] == expected[1:]
        same_records(g, e)


def record_scalar(r):
    r.x = r.x + 1.0
    return r.x * r.y, r, r.y


def test_record_scalars_in_and_out():
    f = njit(record_scalar)
    for dt in (np.dtype([("x", "f8"), ("y", "i4")]), np.dtype([("x", "f8"), ("y", "i4")], align=True)):
        a, b = filled(dt, 3), filled(dt, 3)
        got, expected = f(a[1]), record_scalar(rec(b)[1])           # writes go to the array, as in NumPy
        assert got[0] == expected[0] and got[2] == expected[2]
        assert type(got[1]) is np.void and got[1].dtype == dt
        same_records(got[1], expected[1])
        same_records(a, b)
        returned = got[1]
        a["x"] = 0                                              # the returned record is a copy
        same_records(returned, expected[1])


def return_element(a, i):
    return a[i], a


def test_records_returned_and_arrays_returned_as_themselves():
    f = njit(return_element)
    a = filled(PACKED, 4)
    record, arr = f(a, 2)
    assert arr is a and type(record) is np.void and record.dtype == PACKED
    same_records(record, a[2])
    equal_dtype = np.dtype(FIELDS)                              # an equal dtype made separately
    b = filled(equal_dtype, 2)
    same_records(f(b, 1)[0], b[1])
    assert len(f.signatures) == 1
    f(filled(ALIGNED, 2), 0)                                   # another layout: another signature
    assert len(f.signatures) == 2


NESTED = np.dtype([("id", "u2"), ("pos", [("x", "f8"), ("y", "f4")]), ("mass", "f8")])


def nested(a, i):
    p = a[i].pos
    p.y = p.x * 2
    a[i]["pos"]["x"] = -1.0
    return a[i].pos.x, a[i].pos.y, a[i].id, a["mass"].sum(), p


def test_nested_records():
    f = njit(nested)
    for dt in (NESTED, np.dtype(NESTED.descr, align=True)):
        a, b = filled(dt, 4), filled(dt, 4)
        got, expected = f(a, 1), nested(rec(b), 1)
        assert got[:4] == expected[:4]
        same_records(got[4], expected[4])
        same_records(a, b)


def missing_field(a):
    return a[0].nope


def wrong_value(a):
    a[0].d = 1.5


def test_bad_fields_are_located_typing_errors():
    a = filled(PACKED, 2)
    with pytest.raises(COMPILE_ERRORS, match="no field 'nope'") as info:
        njit(missing_field)(a)
    assert "test_records.py" in str(info.value)
    with pytest.raises(COMPILE_ERRORS, match="cannot store float64 in field 'd'"):
        njit(wrong_value)(a)


def test_unsupported_field_types_are_refused():
    f = njit(lambda a: a[0])
    for dt in ([("s", "U3", (2,)), ("x", "f8")], [("x", ">f8")], [("o", "O")], [("p", [("q", "i1")], (2,))]):
        with pytest.raises((TypeError, ValueError)):
            f(np.zeros(2, dt))


def copy_records(a, b):
    a[::2] = b[:3]                    # record arrays assigned slice to slice
    a[1] = b[-1]                      # one record copied into another element
    s = 0.0
    for r in a:                       # iteration yields records
        s += r.x * r.y
    return a, s


def test_records_copied_between_elements_and_iterated():
    f = njit(copy_records)
    for dt in (np.dtype([("x", "f8"), ("y", "i4")]), np.dtype([("x", "f8"), ("y", "i4")], align=True)):
        a, b = filled(dt, 6), filled(dt, 6, seed=3)
        got, expected = f(a.copy(), b), copy_records(rec(a.copy()), rec(b))
        same_records(got[0], expected[0])
        assert got[1] == pytest.approx(expected[1], rel=1e-12)


def store_number_in_record_array(a):
    a[0] = 5


def test_storing_a_number_as_a_record_is_a_typing_error():
    with pytest.raises(COMPILE_ERRORS, match=r"\[\]="):
        njit(store_number_in_record_array)(filled(PACKED, 2))


XY = np.dtype([("x", "f8"), ("y", "i4")])


def made_in_compiled_code(n):
    a = np.zeros(n, XY)
    a[1]["x"] = 2.5
    b = np.zeros_like(a)
    b[0] = a[1]
    r = a[n - 1]
    a = np.empty(1, XY)               # the record keeps the first array's buffer alive
    r["y"] = 7
    return r, b, b[0], np.zeros(0, XY)


def test_record_arrays_made_in_compiled_code_and_records_outliving_them():
    got, expected = njit(made_in_compiled_code)(3), made_in_compiled_code(3)
    for g, e in zip(got, expected):
        assert type(g) is type(e)
        same_records(g, e)


def ones_of_records(n):
    return np.ones(n, XY)


def test_ones_of_records_is_a_typing_error():
    with pytest.raises(COMPILE_ERRORS, match="np.zeros or np.empty"):
        njit(ones_of_records)(2)


SUB = np.dtype([("id", "i2"), ("v", "f4", (3,)), ("m", "i8", (2, 2))])


def subarrays(a, i):
    r = a[i]
    r["v"][1] = -1.0
    return r["v"], r["m"], r["m"].sum(), a["v"], a["m"][1:, 0], a[i]["v"].sum(), r


def test_fixed_size_subarray_fields_are_views():
    f = njit(subarrays)
    for dt in (SUB, np.dtype(SUB.descr, align=True)):
        a = np.zeros(4, dt)
        a["id"] = [5, -6, 7, -8]
        a["v"] = np.arange(12).reshape(4, 3)
        a["m"] = np.arange(16).reshape(4, 2, 2)
        for i in (0, -1):
            g_arr, e_arr = a.copy(), a.copy()
            got, expected = f(g_arr, i), subarrays(e_arr, i)
            for g, e in zip(got[:6], expected[:6]):
                assert np.array_equal(g, e) and (not isinstance(e, np.ndarray) or g.dtype == e.dtype)
            same_records(got[6], expected[6])
            same_records(g_arr, e_arr)
            assert np.shares_memory(got[0], g_arr) and np.shares_memory(got[3], g_arr)
    view = njit(lambda r: r["v"])(a[1])             # a view of a record passed in keeps it alive
    assert np.array_equal(view, a[1]["v"]) and view.base is not None


NESTED_RO = np.dtype([("x", "f8"), ("inner", [("k", "i4"), ("v", "f4", (2,))])])


def read_only_reads(a, out):
    total = 0.0
    for r in a:                              # records of a read-only array, iterated
        total += r["x"] + r["inner"]["k"] + r["inner"]["v"][1]
    out[0] = a[1]                            # copied into a writable array
    best = out[0]
    if total > 0:
        best = a[0]                          # a read-only and a writable record: one variable
    return total, best["x"]


@pytest.mark.numjit_only          # numba writes into read-only arrays through their records
def test_records_of_read_only_arrays_read_but_never_written():
    a = np.zeros(3, NESTED_RO)
    a["x"], a["inner"]["k"], a["inner"]["v"] = [1.5, -2.0, 4.0], [3, 4, 5], [[1, 2], [3, 4], [5, 6]]
    a.setflags(write=False)
    got_out, want_out = np.zeros(1, NESTED_RO), np.zeros(1, NESTED_RO)
    assert njit(read_only_reads)(a, got_out) == read_only_reads(a, want_out)
    assert got_out.tobytes() == want_out.tobytes()

    def write_field(a):
        a[0].x = 5.0

    def write_item(a):
        r = a[1]
        r["x"] = 7.0

    def write_nested(a):
        for r in a:
            r.inner.k = 1

    def write_subarray(a):
        a[0].inner.v[0] = 1.0
    for fn in (write_field, write_item, write_nested, write_subarray):
        with pytest.raises(COMPILE_ERRORS, match="read-only"):
            njit(fn)(a)
    assert a["x"].tolist() == [1.5, -2.0, 4.0] and a["inner"]["v"][0].tolist() == [1.0, 2.0]


def recarray_fields(r):
    r.x[0] = r.x[1] * 2                      # a.x: the field's strided view, as np.recarray's
    return r.x.sum() + r[0].y, r.y.copy(), r.shape


def test_recarray_attribute_access():
    dt = np.dtype([("x", np.float64), ("y", np.int32)])
    got, want = np.rec.array([(1.0, 2), (3.0, 4)], dtype=dt), np.rec.array([(1.0, 2), (3.0, 4)], dtype=dt)
    a, b = njit(recarray_fields)(got), recarray_fields(want)
    assert a[0] == b[0] and np.array_equal(a[1], b[1]) and a[2] == b[2]
    assert got.tobytes() == want.tobytes()


TEXT = [("id", "i2"), ("name", "U3"), ("tag", "S4"), ("x", "f8")]


def text_fields(a, i, new_name, new_tag):
    r = a[i]
    seen = {}
    for e in a:                                  # str keys made from fields hash as Python's
        seen[e.name] = seen.get(e.name, 0) + 1
    out = (r.name, r.tag, r["name"] + "!", len(r.name), r.name == "ab", r.tag == b"q", len(seen),
           r.name < "b", r.tag + b".")
    r.name = new_name                            # truncated to the field, padded with NULs
    a[i + 1]["tag"] = new_tag
    a[i - 1].name = r.name[:1]
    return out + (a[i].name, a[i + 1].tag)


@pytest.mark.numjit_only          # numba reads text fields but cannot store a str into one
def test_text_fields_read_as_str_and_bytes_and_are_written_truncated():
    f = njit(text_fields)
    for dt in (np.dtype(TEXT), np.dtype(TEXT, align=True)):
        a = np.zeros(5, dt)
        a["id"], a["x"] = np.arange(5), np.linspace(0, 1, 5)
        a["name"] = ["ab", "x\xe9\U0001f600", "", "ab", "\u0101z"]
        a["tag"] = [b"q", b"abcd", b"", b"\x00x", b"zz"]
        for i, new in ((1, ("hello", b"toolong")), (2, ("\xe9", b"\x00y")), (-3, ("", b""))):
            got_a, want_a = a.copy(), a.copy()
            got, want = f(got_a, i, *new), text_fields(want_a.view(np.recarray), i, *new)
            assert got == tuple(want) and all(type(g) is type(w) or isinstance(w, (np.str_, np.bytes_))
                                              for g, w in zip(got, want))
            assert got_a.tobytes() == want_a.tobytes()
    assert njit(lambda r: (r.name, r.tag))(a[1]) == (a[1]["name"], a[1]["tag"])


def text_field_view(a):
    return a["name"]


def number_into_text(a):
    a[0].name = 5


@pytest.mark.numjit_only          # numba has views of text fields (numjit reads them element by element)
def test_text_field_views_and_wrong_stores_are_located_errors():
    a = np.zeros(2, TEXT)
    with pytest.raises(COMPILE_ERRORS, match="text field 'name' is not supported") as info:
        njit(text_field_view)(a)
    assert "test_records.py" in str(info.value)
    with pytest.raises(COMPILE_ERRORS, match="cannot store"):
        njit(number_into_text)(a)
