"""Genuine ``numpy.ufunc`` objects from compiled loop addresses, through ctypes.

NumPy's C API is reached through the ``_UFUNC_API`` capsule of
``numpy._core._multiarray_umath``; every ufunc is made by slot 42,
``PyUFunc_FromFuncAndDataAndSignatureAndIdentity`` (slots 1 and 31, the plain
and gufunc constructors, are thin wrappers of it).  NumPy keeps pointers to
the function / data / type / name / doc / signature buffers without copying
them, so an owner object holds them and is attached to the ufunc through
``ufunc->obj``, which ``ufunc_dealloc`` releases: the buffers live exactly as
long as the ufunc.

    >>> import numpy as np
    >>> u = make_ufunc("nothing", "no loops yet", [], nin=2, nout=1, identity=0)
    >>> isinstance(u, np.ufunc), u.nin, u.nout, u.identity, u.types
    (True, 2, 1, 0, [])
    >>> get_owner(u).name
    b'nothing'

A loop is ``(type_nums, address)``: ``type_nums`` are NumPy type numbers (or
anything ``np.dtype`` accepts) for the inputs then the outputs, e.g.
``((11, 11, 11), addr)`` for ``ff->f``; ``address`` is the machine address of a
``void loop(char **args, npy_intp *dims, npy_intp *steps, void *data)``, e.g.
from ``numjit.ufunc.loops``.  Loops are tried in the order given.  Use
``np.dtype(np.int64).num`` (``long``, 7 on Linux), not ``longlong`` (9), for
int64 arrays.

Identity (the value ``reduce`` starts from):

| `identity` | NumPy constant | ``ufunc.identity`` |
|---|---|---|
| ``None`` (default) | ``PyUFunc_None`` (-1): no identity, reduce of empty fails | None |
| ``"reorderable"`` | ``PyUFunc_ReorderableNone`` (-2): no identity, multi-axis reduce allowed | None |
| ``0`` / ``1`` / ``-1`` (Python int) | ``PyUFunc_Zero`` / ``One`` / ``MinusOne`` | 0 / 1 / -1 |
| any other object (``np.inf``, ``True``, ``2.5``) | ``PyUFunc_IdentityValue`` (-3) with that object | the object |

The ``PyUFuncObject`` offsets used (NumPy 2.x, 64-bit) are checked at import
against a freshly made ufunc; a mismatch raises ImportError instead of
corrupting memory.
"""
import ctypes

import numpy as np

PyUFunc_Zero, PyUFunc_One, PyUFunc_MinusOne = 0, 1, 2
PyUFunc_None, PyUFunc_ReorderableNone, PyUFunc_IdentityValue = -1, -2, -3

# PyUFuncObject field -> (byte offset, ctypes type); NumPy 2.x, 64-bit
_FIELDS = {
    "nin": (16, ctypes.c_int), "nout": (20, ctypes.c_int), "nargs": (24, ctypes.c_int),
    "identity": (28, ctypes.c_int), "functions": (32, ctypes.c_void_p),
    "data": (40, ctypes.c_void_p), "ntypes": (48, ctypes.c_int),
    "name": (56, ctypes.c_void_p), "types": (64, ctypes.c_void_p),
    "doc": (72, ctypes.c_void_p), "obj": (88, ctypes.c_void_p),
    "core_signature": (136, ctypes.c_void_p), "op_flags": (176, ctypes.c_void_p),
    "iter_flags": (184, ctypes.c_uint32),
}
# ufunc->op_flags[i] for an input the kernel writes to (numba's writable_args): NumPy's iterator
# then treats it as read-write, and a temporary copy (a cast) is written back to the argument
NPY_ITER_READWRITE, NPY_ITER_UPDATEIFCOPY = 0x00010000, 0x00800000

_SLOT_TYPE, _SLOT_FROM_SPEC_ALL = 0, 42
_CONSTANT_IDENTITY = {0: PyUFunc_Zero, 1: PyUFunc_One, -1: PyUFunc_MinusOne}
_NAMED_IDENTITY = {None: PyUFunc_None, "reorderable": PyUFunc_ReorderableNone}


def _ufunc_api():
    get = ctypes.pythonapi.PyCapsule_GetPointer
    get.restype = ctypes.c_void_p
    get.argtypes = [ctypes.py_object, ctypes.c_char_p]
    from numpy._core import _multiarray_umath
    return ctypes.cast(get(_multiarray_umath._UFUNC_API, None), ctypes.POINTER(ctypes.c_void_p))


_api = _ufunc_api()
if _api[_SLOT_TYPE] != id(np.ufunc):
    raise ImportError("numpy _UFUNC_API slot 0 is not PyUFunc_Type: unsupported NumPy build")

# PyObject *PyUFunc_FromFuncAndDataAndSignatureAndIdentity(func, data, types, ntypes, nin,
#     nout, identity, name, doc, unused, signature, identity_value)
_from_func = ctypes.PYFUNCTYPE(
    ctypes.py_object, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int,
    ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int,
    ctypes.c_void_p, ctypes.c_void_p)(_api[_SLOT_FROM_SPEC_ALL])

_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None


class UfuncOwner:
    """Keeps every buffer NumPy points into alive; attached as ``ufunc->obj``.

    `extra` is whatever the caller passed as ``owner_extra`` (compiled
    libraries, the Python kernel, ...).
    """

    def __init__(self, name, doc, loops, nin, nout, signature, identity_value, extra):
        nargs = nin + nout
        self.name = name.encode() if isinstance(name, str) else bytes(name)
        self.loops = list(loops)
        self.nin, self.nout = nin, nout
        self._name = ctypes.create_string_buffer(self.name)
        self._doc = ctypes.create_string_buffer((doc or "").encode())
        self._signature = (ctypes.create_string_buffer(signature.encode())
                           if signature is not None else None)
        count = max(len(self.loops), 1)
        self._funcs = (ctypes.c_void_p * count)(*[addr for _, addr in self.loops])
        self._data = (ctypes.c_void_p * count)()
        type_nums = []
        for types, _ in self.loops:
            if len(types) != nargs:
                raise ValueError(f"loop types {types!r} do not have nin + nout = {nargs} entries")
            type_nums.extend(_type_num(t) for t in types)
        self._types = (ctypes.c_ubyte * max(len(type_nums), 1))(*type_nums)
        self.identity_value = identity_value
        self.extra = extra

    def create(self, identity):
        sig = ctypes.addressof(self._signature) if self._signature is not None else None
        value = id(self.identity_value) if identity == PyUFunc_IdentityValue else None
        return _from_func(ctypes.addressof(self._funcs), ctypes.addressof(self._data),
                          ctypes.addressof(self._types), len(self.loops), self.nin, self.nout,
                          identity, ctypes.addressof(self._name), ctypes.addressof(self._doc),
                          0, sig, value)


def _type_num(t):
    if isinstance(t, (int, np.integer)) and not isinstance(t, bool):
        return int(t)
    return np.dtype(t).num


def _identity_code(identity):
    if isinstance(identity, str) or identity is None:
        if identity not in _NAMED_IDENTITY:
            raise ValueError(f"unknown identity {identity!r}")
        return _NAMED_IDENTITY[identity]
    if type(identity) is int and identity in _CONSTANT_IDENTITY:
        return _CONSTANT_IDENTITY[identity]
    return PyUFunc_IdentityValue


def _read(uf, field):
    offset, ctype = _FIELDS[field]
    return ctype.from_address(id(uf) + offset).value


def _attach(uf, owner):
    slot = ctypes.c_void_p.from_address(id(uf) + _FIELDS["obj"][0])
    if slot.value:
        raise RuntimeError("ufunc->obj is already set")
    _incref(owner)
    slot.value = id(owner)


def make_ufunc(name, doc, loops, nin, nout, identity=None, signature=None, owner_extra=None, writable=()):
    """Build a ``numpy.ufunc`` (a gufunc when `signature`, e.g. ``"(n),()->(n)"``).

    `loops`: list of ``(type_nums, loop_address)``, see the module docstring.
    `owner_extra`: any object to keep alive as long as the ufunc (``get_owner(u).extra``).
    `writable`: positions of inputs the loops write to (written back when NumPy copies them).
    """
    if nin < 0 or nout < (0 if signature else 1):     # a gufunc may only update its inputs
        raise ValueError("a ufunc needs nin >= 0 and nout >= 1 (a gufunc: nout >= 0)")
    code = _identity_code(identity)
    value = identity if code == PyUFunc_IdentityValue else None
    owner = UfuncOwner(name, doc, loops, nin, nout, signature, value, owner_extra)
    uf = owner.create(code)
    _attach(uf, owner)
    if writable:
        flags = ctypes.cast(_read(uf, "op_flags"), ctypes.POINTER(ctypes.c_uint32))
        for i in writable:
            if not 0 <= i < nin:
                raise ValueError(f"writable operand {i} is not an input of a ufunc with {nin} inputs")
            flags[i] = NPY_ITER_READWRITE | NPY_ITER_UPDATEIFCOPY
    return uf


def get_owner(uf):
    """The :class:`UfuncOwner` attached to `uf`, or None for other ufuncs."""
    if not isinstance(uf, np.ufunc):
        raise TypeError(f"{uf!r} is not a numpy.ufunc")
    address = _read(uf, "obj")
    if not address:
        return None
    obj = ctypes.cast(address, ctypes.py_object).value
    return obj if isinstance(obj, UfuncOwner) else None


def _check_layout():
    """Make a ufunc and read its fields back at the offsets we rely on."""
    owner = UfuncOwner("numjit_layout_probe", "probe", [((12, 12, 12), None)], 2, 1,
                       None, None, None)
    uf = owner.create(PyUFunc_One)
    expected = {
        "nin": 2, "nout": 1, "nargs": 3, "identity": PyUFunc_One, "ntypes": 1,
        "functions": ctypes.addressof(owner._funcs), "data": ctypes.addressof(owner._data),
        "name": ctypes.addressof(owner._name), "types": ctypes.addressof(owner._types),
        "doc": ctypes.addressof(owner._doc), "obj": None,
    }
    wrong = {f: (_read(uf, f), v) for f, v in expected.items() if _read(uf, f) != v}
    gu = UfuncOwner("numjit_layout_probe", "probe", [((12, 12), None)], 1, 1, "(n)->()", None, None).create(
        PyUFunc_None)
    flags = _read(gu, "op_flags")
    if (not _read(gu, "core_signature") or ctypes.string_at(_read(gu, "core_signature")) != b"(n)->()"
            or not flags or list((ctypes.c_uint32 * 2).from_address(flags)) != [0, 0]
            or _read(gu, "iter_flags") != 0):
        wrong["core_signature/op_flags"] = "unexpected"
    if wrong or (uf.nin, uf.nout, uf.types) != (2, 1, ["dd->d"]):
        raise ImportError(f"numpy.ufunc layout differs from NumPy 2.x (field: (read, expected)) "
                          f"{wrong}; numjit cannot build ufuncs with NumPy {np.__version__}")


_check_layout()
