"""The llvmlite helpers of numba.core.cgutils that intrinsics commonly use.

    >>> str(voidptr_t), str(intp_t), str(true_bit)
    ('i8*', 'i64', 'i1 1')
    >>> str(pack_array(None, [ir.Constant(intp_t, 2), ir.Constant(intp_t, 3)]))
    '[2 x i64] [i64 2, i64 3]'

`voidptr_t` is numba's typed `i8*`, so numba's `builder.bitcast(p, ir.DoubleType().as_pointer())`
then `builder.load` works; pointers numjit itself makes are opaque (`ptr`): a load from one names
its element type (`builder.load(ptr, typ=ir.DoubleType())`).
"""
import contextlib

from llvmlite import ir

voidptr_t = ir.IntType(8).as_pointer()
int8_t, int32_t, int64_t = ir.IntType(8), ir.IntType(32), ir.IntType(64)
intp_t = int64_t
bool_t = ir.IntType(1)
true_bit, false_bit = ir.Constant(bool_t, 1), ir.Constant(bool_t, 0)


def get_or_insert_function(module, fnty, name):
    """The function `name` declared in `module` (declared now if missing)."""
    fn = module.globals.get(name)
    return fn if fn is not None else ir.Function(module, fnty, name)


def alloca_once(builder, ty, size=None, name="", zfill=False):
    """An alloca in the function's entry block (so LLVM promotes it to a register)."""
    with builder.goto_entry_block():
        slot = builder.alloca(ty, size=size, name=name)
        if zfill:
            builder.store(ir.Constant(ty, None), slot)
    return slot


def alloca_once_value(builder, value, name=""):
    slot = alloca_once(builder, value.type, name=name)
    builder.store(value, slot)
    return slot


def is_null(builder, value):
    return builder.icmp_unsigned("==", value, ir.Constant(value.type, None))


def is_not_null(builder, value):
    return builder.icmp_unsigned("!=", value, ir.Constant(value.type, None))


@contextlib.contextmanager
def early_exit_if(builder, stack, cond):
    """The body runs when `cond` holds; the code after the `with` runs in the other branch, until
    `stack` (a contextlib.ExitStack) closes, where both branches meet."""
    then, otherwise = stack.enter_context(builder.if_else(cond, likely=False))
    with then:
        yield
    stack.enter_context(otherwise)


def early_exit_if_null(builder, stack, obj):
    return early_exit_if(builder, stack, is_null(builder, obj))


def create_struct_proxy(fe_type, kind="value"):
    """numba's struct proxy of a StructModel type: create_struct_proxy(typ)(context, builder,
    value=None, ref=None), members read and written as attributes (numjit/lowlevel.py)."""
    from ..lowlevel import StructProxy
    return lambda context, builder, value=None, ref=None: StructProxy(fe_type, context, builder, value, ref)


def get_null_value(ltype):
    return ir.Constant(ltype, None)


def unpack_tuple(builder, tup, count=None):
    """The items of an LLVM struct or array value, as a list."""
    if count is None:
        count = len(tup.type.elements) if isinstance(tup.type, ir.BaseStructType) else tup.type.count
    return [builder.extract_value(tup, i) for i in range(count)]


def _pack(builder, llty, values):
    if all(isinstance(v, ir.Constant) for v in values):        # constants fold (builder may be None)
        return ir.Constant(llty, list(values))
    out = ir.Constant(llty, ir.Undefined)
    for i, v in enumerate(values):
        out = builder.insert_value(out, v, i)
    return out


def pack_array(builder, values, ty=None):
    """An LLVM array value of `values` (of one type)."""
    return _pack(builder, ir.ArrayType(ty or values[0].type, len(values)), values)


def pack_struct(builder, values):
    """An LLVM literal struct value of `values`."""
    return _pack(builder, ir.LiteralStructType([v.type for v in values]), values)


def if_likely(builder, pred):
    return builder.if_then(pred, likely=True)


def if_unlikely(builder, pred):
    return builder.if_then(pred, likely=False)

