"""Native dicts and sets at run time: creation, destruction, and the Python boundary.

The header (numjit/types/dicts.py) points at four native lists; one function is
compiled once per process for all dict types:

    ptr numjit_dict_new(i64 key_size, i64 key_refs, i64 value_size, i64 value_refs, i64 has_values)
    void numjit_dict_dtor(ptr meminfo)          releases the lists

At the Python boundary a dict argument becomes a native dict built from its keys and
values (each list unboxed as a list is, then inserted in order by numjit/lib/dictlib.py's
`from_lists_impl`); after the call, a native dict that was changed is written back into the
same Python dict (as lists are); a returned dict becomes a new Python dict (or the
argument it came from). Sets are the same without values.

    >>> from numjit import njit
    >>> @njit
    ... def count(xs, d):
    ...     for x in xs:
    ...         d[x] = d.get(x, 0) + 1
    ...     return len(d)
    >>> d = {7: 1}
    >>> count([1, 7, 1], d), d
    (2, {7: 2, 1: 2})
"""
import threading

from llvmlite import ir

from ..backend import jit
from ..types import List
from ..types.dicts import INDICES, HASHES, KEYS, VALUES, LIVE, PARENT, HEADER_BYTES, EMPTY, DELETED, SetType
from ..types.lists import SIZE, DIRTY
from ..types.scalars import int64
from . import memory, lists as rt
from .cpython import add_capi, compile_once
from .lists import store_field     # (the same header: 8-byte fields after the meminfo's)

I1, I8, I32, I64 = ir.IntType(1), ir.IntType(8), ir.IntType(32), ir.IntType(64)
PTR = ir.PointerType()
VOID = ir.VoidType()
MIN_SLOTS = 8

_state = {}
_lock = threading.Lock()


def load_field(b, d, index, ty=PTR):
    return rt.load_field(b, d, index, ty)


def live_of(b, d):
    return load_field(b, d, LIVE, I64)


def entry_lists(ty):
    """(field, list type) of a dict type's entry lists."""
    out = [(HASHES, List(int64)), (KEYS, List(ty.key_type))]
    if not isinstance(ty, SetType):
        out.append((VALUES, List(ty.value_type)))
    return out


# -- the runtime module -------------------------------------------------------------------------

def _build():
    m = ir.Module("numjit.runtime.dicts")
    m.triple = jit.host().triple
    m.data_layout = jit.host().data_layout
    alloc = ir.Function(m, ir.FunctionType(PTR, [I64]), "numjit_meminfo_alloc")
    decref = ir.Function(m, ir.FunctionType(VOID, [PTR]), "numjit_meminfo_decref")
    new_list = ir.Function(m, ir.FunctionType(PTR, [I64, I64, I64]), "numjit_list_new")
    null = ir.Constant(PTR, None)

    dtor = ir.Function(m, ir.FunctionType(VOID, [PTR]), "numjit_dict_dtor")
    b = ir.IRBuilder(dtor.append_basic_block())
    for index in (INDICES, HASHES, KEYS, VALUES):
        b.call(decref, [load_field(b, dtor.args[0], index)])
    b.ret_void()

    new = ir.Function(m, ir.FunctionType(PTR, [I64] * 5), "numjit_dict_new")
    key_size, key_refs, value_size, value_refs, has_values = new.args
    b = ir.IRBuilder(new.append_basic_block())
    d = b.call(alloc, [ir.Constant(I64, HEADER_BYTES)])
    with b.if_then(b.icmp_unsigned("==", d, null), likely=False):
        b.ret(null)
    for index in (INDICES, HASHES, KEYS, VALUES, PARENT):
        store_field(b, d, index, null)
    store_field(b, d, LIVE, ir.Constant(I64, 0))
    b.store(dtor, b.gep(d, [ir.Constant(I64, 8 * memory.DTOR_FIELD)], source_etype=I8))
    fail = new.append_basic_block("fail")
    parts = [(INDICES, ir.Constant(I64, 8), ir.Constant(I64, MIN_SLOTS), ir.Constant(I64, 0)),
             (HASHES, ir.Constant(I64, 8), ir.Constant(I64, 0), ir.Constant(I64, 0)),
             (KEYS, key_size, ir.Constant(I64, 0), key_refs)]
    for index, size, capacity, refs in parts:
        lst = b.call(new_list, [size, capacity, refs])
        store_field(b, d, index, lst)
        ok = new.append_basic_block("ok")
        b.cbranch(b.icmp_unsigned("==", lst, null), fail, ok)
        b.position_at_end(ok)
    with b.if_then(b.icmp_signed("!=", has_values, ir.Constant(I64, 0))):
        lst = b.call(new_list, [value_size, ir.Constant(I64, 0), value_refs])
        store_field(b, d, VALUES, lst)
        with b.if_then(b.icmp_unsigned("==", lst, null), likely=False):
            b.branch(fail)
    indices = load_field(b, d, INDICES)
    items = rt.items_of(b, indices)
    with rt.for_range(b, ir.Constant(I64, 0), ir.Constant(I64, MIN_SLOTS), "empty") as i:
        b.store(ir.Constant(I64, EMPTY), b.gep(items, [i], source_etype=I64))
    rt.store_field(b, indices, SIZE, ir.Constant(I64, MIN_SLOTS))
    b.ret(d)
    b.position_at_end(fail)
    b.call(decref, [d])
    b.ret(null)
    return m


SYMBOLS = ("numjit_dict_new", "numjit_dict_dtor")
EXTRA_CAPI = ("PyDict_New", "PyDict_SetItem", "PyDict_Clear", "PyDict_Update", "PyDict_Keys", "PyDict_Values",
              "PySet_New", "PySet_Add", "PySet_Clear", "PySequence_List")


def _prepare():
    rt.register()
    add_capi(EXTRA_CAPI)
    for name, obj in (("PyDict_Type", dict), ("PySet_Type", set)):
        jit.add_symbol(name, id(obj))


def register():
    """Compile the dict runtime once per process (after the list runtime it builds on)."""
    compile_once(_state, _lock, _prepare, _build, SYMBOLS)


jit.provide(SYMBOLS + EXTRA_CAPI + ("PyDict_Type", "PySet_Type"), register)


def _list_sizes(ty):
    lst = List(ty)
    return ir.Constant(I64, lst.itemsize()), ir.Constant(I64, lst.itemsize() if lst.item_refs else 0)


def new_dict(ctx, b, ty):
    """Call numjit_dict_new for a dict or set type (NULL when out of memory)."""
    register()
    fn = ctx.declare("numjit_dict_new", PTR, [I64] * 5)
    zero = ir.Constant(I64, 0)
    key_size, key_refs = (zero, zero) if ty.incomplete else _list_sizes(ty.key_type)
    if isinstance(ty, SetType) or ty.incomplete:
        value_size, value_refs = zero, zero
    else:
        value_size, value_refs = _list_sizes(ty.value_type)
    return b.call(fn, [key_size, key_refs, value_size, value_refs, ir.Constant(I64, 0 if isinstance(ty, SetType) else 1)])


def is_dirty(b, d, ty):
    dirty = ir.Constant(I64, 0)
    for index, _ in entry_lists(ty):
        dirty = b.or_(dirty, rt.load_field(b, load_field(b, d, index), DIRTY))
    return b.icmp_signed("!=", dirty, ir.Constant(I64, 0))


def clean(b, d, ty):
    for index, _ in entry_lists(ty):
        rt.store_field(b, load_field(b, d, index), DIRTY, ir.Constant(I64, 0))


# -- Python → native -----------------------------------------------------------------------------

def unbox_function(ctx, ty):
    """`ptr unbox(PyObject *obj)`: a new native dict (set) copied from a Python one; NULL if it isn't one."""
    is_set = isinstance(ty, SetType)

    def build(b, fn):
        from .boxing import type_of
        from ..lowering.lower import get_function
        from ..lib.dictlib import from_lists_impl
        from ..lib.setlib import from_list_impl
        register()
        obj = fn.args[0]
        null = ir.Constant(PTR, None)
        decref_py = ctx.declare("Py_DecRef", VOID, [PTR])
        decref = ctx.declare("numjit_meminfo_decref", VOID, [PTR])
        expected = ctx.global_var("PySet_Type" if is_set else "PyDict_Type", I8)
        with b.if_then(b.icmp_unsigned("!=", type_of(b, obj), expected), likely=False):
            b.ret(null)
        d = new_dict(ctx, b, ty)
        with b.if_then(b.icmp_unsigned("==", d, null), likely=False):
            b.ret(null)
        fail = fn.append_basic_block("fail")
        sources = [(ty.key_type, "PySequence_List" if is_set else "PyDict_Keys")]
        if not is_set:
            sources.append((ty.value_type, "PyDict_Values"))
        slots = [ctx.alloca(b, PTR) for _ in sources]
        for slot in slots:
            b.store(null, slot)
        natives = []
        for slot, (item_ty, getter) in zip(slots, sources):      # the keys, the values: native lists, as lists unbox
            pylist = b.call(ctx.declare(getter, PTR, [PTR]), [obj])
            ok = fn.append_basic_block("ok")
            b.cbranch(b.icmp_unsigned("==", pylist, null), fail, ok)
            b.position_at_end(ok)
            native = b.call(rt.unbox_function(ctx, List(item_ty)), [pylist])
            b.call(decref_py, [pylist])
            ok = fn.append_basic_block("ok")
            b.cbranch(b.icmp_unsigned("==", native, null), fail, ok)
            b.position_at_end(ok)
            rt.store_field(b, native, rt.PARENT, null)
            b.store(native, slot)
            natives.append(native)
        impl = from_list_impl if is_set else from_lists_impl
        args = (ty,) + tuple(List(t) for t, _ in sources)
        excinfo = ctx.alloca(b, PTR)
        retslot = ctx.alloca(b, I8)
        status = b.call(get_function(ctx, impl, args, {}), [retslot, excinfo, d] + natives)
        for slot in slots:
            b.call(decref, [b.load(slot)])
            b.store(null, slot)
        ok = fn.append_basic_block("ok")
        b.cbranch(b.icmp_signed("!=", status, ir.Constant(I32, 0)), fail, ok)
        b.position_at_end(ok)
        clean(b, d, ty)
        store_field(b, d, PARENT, obj)
        b.ret(d)
        b.position_at_end(fail)
        b.call(ctx.declare("PyErr_Clear", VOID, []), [])
        for slot in slots:
            b.call(decref, [b.load(slot)])
        b.call(decref, [d])
        b.ret(null)
    return rt._helper(ctx, f"numjit.dict.unbox.{rt._type_tag(ty)}", PTR, [PTR], build)


def unbox_dict(ctx, b, obj, ty, fail):
    d = b.call(unbox_function(ctx, ty), [obj])
    ok = b.append_basic_block("unbox.dict")
    b.cbranch(b.icmp_unsigned("==", d, ir.Constant(PTR, None)), fail, ok)
    b.position_at_end(ok)
    return d


# -- native → Python -------------------------------------------------------------------------------

def fill_function(ctx, ty):
    """`i32 fill(ptr d, PyObject *target)`: add every live entry to the (empty) Python dict/set."""
    is_set = isinstance(ty, SetType)

    def build(b, fn):
        d, target = fn.args
        null = ir.Constant(PTR, None)
        decref_py = ctx.declare("Py_DecRef", VOID, [PTR])
        hashes, keys = (rt.items_of(b, load_field(b, d, i)) for i in (HASHES, KEYS))
        values = None if is_set else rt.items_of(b, load_field(b, d, VALUES))
        n = rt.size_of(b, load_field(b, d, HASHES))
        with rt.for_range(b, ir.Constant(I64, 0), n, "box") as i:
            h = b.load(b.gep(hashes, [i], source_etype=I64), typ=I64)
            with b.if_then(b.icmp_signed("!=", h, ir.Constant(I64, DELETED))):
                key = rt._box_item(ctx, b, rt.load_item(b, keys, ty.key_type, i), ty.key_type)
                with b.if_then(b.icmp_unsigned("==", key, null), likely=False):
                    b.ret(ir.Constant(I32, -1))
                if is_set:
                    status = b.call(ctx.declare("PySet_Add", I32, [PTR, PTR]), [target, key])
                else:
                    value = rt._box_item(ctx, b, rt.load_item(b, values, ty.value_type, i), ty.value_type)
                    with b.if_then(b.icmp_unsigned("==", value, null), likely=False):
                        b.call(decref_py, [key])
                        b.ret(ir.Constant(I32, -1))
                    status = b.call(ctx.declare("PyDict_SetItem", I32, [PTR, PTR, PTR]), [target, key, value])
                    b.call(decref_py, [value])
                b.call(decref_py, [key])
                with b.if_then(b.icmp_signed("!=", status, ir.Constant(I32, 0)), likely=False):
                    b.ret(status)
        b.ret(ir.Constant(I32, 0))
    return rt._helper(ctx, f"numjit.dict.fill.{rt._type_tag(ty)}", I32, [PTR, PTR], build)


def reflect_function(ctx, ty):
    """`i32 reflect(ptr d)`: write a changed native dict back into its parent (cleared, refilled)."""
    def build(b, fn):
        d = fn.args[0]
        parent = load_field(b, d, PARENT)
        if isinstance(getattr(ty, "value_type", None), List):      # lists as values: theirs first
            with b.if_then(b.icmp_unsigned("!=", parent, ir.Constant(PTR, None))):
                values = load_field(b, d, VALUES)
                with rt.for_range(b, ir.Constant(I64, 0), rt.size_of(b, values), "reflect.values") as i:
                    value = rt.load_item(b, rt.items_of(b, values), ty.value_type, i)
                    with b.if_then(b.icmp_unsigned("!=", value, ir.Constant(PTR, None))):    # (deleted)
                        b.call(rt.reflect_function(ctx, ty.value_type), [value])
        skip = b.or_(b.not_(is_dirty(b, d, ty)), b.icmp_unsigned("==", parent, ir.Constant(PTR, None)))
        with b.if_then(skip):
            b.ret(ir.Constant(I32, 0))
        clean(b, d, ty)
        if isinstance(ty, SetType):
            b.call(ctx.declare("PySet_Clear", I32, [PTR]), [parent])
            b.ret(b.call(fill_function(ctx, ty), [d, parent]))
            return
        # values may be arrays borrowed from the parent's own values: box them before clearing it
        fresh = b.call(ctx.declare("PyDict_New", PTR, []), [])
        with b.if_then(b.icmp_unsigned("==", fresh, ir.Constant(PTR, None)), likely=False):
            b.ret(ir.Constant(I32, -1))
        status = ctx.alloca(b, I32)
        b.store(b.call(fill_function(ctx, ty), [d, fresh]), status)
        with b.if_then(b.icmp_signed("==", b.load(status), ir.Constant(I32, 0))):
            b.call(ctx.declare("PyDict_Clear", VOID, [PTR]), [parent])
            b.store(b.call(ctx.declare("PyDict_Update", I32, [PTR, PTR]), [parent, fresh]), status)
        b.call(ctx.declare("Py_DecRef", VOID, [PTR]), [fresh])
        b.ret(b.load(status))
    return rt._helper(ctx, f"numjit.dict.reflect.{rt._type_tag(ty)}", I32, [PTR], build)


def box_dict(ctx, b, d, ty):
    """A Python dict (set) for `d`, consuming its reference: the argument it came from, or a new one."""
    register()
    parent = load_field(b, d, PARENT)
    result = ctx.alloca(b, PTR)
    null = ir.Constant(PTR, None)
    with b.if_else(b.icmp_unsigned("!=", parent, null)) as (reflected, fresh):
        with reflected:
            ok = b.icmp_signed("==", b.call(reflect_function(ctx, ty), [d]), ir.Constant(I32, 0))
            with b.if_then(ok):
                b.call(ctx.declare("Py_IncRef", VOID, [PTR]), [parent])
            b.store(b.select(ok, parent, null), result)
        with fresh:
            if isinstance(ty, SetType):
                out = b.call(ctx.declare("PySet_New", PTR, [PTR]), [null])
            else:
                out = b.call(ctx.declare("PyDict_New", PTR, []), [])
            b.store(out, result)
            with b.if_then(b.icmp_unsigned("!=", out, null)):
                status = b.call(fill_function(ctx, ty), [d, out])
                with b.if_then(b.icmp_signed("!=", status, ir.Constant(I32, 0)), likely=False):
                    b.call(ctx.declare("Py_DecRef", VOID, [PTR]), [out])
                    b.store(null, result)
    b.call(ctx.declare("numjit_meminfo_decref", VOID, [PTR]), [d])
    return b.load(result)


def release_dict(ctx, b, d, ty, reflect=True):
    """After the call: write the changes back into the Python dict, then free the native copy."""
    if reflect:
        b.call(reflect_function(ctx, ty), [d])
    b.call(ctx.declare("numjit_meminfo_decref", VOID, [PTR]), [d])
