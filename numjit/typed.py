"""`numjit.typed.List`, `numjit.typed.Dict` and `numjit.typed.Set`: numba's typed containers.

    >>> from numjit import njit, typed, types
    >>> d = typed.Dict.empty(key_type=types.int64, value_type=types.float64)
    >>> d[1] = 2.5
    >>> @njit
    ... def total(d):
    ...     return sum([v for v in d.values()])
    >>> total(d), dict(d)
    (2.5, {1: 2.5})
    >>> lst = typed.List([1, 2, 3]); lst.append(4); list(lst), lst[-1], len(lst)
    ([1, 2, 3, 4], 4, 4)
    >>> s = typed.Set.empty(types.int64); s.add(3); s.add(1); s.discard(3); s, 1 in s
    (Set({1}), True)

Each object holds its native structure (a meminfo address and its numjit type in two
slots, numjit/runtime/typed.py), so compiled code takes it without a copy and returns
containers it builds as typed objects. From Python, each operation is one call of a small
compiled helper; the hot ones (append, [], []=, del, in, len, get, pop, add, discard) are native
method descriptors that call the helper's compiled signature with no Python frame in between
(numjit/dispatch/methods.py), the Python methods below serving what no signature fits yet. `List()`, `Dict()` and `Set()` without types take them from the first item
stored. They pickle (as their items). A Set iterates in insertion order (as numba's does).
"""
import atexit
import ctypes
import functools
import operator
from collections.abc import MutableSet
from types import GenericAlias

from .backend import jit as _jit
from .decorators import njit
from .errors import TypingError
from .types.typed import ListType, DictType, SetType, TypedListType, TypedDictType
from .types.typeof import typeof_checked

_CANONICAL = {}


def canonical(ty):
    """The one instance of a type that typed objects point at (compared by address when unboxing)."""
    return _CANONICAL.setdefault(ty, ty)


def class_of(ty):
    return List if isinstance(ty, TypedListType) else Dict if isinstance(ty, TypedDictType) else Set


def _decref_function():
    from .runtime import memory
    memory.register()
    return ctypes.CFUNCTYPE(None, ctypes.c_void_p)(memory._state["numjit_meminfo_decref"])


for _name in ("PyLong_AsVoidPtr", "PyLong_FromVoidPtr", "PyObject_CallFunctionObjArgs"):
    _jit.add_symbol(_name, ctypes.cast(getattr(ctypes.pythonapi, _name), ctypes.c_void_p).value)
_release = []                 # the runtime's decref, once a typed object exists; emptied at exit
atexit.register(_release.clear)       # (objects alive at exit may outlive the JIT's code: leave them)


class ItemTypeError(TypingError, TypeError):
    """A key, index or item of a type the container cannot take, from Python: a TypeError as
    Python's list/dict raise (and a TypingError, as numba raises)."""


def _type_errors(method):
    """The method, with its compiled helper's refusal of the argument types as an ItemTypeError."""
    @functools.wraps(method)
    def checked(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except TypingError as exc:
            if isinstance(exc, TypeError):
                raise
            raise ItemTypeError(exc.message) from None
    return checked


class _Typed:
    __slots__ = ("_meminfo", "_numjit_type", "__weakref__")
    __class_getitem__ = classmethod(GenericAlias)   # `List[np.int64]` in annotations, as numba's

    @classmethod
    def _wrap(cls, address, ty):
        """The Python object for a native structure (boxing calls this; it takes the reference)."""
        if not _release:
            _release.append(_decref_function())
        if not _native:
            _install_native_methods()
        self = cls.__new__(cls)
        self._meminfo, self._numjit_type = address, ty
        return self

    def __del__(self):
        if getattr(self, "_meminfo", None) and _release:
            _release[0](self._meminfo)
            self._meminfo = None

    def _adopt(self, other):
        """Take over the native structure of `other` (a new typed object from a compiled helper)."""
        self._meminfo, self._numjit_type = other._meminfo, other._numjit_type
        other._meminfo = None

    @property
    def _numba_type_(self):
        return self._numjit_type

    def __len__(self):
        return 0 if self._numjit_type is None else _len(self)

    def clear(self):
        if self._numjit_type is not None:
            _clear(self)

    def copy(self):
        return type(self)() if self._numjit_type is None else _copy(self)

    def __repr__(self):
        return f"{type(self).__name__}({self._items()!r})"


# -- List ---------------------------------------------------------------------------------------------------

class List(_Typed):
    __slots__ = ()

    def __init__(self, iterable=None):
        self._meminfo = self._numjit_type = None
        if iterable is not None:
            items = iterable if type(iterable) is list else list(iterable)
            try:
                native = _list_from(items) if items else None
            except TypeError:                     # items a Python list cannot pass (typed containers)
                native = None
                self.extend(items)
            if native is not None:
                self._adopt(native)

    @classmethod
    def empty_list(cls, item_type, allocated=0):
        return _empty_list(canonical(ListType(item_type)))

    @_type_errors
    def append(self, item):
        if self._numjit_type is None:             # List(): typed by its first item
            self._adopt(_empty_list(canonical(ListType(typeof_checked(item)))))
        _append(self, item)

    def extend(self, items):
        for item in items:
            self.append(item)

    @_type_errors
    def __getitem__(self, i):
        try:
            return _getitem(self, i)
        except TypeError:                         # a slice, or a List() with no items yet
            if isinstance(i, slice):
                return List(self._items()[i])
            if self._numjit_type is None:
                raise IndexError("list index out of range") from None
            raise

    @_type_errors
    def __setitem__(self, i, item):
        if self._numjit_type is None:
            raise IndexError("list assignment index out of range")
        _setitem(self, i, item)

    @_type_errors
    def pop(self, *index):
        if len(index) > 1:
            raise TypeError(f"pop expected at most 1 argument, got {len(index)}")
        if self._numjit_type is None:
            raise IndexError("pop from empty list")
        return _pop(self, *index) if index else _pop_last(self)

    def insert(self, i, item):
        if self._numjit_type is None:
            self.append(item)
        else:
            _insert(self, i, item)

    def __delitem__(self, i):
        self.pop(i)

    def _method(self, helper, *args, empty=None):
        return empty if self._numjit_type is None else helper(self, *args)

    def index(self, item):
        if item not in self:
            raise ValueError(f"{item!r} is not in list")
        return self._method(_index, item)

    def count(self, item):
        return self._method(_count, item, empty=0)

    def remove(self, item):
        if item not in self:
            raise ValueError("list.remove(x): x not in list")
        self._method(_remove, item)

    def sort(self, reverse=False):
        self._method(_sort, reverse)

    def reverse(self):
        self._method(_reverse)


    def _items(self):
        return [] if self._numjit_type is None else _to_list(self)

    def __iter__(self):
        return iter(self._items())

    def __contains__(self, item):
        return item in self._items()

    def __eq__(self, other):
        return self._items() == (other._items() if isinstance(other, List) else other)

    def _order(op):
        def compare(self, other):               # as lists: item by item, then by length
            if not isinstance(other, List):
                return NotImplemented
            return op(self._items(), other._items())
        return compare

    __lt__, __le__, __gt__, __ge__ = map(_order, (operator.lt, operator.le, operator.gt, operator.ge))
    del _order

    def __reduce__(self):
        return _rebuild_list, (self._numjit_type, self._items())


def _rebuild_list(ty, items):
    out = List() if ty is None else List.empty_list(ty.dtype)
    out.extend(items)
    return out


# -- Dict -----------------------------------------------------------------------------------------------------

class Dict(_Typed):
    __slots__ = ()

    def __init__(self, *args, **kwargs):
        self._meminfo = self._numjit_type = None
        if args or kwargs:
            self.update(dict(*args, **kwargs))

    @classmethod
    def empty(cls, key_type, value_type, n_keys=0):
        return _empty_dict(canonical(DictType(key_type, value_type)))

    @_type_errors
    def __setitem__(self, key, value):
        if self._numjit_type is None:             # Dict(): typed by its first item
            self._adopt(_empty_dict(canonical(DictType(typeof_checked(key), typeof_checked(value)))))
        _setitem(self, key, value)

    @_type_errors
    def __getitem__(self, key):
        try:
            return _getitem(self, key)
        except KeyError:
            raise KeyError(key) from None
        except TypeError:
            if self._numjit_type is None:
                raise KeyError(key) from None
            raise

    @_type_errors
    def __delitem__(self, key):
        if self._numjit_type is None:
            raise KeyError(key)
        try:
            _delitem(self, key)
        except KeyError:
            raise KeyError(key) from None

    @_type_errors
    def __contains__(self, key):
        return self._numjit_type is not None and _contains(self, key)

    def get(self, key, default=None):
        if default is None and self._numjit_type is not None and key in self:
            return _get(self, key)                # compiles what the native method calls
        return self[key] if key in self else default

    def setdefault(self, key, default=None):
        if key not in self:
            self[key] = default
        return self[key]

    def pop(self, key, *default):
        if key in self:
            return _pop(self, key)                # (the native method calls it from then on)
        if default:
            return default[0]
        raise KeyError(key)

    def update(self, other):
        for key, value in (other.items() if hasattr(other, "items") else other):
            self[key] = value

    def popitem(self):
        if not len(self):
            raise KeyError("popitem(): dictionary is empty")
        return _popitem(self)


    def _items(self):
        return {} if self._numjit_type is None else _to_dict(self)

    def items(self):
        return self._items().items()

    def keys(self):
        return self._items().keys()

    def values(self):
        return self._items().values()

    def __iter__(self):
        return iter([] if self._numjit_type is None else _keys(self))

    def __eq__(self, other):
        return self._items() == (other._items() if isinstance(other, Dict) else other)

    def __reduce__(self):
        return _rebuild_dict, (self._numjit_type, self._items())


def _rebuild_dict(ty, items):
    out = Dict() if ty is None else Dict.empty(ty.key_type, ty.value_type)
    out.update(items)
    return out


# -- Set --------------------------------------------------------------------------------------------------------

class Set(_Typed, MutableSet):
    """numba's typed.Set; the set operators of collections.abc.MutableSet come on top, and the
    methods a Python set has run as one compiled call each."""
    __slots__ = ()

    def __init__(self, iterable=None):
        self._meminfo = self._numjit_type = None
        if iterable is not None:
            self.update(iterable)

    @classmethod
    def empty(cls, key_type):
        return _empty_set(canonical(SetType(key_type)))

    @classmethod
    def _from_iterable(cls, iterable):
        return cls(iterable)

    @_type_errors
    def add(self, key):
        if self._numjit_type is None:             # Set(): typed by its first item
            self._adopt(_empty_set(canonical(SetType(typeof_checked(key)))))
        _add(self, key)

    def update(self, *others):
        for other in others:
            items = other if isinstance(other, Set) and other._numjit_type == self._numjit_type else list(other)
            if self._numjit_type is None and items:
                self.add(next(iter(items)))
            if self._numjit_type is not None and len(items):
                _update(self, items)

    @_type_errors
    def discard(self, key):
        if self._numjit_type is not None:
            _discard(self, key)

    def remove(self, key):
        if key not in self:
            raise KeyError(key)
        _discard(self, key)

    def pop(self):
        if not len(self):
            raise KeyError("pop from an empty set")
        return _set_pop(self)

    @_type_errors
    def __contains__(self, key):
        return self._numjit_type is not None and _contains(self, key)


    def _items(self):
        return [] if self._numjit_type is None else _set_items(self)

    def __iter__(self):
        return iter(self._items())

    def __eq__(self, other):
        if isinstance(other, (Set, set, frozenset)):
            return len(self) == len(other) and all(x in other for x in self._items())
        return NotImplemented

    __hash__ = None

    def union(self, *others):
        out = self.copy()
        out.update(*others)
        return out

    def intersection(self, other):
        return self & set(other)

    def difference(self, other):
        return self - set(other)

    def symmetric_difference(self, other):
        return self ^ set(other)

    def intersection_update(self, other):
        self &= set(other)

    def difference_update(self, other):
        self -= set(other)

    def symmetric_difference_update(self, other):
        self ^= set(other)

    def issubset(self, other):
        return self <= set(other)

    def issuperset(self, other):
        return self >= set(other)

    def __repr__(self):
        return f"Set({{{', '.join(map(repr, self._items()))}}})"

    def __reduce__(self):
        return _rebuild_set, (self._numjit_type, self._items())


def _rebuild_set(ty, items):
    out = Set() if ty is None else Set.empty(ty.key_type)
    out.update(items)
    return out


# -- the compiled helpers (one specialisation per container type) ----------------------------------------------

@njit
def _append(lst, item):
    lst.append(item)


@njit
def _getitem(c, i):
    return c[i]


@njit
def _setitem(c, i, item):
    c[i] = item


@njit
def _delitem(c, key):
    del c[key]


@njit
def _contains(c, key):
    return key in c


@njit
def _len(c):
    return len(c)


@njit
def _pop(c, key):
    return c.pop(key)


@njit
def _pop_last(lst):
    return lst.pop()


@njit
def _insert(lst, i, item):
    lst.insert(i, item)


@njit
def _index(lst, item):
    return lst.index(item)


@njit
def _count(lst, item):
    return lst.count(item)


@njit
def _remove(lst, item):
    lst.remove(item)


@njit
def _sort(lst, reverse):
    lst.sort(reverse=reverse)


@njit
def _reverse(lst):
    lst.reverse()


@njit
def _clear(c):
    c.clear()


@njit
def _copy(c):
    return c.copy()


@njit
def _add(s, key):
    s.add(key)


@njit
def _discard(s, key):
    s.discard(key)


@njit
def _set_pop(s):
    return s.pop()


@njit
def _update(s, items):
    for x in items:
        s.add(x)


@njit
def _set_items(s):
    return [x for x in s]


@njit
def _get(d, key):
    return d.get(key)


@njit
def _keys(d):
    return [k for k in d]


@njit
def _popitem(d):
    return d.popitem()


_native = []             # [True] once the hot methods below are native (on the first typed object)


def _install_native_methods():
    """Make the hot methods native method descriptors calling the compiled helpers' signatures
    with no Python frame (numjit/dispatch/methods.py); the Python methods above stay their
    fallback (untyped containers, first calls, other item types, slices)."""
    from .dispatch import methods
    from .pipeline import COMPILER_LOCK
    with COMPILER_LOCK:
        if _native:
            return
        methods.install(List, [("append", (None, _append)), ("__getitem__", (None, _getitem)),
                               ("__setitem__", (None, None, _setitem)), ("__len__", (_len,)),
                               ("pop", (_pop_last, _pop))])
        methods.install(Dict, [("__getitem__", (None, _getitem)), ("__setitem__", (None, None, _setitem)),
                               ("__delitem__", (None, _delitem)), ("__contains__", (None, _contains)),
                               ("__len__", (_len,)), ("get", (None, _get)), ("pop", (None, _pop))])
        methods.install(Set, [("add", (None, _add)), ("discard", (None, _discard)),
                              ("__contains__", (None, _contains)), ("__len__", (_len,))])
        _native.append(True)


def as_python(container):
    """In compiled code: the typed container retyped as a plain list/dict, which boxes into a new
    Python list/dict straight from the native items (numjit/intrinsics/typed.py)."""
    raise NotImplementedError("as_python() runs in compiled code only")


@njit
def _to_list(lst):
    return as_python(lst)


@njit
def _to_dict(d):
    return as_python(d)


def as_typed(items):
    """In compiled code: a Python list passed in, as a typed.List (numjit/intrinsics/typed.py)."""
    raise NotImplementedError("as_typed() runs in compiled code only")


@njit
def _list_from(items):
    return as_typed(items)


_makers = {}


def _empty_list(ty):
    """A new empty typed.List of type ty, made by a compiled function (one per type)."""
    maker = _makers.get(ty)
    if maker is None:
        maker = _makers[ty] = _list_maker(ty.dtype)
    return maker()


def _empty_dict(ty):
    maker = _makers.get(ty)
    if maker is None:
        maker = _makers[ty] = _dict_maker(ty.key_type, ty.value_type)
    return maker()


def _empty_set(ty):
    maker = _makers.get(ty)
    if maker is None:
        maker = _makers[ty] = _set_maker(ty.key_type)
    return maker()


def _list_maker(item_type):
    def make():
        return List.empty_list(item_type)
    return njit(make)


def _dict_maker(key_type, value_type):
    def make():
        return Dict.empty(key_type, value_type)
    return njit(make)


def _set_maker(key_type):
    def make():
        return Set.empty(key_type)
    return njit(make)


__all__ = ["List", "Dict", "Set"]
