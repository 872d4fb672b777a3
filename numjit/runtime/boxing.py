"""Python objects ⇄ native values, in IR: one unboxer and one boxer per type family.

`unbox` checks the object's type exactly (subclasses and surprises go to the
Python slow path) and reads struct fields directly; `box` builds new references.

    >>> from numjit.types import float64
    >>> sorted(UNBOXERS)[:2]
    ['Array', 'Boolean']
"""
import numpy as np
from llvmlite import ir

from ..types import Tuple
from ..types.arrays import MEMINFO, PARENT, NITEMS, ITEMSIZE, DATA, SHAPE, STRIDES
from .cpython import OFFSETS, ARRAY_FLAGS, scalar_type_symbol

I1, I8, I32, I64 = ir.IntType(1), ir.IntType(8), ir.IntType(32), ir.IntType(64)
PTR = ir.PointerType()
DOUBLE = ir.DoubleType()


def field(b, obj, offset, ty):
    return b.load(b.gep(obj, [ir.Constant(I64, offset)], source_etype=I8), typ=ty)


def type_of(b, obj):
    return field(b, obj, OFFSETS["ob_type"], PTR)


def _is(ctx, b, ptr, symbol):
    return b.icmp_unsigned("==", ptr, ctx.global_var(symbol, I8))


def _branch_unless(b, cond, fail):
    ok = b.append_basic_block("unbox.ok")
    b.cbranch(cond, ok, fail)
    b.position_at_end(ok)


# -- unboxing ------------------------------------------------------------------------------

def _unbox_float(ctx, b, obj, ty, fail):
    tp = type_of(b, obj)
    if ty.bits == 64:
        cond = b.or_(_is(ctx, b, tp, "PyFloat_Type"), _is(ctx, b, tp, scalar_type_symbol("float64")))
    else:
        cond = _is(ctx, b, tp, scalar_type_symbol("float32"))
    _branch_unless(b, cond, fail)
    return field(b, obj, OFFSETS["float_value"], ty.llvm())


def _unbox_int(ctx, b, obj, ty, fail):
    tp = type_of(b, obj)
    is_np = _is(ctx, b, tp, scalar_type_symbol(ty.dtype))
    if ty.bits != 64:
        _branch_unless(b, is_np, fail)
        return field(b, obj, OFFSETS["scalar_value"], ty.llvm())
    np_block, py_block, done = (b.append_basic_block(n) for n in ("unbox.npint", "unbox.pyint", "unbox.int"))
    b.cbranch(is_np, np_block, py_block)
    b.position_at_end(np_block)
    v_np = field(b, obj, OFFSETS["scalar_value"], I64)
    b.branch(done)
    b.position_at_end(py_block)
    _branch_unless(b, _is(ctx, b, tp, "PyLong_Type"), fail)
    if ty.signed:
        overflow = ctx.alloca(b, ir.IntType(32))
        b.store(ir.Constant(I32, 0), overflow)
        fn = ctx.declare("PyLong_AsLongLongAndOverflow", I64, [PTR, PTR])
        v_py = b.call(fn, [obj, overflow])
        _branch_unless(b, b.icmp_signed("==", b.load(overflow), ir.Constant(I32, 0)), fail)
    else:        # a Python int is uint64 only when it does not fit int64 (as typeof says)
        overflow = ctx.alloca(b, ir.IntType(32))
        b.store(ir.Constant(I32, 0), overflow)
        b.call(ctx.declare("PyLong_AsLongLongAndOverflow", I64, [PTR, PTR]), [obj, overflow])
        _branch_unless(b, b.icmp_signed("==", b.load(overflow), ir.Constant(I32, 1)), fail)
        fn = ctx.declare("PyLong_AsUnsignedLongLong", I64, [PTR])
        v_py = b.call(fn, [obj])
        err = b.call(ctx.declare("PyErr_Occurred", PTR, []), [])
        bad = b.icmp_unsigned("!=", err, ir.Constant(PTR, None))
        with b.if_then(bad, likely=False):
            b.call(ctx.declare("PyErr_Clear", ir.VoidType(), []), [])
        _branch_unless(b, b.not_(bad), fail)
    py_end = b.block
    b.branch(done)
    b.position_at_end(done)
    phi = b.phi(I64)
    phi.add_incoming(v_np, np_block)
    phi.add_incoming(v_py, py_end)
    return phi


def _unbox_bool(ctx, b, obj, ty, fail):
    is_true = b.icmp_unsigned("==", obj, ctx.global_var("_Py_TrueStruct", I8))
    is_false = b.icmp_unsigned("==", obj, ctx.global_var("_Py_FalseStruct", I8))
    tp = type_of(b, obj)
    is_np = _is(ctx, b, tp, scalar_type_symbol("bool"))
    _branch_unless(b, b.or_(b.or_(is_true, is_false), is_np), fail)
    np_value = b.icmp_unsigned("!=", b.load(b.gep(obj, [ir.Constant(I64, OFFSETS["scalar_value"])],
                                                   source_etype=I8), typ=I8), ir.Constant(I8, 0))
    return b.select(is_np, np_value, is_true)


def _unbox_complex(ctx, b, obj, ty, fail):
    tp = type_of(b, obj)
    if ty.bits == 128:
        cond = b.or_(_is(ctx, b, tp, "PyComplex_Type"), _is(ctx, b, tp, scalar_type_symbol("complex128")))
    else:
        cond = _is(ctx, b, tp, scalar_type_symbol("complex64"))
    _branch_unless(b, cond, fail)
    return field(b, obj, OFFSETS["complex_value"], ty.llvm())


def _unbox_none(ctx, b, obj, ty, fail):
    _branch_unless(b, b.icmp_unsigned("==", obj, ctx.global_var("_Py_NoneStruct", I8)), fail)
    return ir.Constant(I8, 0)


def _unbox_tuple(ctx, b, obj, ty, fail, exact=True):
    tp = type_of(b, obj)
    _branch_unless(b, _is(ctx, b, tp, "PyTuple_Type"), fail)
    size = field(b, obj, OFFSETS["var_size"], I64)
    _branch_unless(b, b.icmp_signed("==", size, ir.Constant(I64, len(ty))), fail)
    out = ir.Constant(ty.llvm(), ir.Undefined)
    for i, item_ty in enumerate(ty.items):
        item = field(b, obj, OFFSETS["tuple_items"] + 8 * i, PTR)
        out = b.insert_value(out, unbox(ctx, b, item, item_ty, fail, exact), i)
    return out


def _unbox_array(ctx, b, obj, ty, fail, exact_layout=True):
    tp = type_of(b, obj)
    _branch_unless(b, _is(ctx, b, tp, "PyArray_Type"), fail)
    nd = field(b, obj, OFFSETS["array_nd"], I32)
    descr = field(b, obj, OFFSETS["array_descr"], PTR)
    type_num = field(b, descr, OFFSETS["descr_type_num"], I32)
    byteorder = field(b, descr, OFFSETS["descr_byteorder"], I8)
    flags = field(b, obj, OFFSETS["array_flags"], I32)
    ok = b.icmp_signed("==", nd, ir.Constant(I32, ty.ndim))
    ok = b.and_(ok, b.icmp_signed("==", type_num, ir.Constant(I32, ty.dtype.dtype.num)))
    ok = b.and_(ok, b.icmp_unsigned("!=", byteorder, ir.Constant(I8, ord(">"))))
    ok = _dtype_details_ok(ctx, b, ok, descr, ty.dtype)
    c_flag = b.icmp_unsigned("!=", b.and_(flags, ir.Constant(I32, ARRAY_FLAGS["C_CONTIGUOUS"])), ir.Constant(I32, 0))
    f_flag = b.icmp_unsigned("!=", b.and_(flags, ir.Constant(I32, ARRAY_FLAGS["F_CONTIGUOUS"])), ir.Constant(I32, 0))
    writeable = b.icmp_unsigned("!=", b.and_(flags, ir.Constant(I32, ARRAY_FLAGS["WRITEABLE"])), ir.Constant(I32, 0))
    if ty.layout == "C":
        ok = b.and_(ok, c_flag)
    elif ty.layout == "F":
        ok = b.and_(ok, f_flag)
        if exact_layout:
            ok = b.and_(ok, b.not_(c_flag))
    elif exact_layout:
        ok = b.and_(ok, b.not_(b.or_(c_flag, f_flag)))
    if exact_layout:
        ok = b.and_(ok, writeable if not ty.readonly else b.not_(writeable))
    elif not ty.readonly:
        ok = b.and_(ok, writeable)
    _branch_unless(b, ok, fail)
    dims = field(b, obj, OFFSETS["array_dims"], PTR)
    strides = field(b, obj, OFFSETS["array_strides"], PTR)
    out = ir.Constant(ty.llvm(), ir.Undefined)
    out = b.insert_value(out, ir.Constant(PTR, None), MEMINFO)
    out = b.insert_value(out, obj, PARENT)
    nitems = ir.Constant(I64, 1)
    for i in range(ty.ndim):
        d = b.load(b.gep(dims, [ir.Constant(I64, i)], source_etype=I64), typ=I64)
        s = b.load(b.gep(strides, [ir.Constant(I64, i)], source_etype=I64), typ=I64)
        out = b.insert_value(out, d, [SHAPE, i])
        out = b.insert_value(out, s, [STRIDES, i])
        nitems = b.mul(nitems, d)
    out = b.insert_value(out, nitems, NITEMS)
    out = b.insert_value(out, field(b, descr, OFFSETS["descr_elsize"], I64), ITEMSIZE)
    return b.insert_value(out, field(b, obj, OFFSETS["array_data"], PTR), DATA)


def _dtype_details_ok(ctx, b, ok, descr, dtype):
    """`ok` and, for dtypes whose type number says too little (datetime units), their check."""
    check = DESCR_CHECKS.get(type(dtype).__name__)
    if check is None:
        return ok
    result = ctx.alloca(b, I1)
    b.store(ir.Constant(I1, 0), result)
    with b.if_then(ok):
        b.store(check(ctx, b, descr, dtype), result)
    return b.load(result)


def _unbox_const(ctx, b, obj, ty, fail):
    """A jitted function, a ufunc, a builtin dtype or a NumPy scalar class passed as an argument: its type names
    it, so the object itself is the test (the type, held by the dispatcher's signatures, keeps it
    alive); no data."""
    scalar_class = isinstance(ty.value, type) and issubclass(ty.value, np.generic)
    if (not hasattr(ty.value, "py_func") and not isinstance(ty.value, (np.dtype, np.ufunc))
            and not scalar_class):
        raise TypeError(f"cannot pass {ty} from Python")
    expected = ir.Constant(I64, id(ty.value)).inttoptr(PTR)
    _branch_unless(b, b.icmp_unsigned("==", obj, expected), fail)
    return ir.Constant(ty.llvm(), 0)


def _unbox_list(ctx, b, obj, ty, fail):
    from .lists import unbox_list
    return unbox_list(ctx, b, obj, ty, fail)


def _unbox_dict(ctx, b, obj, ty, fail):
    from .dicts import unbox_dict
    return unbox_dict(ctx, b, obj, ty, fail)


def _unbox_instance(ctx, b, obj, ty, fail):
    from ..types.jitclass import unbox_instance
    return unbox_instance(ctx, b, obj, ty, fail)


def _unbox_datetime(ctx, b, obj, ty, fail):
    from ..types.datetimes import unbox_datetime
    return unbox_datetime(ctx, b, obj, ty, fail)


def _datetime_descr_ok(ctx, b, descr, ty):
    from ..types.datetimes import array_descr_ok
    return array_descr_ok(ctx, b, descr, ty)


def _record_descr_ok(ctx, b, descr, ty):
    from ..types.records import descr_is
    return descr_is(ctx, b, descr, ty)


def _unbox_record(ctx, b, obj, ty, fail):
    from ..types.records import unbox_record
    return unbox_record(ctx, b, obj, ty, fail)


def _unbox_str(ctx, b, obj, ty, fail):
    from .strings import unbox_str
    return unbox_str(ctx, b, obj, ty, fail)


DESCR_CHECKS = {"NPDatetime": _datetime_descr_ok, "NPTimedelta": _datetime_descr_ok, "Record": _record_descr_ok,
                "CharSeq": _record_descr_ok}          # (descr_is: the dtype itself, or one equal to it)
UNBOXERS = {"Record": _unbox_record, "NPDatetime": _unbox_datetime, "NPTimedelta": _unbox_datetime,
            "Float": _unbox_float, "Integer": _unbox_int, "Boolean": _unbox_bool,
            "Complex": _unbox_complex, "NoneType": _unbox_none, "Tuple": _unbox_tuple,
            "Array": _unbox_array, "List": _unbox_list, "Const": _unbox_const,
            "NamedTuple": lambda *args: _namedtuples().unbox_namedtuple(*args),
            "DictType": _unbox_dict, "SetType": _unbox_dict,
            "TypedListType": lambda *a: _typed().unbox_typed(*a), "TypedDictType": lambda *a: _typed().unbox_typed(*a),
            "TypedSetType": lambda *a: _typed().unbox_typed(*a),
            "ClassInstanceType": _unbox_instance, "UnicodeType": _unbox_str, "BytesType": _unbox_str,
            "Optional": lambda *a: _optional().unbox_optional(*a),
            "FunctionType": lambda *a: _function_type().unbox_function(*a),
            "GeneratorType": lambda *a: _generators().unbox_generator_object(*a),
            "NumPyRandomGeneratorType": lambda *a: _rng().unbox_generator(*a),
            "StructRef": lambda *a: _structref().unbox_structref(*a),
            "EnumMember": lambda *a: _enums().unbox_enum(*a),
            "LiteralArg": lambda *a: _literals().unbox_literal(*a),
            "LowLevelModel": lambda *a: _lowlevel().unbox_user(*a)}


def _lowlevel():
    from .. import lowlevel
    return lowlevel


def _literal_containers():
    from ..types import literal_containers
    return literal_containers


def _literals():
    from ..types import literals
    return literals


def _structref():
    from ..types import structref
    return structref


def _rng():
    from ..types import rng
    return rng


def _enums():
    from ..types import enums
    return enums


def _namedtuples():
    from ..types import namedtuples
    return namedtuples


def _typed():
    from . import typed
    return typed


def _optional():
    from ..types import optionals
    return optionals


def _function_type():
    from ..types import function_type
    return function_type


def _generators():
    from ..types import generators
    return generators


def _release_list(ctx, b, value, ty, after_call):
    from .lists import release_list
    release_list(ctx, b, value, ty, reflect=after_call)


def _release_dict(ctx, b, value, ty, after_call):
    from .dicts import release_dict
    release_dict(ctx, b, value, ty, reflect=after_call)


def _release_str(ctx, b, value, ty, after_call):
    from .strings import release_str
    release_str(ctx, b, value, ty)


def _release_tuple(ctx, b, value, ty, after_call):
    for i, item in enumerate(ty.items):
        if owns_unboxed(item):
            release_unboxed(ctx, b, b.extract_value(value, i), item, after_call)


# Values unboxed with a reference of their own (a list's native copy, a string's copy): the wrapper
# releases them after the call, writing changes back into the Python object, or when a later
# argument fails.
RELEASERS = {"List": _release_list, "DictType": _release_dict, "SetType": _release_dict,
             "UnicodeType": _release_str, "BytesType": _release_str, "Tuple": _release_tuple,
             "Optional": lambda *a: _optional().release_optional(*a)}


def owns_unboxed(ty):
    if isinstance(ty, Tuple):
        return any(owns_unboxed(item) for item in ty.items)
    if ty.kind == "optional":
        return owns_unboxed(ty.type)
    return type(ty).__name__ in RELEASERS


def release_unboxed(ctx, b, value, ty, after_call=True):
    RELEASERS[type(ty).__name__](ctx, b, value, ty, after_call)


def unbox(ctx, b, obj, ty, fail, exact=True):
    """Native value of `obj` as `ty`, or a branch to `fail` when obj isn't one."""
    unboxer = UNBOXERS.get(family(ty))
    if unboxer is None:
        raise TypeError(f"cannot pass {ty} from Python")
    if unboxer in (_unbox_array, _unbox_tuple):        # an 'A' array (also in a tuple) takes C ones
        return unboxer(ctx, b, obj, ty, fail, exact)
    return unboxer(ctx, b, obj, ty, fail)


def can_unbox(ty):
    if isinstance(ty, Tuple):
        return all(can_unbox(t) for t in ty.items)
    if ty.kind == "optional":
        return can_unbox(ty.type)
    return family(ty) in UNBOXERS


def family(ty):
    """The key of `ty` in the boxing tables: its class's name, or the family a user's subclass
    of a numjit type belongs to (`boxing_family`: types.StructRef subclasses)."""
    return getattr(ty, "boxing_family", None) or type(ty).__name__


# -- boxing --------------------------------------------------------------------------------

def _box_float(ctx, b, v, ty):
    fn = ctx.declare("PyFloat_FromDouble", PTR, [DOUBLE])
    return b.call(fn, [b.fpext(v, DOUBLE) if ty.bits == 32 else v])


def _box_int(ctx, b, v, ty):
    if ty.signed:
        fn = ctx.declare("PyLong_FromLongLong", PTR, [I64])
        return b.call(fn, [b.sext(v, I64) if ty.bits < 64 else v])
    fn = ctx.declare("PyLong_FromUnsignedLongLong", PTR, [I64])
    return b.call(fn, [b.zext(v, I64) if ty.bits < 64 else v])


def _box_bool(ctx, b, v, ty):
    fn = ctx.declare("PyBool_FromLong", PTR, [I64])
    return b.call(fn, [b.zext(v, I64)])


def _box_complex(ctx, b, v, ty):
    fn = ctx.declare("PyComplex_FromDoubles", PTR, [DOUBLE, DOUBLE])
    re, im = b.extract_value(v, 0), b.extract_value(v, 1)
    if ty.bits == 64:
        re, im = b.fpext(re, DOUBLE), b.fpext(im, DOUBLE)
    return b.call(fn, [re, im])


def _box_none(ctx, b, v, ty):
    none = ctx.global_var("_Py_NoneStruct", I8)
    b.call(ctx.declare("Py_IncRef", ir.VoidType(), [PTR]), [none])
    return none


def _box_tuple(ctx, b, v, ty):
    tup = b.call(ctx.declare("PyTuple_New", PTR, [I64]), [ir.Constant(I64, len(ty))])
    set_item = ctx.declare("PyTuple_SetItem", I32, [PTR, I64, PTR])
    failed = ctx.alloca(b, I1)
    b.store(b.icmp_unsigned("==", tup, ir.Constant(PTR, None)), failed)
    with b.if_then(b.not_(b.load(failed))):
        for i, item_ty in enumerate(ty.items):
            item = box(ctx, b, b.extract_value(v, i), item_ty)
            is_null = b.icmp_unsigned("==", item, ir.Constant(PTR, None))
            b.store(b.or_(b.load(failed), is_null), failed)
            with b.if_then(b.not_(is_null)):
                b.call(set_item, [tup, ir.Constant(I64, i), item])
        with b.if_then(b.load(failed)):
            b.call(ctx.declare("Py_DecRef", ir.VoidType(), [PTR]), [tup])
    return b.select(b.load(failed), ir.Constant(PTR, None), tup)


def _box_array(ctx, b, v, ty):
    """Return the parent object itself when the array is exactly it, else a new view on it."""
    parent = b.extract_value(v, PARENT)
    data = b.extract_value(v, DATA)
    result = ctx.alloca(b, PTR)
    is_same = ctx.alloca(b, I1)
    b.store(ir.Constant(I1, 0), is_same)
    with b.if_then(b.icmp_unsigned("!=", parent, ir.Constant(PTR, None))):
        pdata = field(b, parent, OFFSETS["array_data"], PTR)
        pnd = field(b, parent, OFFSETS["array_nd"], I32)
        eq = b.and_(b.icmp_unsigned("==", pdata, data), b.icmp_signed("==", pnd, ir.Constant(I32, ty.ndim)))
        descr = field(b, parent, OFFSETS["array_descr"], PTR)     # not a.real of a complex `a`
        type_num = field(b, descr, OFFSETS["descr_type_num"], I32)
        eq = b.and_(eq, b.icmp_signed("==", type_num, ir.Constant(I32, ty.dtype.dtype.num)))
        eq = _dtype_details_ok(ctx, b, eq, descr, ty.dtype)
        dims = field(b, parent, OFFSETS["array_dims"], PTR)
        strides = field(b, parent, OFFSETS["array_strides"], PTR)
        for i in range(ty.ndim):
            d = b.load(b.gep(dims, [ir.Constant(I64, i)], source_etype=I64), typ=I64)
            s = b.load(b.gep(strides, [ir.Constant(I64, i)], source_etype=I64), typ=I64)
            eq = b.and_(eq, b.icmp_signed("==", d, b.extract_value(v, [SHAPE, i])))
            eq = b.and_(eq, b.icmp_signed("==", s, b.extract_value(v, [STRIDES, i])))
        b.store(eq, is_same)
    meminfo = b.extract_value(v, MEMINFO)
    owned = b.icmp_unsigned("!=", meminfo, ir.Constant(PTR, None))
    with b.if_else(b.load(is_same)) as (then, otherwise):
        with then:
            b.call(ctx.declare("Py_IncRef", ir.VoidType(), [PTR]), [parent])
            b.store(parent, result)         # (the reference a meminfo holding the parent had is dropped)
            b.call(ctx.declare("numjit_meminfo_decref", ir.VoidType(), [PTR]), [meminfo])
        with otherwise:
            with b.if_else(owned) as (has_buffer, borrowed):
                with has_buffer:       # the capsule takes over the reference this value holds
                    capsule = b.call(ctx.declare("PyCapsule_New", PTR, [PTR, PTR, PTR]),
                                     [meminfo, ir.Constant(PTR, None),
                                      ctx.declare("numjit_capsule_release", ir.VoidType(), [PTR])])
                    b.store(new_array_view(ctx, b, v, ty, capsule, steal=True), result)
                with borrowed:
                    b.store(new_array_view(ctx, b, v, ty, parent), result)
    return b.load(result)


def new_array_view(ctx, b, v, ty, base, steal=False):
    """A new ndarray over v's data whose base is `base` (a new reference is taken unless steal)."""
    shape = ctx.alloca(b, ir.ArrayType(I64, max(ty.ndim, 1)))
    strides = ctx.alloca(b, ir.ArrayType(I64, max(ty.ndim, 1)))
    for i in range(ty.ndim):
        b.store(b.extract_value(v, [SHAPE, i]), b.gep(shape, [ir.Constant(I64, 0), ir.Constant(I64, i)]))
        b.store(b.extract_value(v, [STRIDES, i]), b.gep(strides, [ir.Constant(I64, 0), ir.Constant(I64, i)]))
    flags = ir.Constant(I32, 0 if ty.readonly else ARRAY_FLAGS["WRITEABLE"])
    descr_symbol = getattr(ty.dtype, "descr_symbol", None)   # dtypes a type number can't name
    if descr_symbol is None:
        new = ctx.declare("numjit_PyArray_New", PTR, [PTR, I32, PTR, I32, PTR, PTR, I32, I32, PTR])
        arr = b.call(new, [ctx.global_var("PyArray_Type", I8), ir.Constant(I32, ty.ndim), shape,
                           ir.Constant(I32, ty.dtype.dtype.num), strides, b.extract_value(v, DATA),
                           ir.Constant(I32, 0), flags, ir.Constant(PTR, None)])
    else:
        descr = b.load(ctx.global_var(descr_symbol, PTR), typ=PTR)
        b.call(ctx.declare("Py_IncRef", ir.VoidType(), [PTR]), [descr])     # NewFromDescr steals it
        new = ctx.declare("numjit_PyArray_NewFromDescr", PTR, [PTR, PTR, I32, PTR, PTR, PTR, I32, PTR])
        arr = b.call(new, [ctx.global_var("PyArray_Type", I8), descr, ir.Constant(I32, ty.ndim), shape,
                           strides, b.extract_value(v, DATA), flags, ir.Constant(PTR, None)])
    with b.if_then(b.icmp_unsigned("!=", arr, ir.Constant(PTR, None))):
        with b.if_then(b.icmp_unsigned("!=", base, ir.Constant(PTR, None))):
            if not steal:
                b.call(ctx.declare("Py_IncRef", ir.VoidType(), [PTR]), [base])
            set_base = ctx.declare("numjit_PyArray_SetBaseObject", I32, [PTR, PTR])
            b.call(set_base, [arr, base])
    return arr


_BOXED_CONSTS = {}


def _box_const(ctx, b, v, ty):
    """A compile-time value (a dtype, a string...) returned to Python: the object itself."""
    from .cpython import global_object_symbol
    name = f"numjit_const.{id(ty.value):x}"
    if name not in _BOXED_CONSTS:          # (a dtype may already be held under its descr symbol's name)
        _BOXED_CONSTS[name] = global_object_symbol(name, ty.value)
    obj = b.load(ctx.global_var(name, PTR), typ=PTR)
    b.call(ctx.declare("Py_IncRef", ir.VoidType(), [PTR]), [obj])
    return obj


def _box_list(ctx, b, v, ty):
    from .lists import box_list
    return box_list(ctx, b, v, ty)


def _box_dict(ctx, b, v, ty):
    from .dicts import box_dict
    return box_dict(ctx, b, v, ty)


def _box_instance(ctx, b, v, ty):
    from ..types.jitclass import box_instance
    return box_instance(ctx, b, v, ty)


def _box_datetime(ctx, b, v, ty):
    from ..types.datetimes import box_datetime
    return box_datetime(ctx, b, v, ty)


def _box_record(ctx, b, v, ty):
    from ..types.records import box_record
    return box_record(ctx, b, v, ty)


def _box_exception(ctx, b, v, ty):
    from ..types.exceptions import box_exception
    return box_exception(ctx, b, v, ty)


def _box_str(ctx, b, v, ty):
    from .strings import box_str
    return box_str(ctx, b, v, ty)


BOXERS = {"Record": _box_record, "NPDatetime": _box_datetime, "NPTimedelta": _box_datetime,
          "Const": _box_const, "Float": _box_float, "Integer": _box_int, "Boolean": _box_bool, "Complex": _box_complex,
          "NoneType": _box_none, "NoReturn": _box_none, "Tuple": _box_tuple, "Array": _box_array, "List": _box_list,
          "NamedTuple": lambda *args: _namedtuples().box_namedtuple(*args),
          "DictType": _box_dict, "SetType": _box_dict,
          "TypedListType": lambda *a: _typed().box_typed(*a), "TypedDictType": lambda *a: _typed().box_typed(*a),
          "TypedSetType": lambda *a: _typed().box_typed(*a),
          "ClassInstanceType": _box_instance, "UnicodeType": _box_str, "BytesType": _box_str,
          "Optional": lambda *a: _optional().box_optional(*a), "ExceptionValue": _box_exception,
          "GeneratorType": lambda *a: _generators().box_generator_object(*a),
          "StructRef": lambda *a: _structref().box_structref(*a),
          "NumPyRandomGeneratorType": lambda *a: _rng().box_generator(*a),
          "EnumMember": lambda *a: _enums().box_enum(*a),
          "LiteralList": lambda *a: _literal_containers().box_literal_list(*a),
          "LiteralStrKeyDict": lambda *a: _literal_containers().box_literal_dict(*a),
          "LowLevelModel": lambda *a: _lowlevel().box_user(*a)}


def box(ctx, b, value, ty):
    """A new reference to a Python object for `value` (NULL with an exception set on failure)."""
    boxer = BOXERS.get(family(ty))
    if boxer is None:
        from ..errors import TypingError
        raise TypingError(f"a compiled function cannot return {ty} to Python (only to compiled callers)")
    return boxer(ctx, b, value, ty)
