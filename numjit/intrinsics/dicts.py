"""Dict and set primitives: the few loads and stores the hash table in numjit/lib/dictlib.py is
written over, creation, `len`/truth, iteration, and `lib_call`, which types an operation
and lowers it to a call of its plain-Python implementation.

    >>> from numjit.types import float64, int64
    >>> from numjit.types.dicts import DictType
    >>> from numjit.typing.registry import resolve
    >>> resolve(len, (DictType(int64, float64),)).signature
    int64(dict(int64, float64))

Iterating a dict visits its live entries in insertion order; a change of its size
while iterating raises RuntimeError at the next step, and so does a key added in place of
a deleted one (at the end), as in CPython.
"""
import operator

from llvmlite import ir

from ..errors import TypingError
from ..types import Signature, Tuple, Number, List, undefined, none
from ..types.arrayexpr import concrete
from ..types.dicts import (DictType, SetType, DictView, INDICES, HASHES, KEYS, VALUES, LIVE, EMPTY, DELETED,
                           is_key_type, is_value_type)
from ..types.lists import is_incomplete
from ..types.strings import as_value
from ..types.scalars import boolean, int64, none
from ..typing.registry import intrinsic
from ..lowering.refcount import needs_refcount, incref, decref
from ..runtime import dicts as rtd, lists as rt
from ..runtime.lists import size_of, items_of, load_item, store_item, mark_dirty
from .lists import fits, stores, append, reserve, set_size, stores_references, owned_item, optional_item

I1, I8, I64 = ir.IntType(1), ir.IntType(8), ir.IntType(64)
PTR = ir.PointerType()


def _table(d):
    return isinstance(d, (DictType, SetType))


def _complete(d):
    return _table(d) and not d.incomplete


# -- type rules ---------------------------------------------------------------------------------------

def key_for_store(d, key):
    """The key type a store into `d` needs (an incomplete `{}` takes the key's type; a literal, str)."""
    key = as_value(concrete(key))
    if not is_key_type(key):
        raise TypingError(f"unhashable type: {key} cannot be a {d.kind} key in compiled code "
                          "(numbers, booleans, str and tuples of them can)")
    if d.incomplete:
        return key
    if not stores(d, d.key_type, key):
        raise TypingError(f"cannot use a {key} key in a {d}: its keys are {d.key_type}")
    return d.key_type


def value_for_store(d, value):
    value = concrete(value)
    if d.incomplete:
        value = as_value(value)                 # {"k": "text"}: a dict of str
        value = optional_item(d.value_type, value) or value        # None first, then a value: optional
        if value != none and not is_value_type(value):
            raise TypingError(f"a dict cannot hold values of type {value} in compiled code")
        if is_incomplete(value):
            raise TypingError(f"the first value stored in this dict is an empty {value.kind} whose item "
                              "type is unknown; start it with a typed item (e.g. [0.0][:0]) or give "
                              "the dict its types first")
        return value
    if not stores(d, d.value_type, value):
        hint = ("; a dict that also holds None needs None (or an optional value) among its first values"
                if value == none or value.kind == "optional" else "")
        raise TypingError(f"cannot store a {value} value in a {d}: a dict holds one value type "
                          f"(it came from the dict's first values{hint})")
    return d.value_type


def key_for_lookup(d, key):
    """The type a key is looked up as: the dict's key type when it converts without loss, else its
    own (1.5 in a dict of ints is compared as a float; hashes agree, as in CPython). A number of
    another class (3 in a dict of floats) keeps its own type too, so a KeyError carries 3, not 3.0."""
    key = concrete(key)
    if fits(d.key_type, key) and _same_classes(d.key_type, key):
        return d.key_type
    if isinstance(key, Number) and isinstance(d.key_type, Number):
        return key
    if (isinstance(key, Tuple) and isinstance(d.key_type, Tuple) and len(key) == len(d.key_type)
            and all(isinstance(t, Number) for t in key.items)):
        return key
    if not is_key_type(key):
        raise TypingError(f"unhashable type: {key}")
    raise TypingError(f"cannot look up a {key} key in a {d}: its keys are {d.key_type}")


def _same_classes(a, b):
    """Do the numbers in key types a and b box to the same Python classes (int, float, bool, complex)?"""
    if isinstance(a, Tuple) and isinstance(b, Tuple):
        return all(_same_classes(x, y) for x, y in zip(a.items, b.items))
    return not (isinstance(a, Number) and isinstance(b, Number)) or type(a) is type(b)


def unknown_types(d, what, args):
    """An operation on a `{}` / `set()` typed by nothing yet: unknown while typing (a later store may
    still give the types); a compile-time error if it stays unknown until code is generated."""
    def codegen(low, sig, a):
        raise TypingError(f"cannot {what} an empty {d.kind} whose types are never given (store an item "
                          "in it first)", getattr(low, "_loc", None))
    return Signature(undefined, tuple(args)), codegen


def ir_bool(value):
    return ir.Constant(I1, int(value))


def lib_call(pyfunc, args):
    """(Signature, codegen) calling `pyfunc` (plain Python in lib/) compiled for `args`."""
    from ..typing.infer import return_type_of
    ret = return_type_of(pyfunc, tuple(args))

    def codegen(low, sig, values):
        from ..lowering.lower import get_function
        fn = get_function(low.ctx, pyfunc, tuple(args), {})
        return low.ctx.call(low.builder, fn, values, ret, low.excinfo, low.propagate)
    codegen.new_ref = needs_refcount(ret)
    return Signature(ret, tuple(args)), codegen


# -- primitives for numjit/lib/dictlib.py (their bodies never run: calls compile to the codegen) ---------

def _prim(n_args, sets=True):
    """Register a primitive: `typer(d, *rest) -> (return type, arg types, codegen)` under a stub."""
    def wrap(typer):
        def stub(*args):
            raise NotImplementedError(f"{typer.__name__} runs in compiled code only")
        stub.__name__ = stub.__qualname__ = typer.__name__

        def checked(d, *rest):
            if len(rest) != n_args - 1 or not _table(d) or (not sets and isinstance(d, SetType)):
                return None
            ret, args, codegen = typer(d, *rest)
            return Signature(ret, args), codegen
        intrinsic(stub)(checked)
        return stub
    return wrap


def _list(b, d, index):
    return rtd.load_field(b, d, index)


def _items(b, d, index):
    return items_of(b, _list(b, d, index))


@_prim(1)
def slots(d):
    return int64, (d,), lambda low, sig, a: size_of(low.builder, _list(low.builder, a[0], INDICES))


@_prim(2)
def index_at(d, i):
    def codegen(low, sig, a):
        return low.builder.load(low.builder.gep(_items(low.builder, a[0], INDICES), [a[1]], source_etype=I64),
                               typ=I64)
    return int64, (d, int64), codegen


@_prim(3)
def set_index(d, i, ix):
    def codegen(low, sig, a):
        b = low.builder
        b.store(a[2], b.gep(_items(b, a[0], INDICES), [a[1]], source_etype=I64))
        return ir.Constant(I8, 0)
    return none, (d, int64, int64), codegen


@_prim(2)
def reset_indices(d, n):
    """The table becomes n EMPTY slots."""
    def codegen(low, sig, a):
        b = low.builder
        indices = _list(b, a[0], INDICES)
        reserve(low, indices, List(int64), a[1])
        items = items_of(b, indices)
        with rt.for_range(b, ir.Constant(I64, 0), a[1], "empty") as i:
            b.store(ir.Constant(I64, EMPTY), b.gep(items, [i], source_etype=I64))
        set_size(b, indices, a[1])
        return ir.Constant(I8, 0)
    return none, (d, int64), codegen


@_prim(1)
def entries(d):
    return int64, (d,), lambda low, sig, a: size_of(low.builder, _list(low.builder, a[0], HASHES))


@_prim(2)
def hash_at(d, ix):
    def codegen(low, sig, a):
        return low.builder.load(low.builder.gep(_items(low.builder, a[0], HASHES), [a[1]], source_etype=I64),
                               typ=I64)
    return int64, (d, int64), codegen


@_prim(2)
def key_at(d, ix):
    if d.key_type is undefined:
        raise TypingError(f"the key type of this empty {d.kind} is never given")
    return d.key_type, (d, int64), lambda low, sig, a: load_item(low.builder, _items(low.builder, a[0], KEYS),
                                                                 d.key_type, a[1])


@_prim(2, sets=False)
def value_at(d, ix):
    if d.value_type is undefined:
        raise TypingError("the value type of this empty dict is never given")
    return d.value_type, (d, int64), lambda low, sig, a: load_item(low.builder, _items(low.builder, a[0], VALUES),
                                                                   d.value_type, a[1])


@_prim(1)
def live(d):
    return int64, (d,), lambda low, sig, a: rtd.live_of(low.builder, a[0])


@_prim(2)
def set_live(d, n):
    def codegen(low, sig, a):
        rtd.store_field(low.builder, a[0], LIVE, a[1])
        return ir.Constant(I8, 0)
    return none, (d, int64), codegen


@_prim(4, sets=False)
def append_entry(d, h, key, value):
    ty = type(d)(key_for_store(d, key), value_for_store(d, value))
    holds = stores_references(ty, ty.value_type)

    def codegen(low, sig, a):
        b = low.builder
        append(low, _list(b, a[0], HASHES), List(int64), a[1])
        append(low, _list(b, a[0], KEYS), List(ty.key_type), a[2])
        append(low, _list(b, a[0], VALUES), List(ty.value_type), owned_item(low, holds, a[3], ty.value_type))
        return ir.Constant(I8, 0)
    return none, (ty, int64, ty.key_type, ty.value_type), codegen


@_prim(3)
def append_key(d, h, key):
    """A set's new entry."""
    ty = (type(d) if isinstance(d, SetType) else SetType)(key_for_store(d, key))

    def codegen(low, sig, a):
        b = low.builder
        append(low, _list(b, a[0], HASHES), List(int64), a[1])
        append(low, _list(b, a[0], KEYS), List(ty.key_type), a[2])
        return ir.Constant(I8, 0)
    return none, (ty if isinstance(d, SetType) else d, int64, ty.key_type), codegen


@_prim(3, sets=False)
def set_value(d, ix, value):
    holds = stores_references(d, d.value_type)

    def codegen(low, sig, a):
        b = low.builder
        values = _list(b, a[0], VALUES)
        items = items_of(b, values)
        old = load_item(b, items, d.value_type, a[1])
        value = owned_item(low, holds, a[2], d.value_type)
        if needs_refcount(d.value_type):
            incref(low.ctx, b, value, d.value_type)
        store_item(b, items, d.value_type, a[1], value)
        if needs_refcount(d.value_type):
            decref(low.ctx, b, old, d.value_type)
        mark_dirty(b, values)
        return ir.Constant(I8, 0)
    return none, (d, int64, value_for_store(d, value)), codegen


def _entry_parts(d):
    """(header field, item type) of what an entry holds besides its hash."""
    parts = [(KEYS, d.key_type)]
    if isinstance(d, DictType):
        parts.append((VALUES, d.value_type))
    return parts


@_prim(2)
def delete_entry(d, ix):
    """Mark entry ix deleted, releasing what its key and value hold (the slots are zeroed)."""
    def codegen(low, sig, a):
        b = low.builder
        hashes = _list(b, a[0], HASHES)
        b.store(ir.Constant(I64, DELETED), b.gep(items_of(b, hashes), [a[1]], source_etype=I64))
        mark_dirty(b, hashes)
        for index, ty in _entry_parts(d):
            if needs_refcount(ty):
                items = _items(b, a[0], index)
                decref(low.ctx, b, load_item(b, items, ty, a[1]), ty)
                b.store(ir.Constant(ty.llvm_mem(), None), rt.item_ptr(b, items, ty, a[1]))
        return ir.Constant(I8, 0)
    return none, (d, int64), codegen


@_prim(3)
def move_entry(d, src, dst):
    """Entry src moves to dst (its references move with it; src is left as a stale copy)."""
    def codegen(low, sig, a):
        b = low.builder
        for index, ty in [(HASHES, int64)] + _entry_parts(d):
            items = _items(b, a[0], index)
            store_item(b, items, ty, a[2], load_item(b, items, ty, a[1]))
        return ir.Constant(I8, 0)
    return none, (d, int64, int64), codegen


@_prim(2)
def truncate_entries(d, n):
    """Keep the first n entries; those after hold no references (deleted, or stale after moves)."""
    def codegen(low, sig, a):
        b = low.builder
        for index in [HASHES] + [i for i, _ in _entry_parts(d)]:
            set_size(b, _list(b, a[0], index), a[1])
            mark_dirty(b, _list(b, a[0], index))
        return ir.Constant(I8, 0)
    return none, (d, int64), codegen


@_prim(1)
def new_like(d):
    def codegen(low, sig, a):
        return new_table(low, d)
    codegen.new_ref = True
    return d, (d,), codegen


# -- creation, size, truth ------------------------------------------------------------------------------

def new_table(low, ty):
    """A new empty dict or set (a reference the caller owns)."""
    b = low.builder
    d = rtd.new_dict(low.ctx, b, ty)
    low.guard(b.icmp_unsigned("==", d, ir.Constant(PTR, None)), MemoryError, f"cannot allocate a {ty.kind}")
    return d


@intrinsic(len)
def table_len(d):
    if not (_table(d) or isinstance(d, DictView)):
        return None
    return Signature(int64, (d,)), lambda low, sig, a: rtd.live_of(low.builder, a[0])


def _truth(negate):
    def typer(d):
        if not _table(d):
            return None

        def codegen(low, sig, a):
            return low.builder.icmp_signed("==" if negate else "!=", rtd.live_of(low.builder, a[0]),
                                           ir.Constant(I64, 0))
        return Signature(boolean, (d,)), codegen
    return typer


intrinsic(bool)(_truth(False))
intrinsic(operator.not_)(_truth(True))


# -- views: d.keys(), d.values(), d.items() ------------------------------------------------------------

def _view(what):
    def typer(d):
        if not isinstance(d, DictType) or d.incomplete:
            return None

        def codegen(low, sig, a):
            incref(low.ctx, low.builder, a[0], d)
            return a[0]
        codegen.new_ref = True
        return Signature(DictView(what, d), (d,)), codegen
    return typer


for _what in ("keys", "values", "items"):
    intrinsic(f"dict.{_what}")(_view(_what))


def table_of(v):
    """(internal) the dict of a view (d.keys(), d.values(), d.items()), or the dict itself (borrowed)."""
    d = v.dict_type if isinstance(v, DictView) else v
    if not isinstance(d, DictType) or d.incomplete:
        return None
    return Signature(d, (v,)), lambda low, sig, a: a[0]


intrinsic(table_of)(table_of)


# -- iteration -------------------------------------------------------------------------------------------

_ITEMS = {"keys": lambda d: [(KEYS, d.key_type)], "values": lambda d: [(VALUES, d.value_type)],
          "items": lambda d: [(KEYS, d.key_type), (VALUES, d.value_type)]}


def _no_entry_after(low, table, start):
    """RuntimeError if a live entry follows entry `start`: a dict of unchanged size whose keys changed
    while it was iterated (`del d[k]; d[k + 1] = v`), as CPython."""
    b = low.builder
    test, body, done = (low.fn.append_basic_block(f"dict.rest.{x}") for x in ("test", "body", "done"))
    pre = b.block
    b.branch(test)
    b.position_at_end(test)
    i = b.phi(I64)
    i.add_incoming(start, pre)
    b.cbranch(b.icmp_signed("<", i, size_of(b, _list(b, table, HASHES))), body, done)
    b.position_at_end(body)
    h = b.load(b.gep(_items(b, table, HASHES), [i], source_etype=I64), typ=I64)
    low.guard(b.icmp_signed("!=", h, ir.Constant(I64, DELETED)), RuntimeError,
              "dictionary keys changed during iteration")
    i.add_incoming(b.add(i, ir.Constant(I64, 1)), b.block)
    b.branch(test)
    b.position_at_end(done)


@intrinsic("iter")
def table_iter(t):
    """`for x in d` (keys), `for x in s`, `for x in d.keys() / values() / items()`."""
    if isinstance(t, DictView):
        d, what = t.dict_type, t.what
    elif _complete(t):
        d, what = t, "keys"
    else:
        return None
    parts = _ITEMS[what](d)
    item_type = parts[0][1] if len(parts) == 1 else Tuple([ty for _, ty in parts])
    what_changed = "Set" if isinstance(d, SetType) else "dictionary"
    message = f"{what_changed} changed size during iteration"

    def codegen(low, sig, a):
        from ..lowering.loops import _Iter
        b = low.builder
        table = a[0]
        incref(low.ctx, b, table, d)
        low.own(table, d)
        n = rtd.live_of(b, table)
        cursor = low.ctx.alloca(b, I64, name="dict.cursor")
        b.store(ir.Constant(I64, 0), cursor)

        def live_ok(k):
            low.guard(b.icmp_signed("!=", rtd.live_of(b, table), n), RuntimeError, message)
            if what_changed == "dictionary":          # after the last item: none added in its place
                with b.if_then(b.icmp_signed("==", k, n), likely=False):
                    _no_entry_after(low, table, b.load(cursor))
            return ir.Constant(I1, 1)

        def item(k):
            fn = low.fn
            test, skip, found = (fn.append_basic_block(f"dict.iter.{x}") for x in ("test", "skip", "found"))
            b.branch(test)
            b.position_at_end(test)
            c = b.load(cursor)
            low.guard(b.icmp_signed(">=", c, size_of(b, _list(b, table, HASHES))), RuntimeError,
                      f"{what_changed} keys changed during iteration")
            h = b.load(b.gep(_items(b, table, HASHES), [c], source_etype=I64), typ=I64)
            b.cbranch(b.icmp_signed("==", h, ir.Constant(I64, DELETED)), skip, found)
            b.position_at_end(skip)
            b.store(b.add(c, ir.Constant(I64, 1)), cursor)
            b.branch(test)
            b.position_at_end(found)
            b.store(b.add(c, ir.Constant(I64, 1)), cursor)
            values = [load_item(b, _items(b, table, index), ty, c) for index, ty in parts]
            if len(values) == 1:
                return values[0]
            out = ir.Constant(item_type.llvm(), ir.Undefined)
            for i, v in enumerate(values):
                out = b.insert_value(out, v, i)
            return out
        return _Iter(ir.Constant(I64, 2**63 - 1), item, item_type, live_ok=lambda k: b.and_(
            b.icmp_signed("<", k, n), live_ok(k)))
    return Signature(item_type, (t,)), codegen
