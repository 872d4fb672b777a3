"""np.random.Generator in compiled code: the type, its data model and its unboxing.

The value is {meminfo, bitgen_t *, PyObject *}: a `bitgen_t` is the C struct NumPy's bit
generators expose through their "BitGenerator" capsule ({state, next_uint64, next_uint32,
next_double, next_raw}). A Generator passed in has no meminfo (the Python object, borrowed, owns
its bit generator) and compiled code draws through the bit generator's own functions
(numjit/intrinsics/bitgen.py), so the Python-side state advances exactly as NumPy's methods would
advance it; returned to Python it is that same object. One made in compiled code
(`np.random.default_rng(seed)`) owns a reference-counted block holding its own bitgen_t and PCG64
state (no object); returned to Python it becomes a new np.random.Generator(PCG64) in that state,
so Python's draws continue the stream.

    >>> import numpy as np
    >>> from numjit.types import typeof
    >>> typeof(np.random.default_rng(1))
    NumPyRandomGeneratorType
"""
import numpy as np
from llvmlite import ir

from .base import Type

PTR = ir.PointerType()


class NumPyRandomGeneratorType(Type):
    kind = "generator"
    refcounted = True

    def __init__(self):
        super().__init__("NumPyRandomGeneratorType")

    def llvm(self):
        return ir.LiteralStructType([PTR, PTR, PTR])

    def meminfo_of(self, b, value):
        return b.extract_value(value, 0)


numpy_generator = NumPyRandomGeneratorType()


def typeof_generator(value):
    return numpy_generator


SYMBOL = "numjit_const.np_random_Generator"


def unbox_generator(ctx, b, obj, ty, fail):
    """obj.bit_generator.capsule's bitgen_t *, for an exact np.random.Generator (borrowed: the
    Generator passed in keeps its bit generator alive for the call)."""
    from ..runtime.boxing import type_of
    from ..runtime.cpython import global_object_symbol
    global_object_symbol(SYMBOL, np.random.Generator)
    expected = b.load(ctx.global_var(SYMBOL, PTR), typ=PTR)
    ok = b.append_basic_block("unbox.generator")
    b.cbranch(b.icmp_unsigned("==", type_of(b, obj), expected), ok, fail)
    b.position_at_end(ok)
    getattr_ = ctx.declare("PyObject_GetAttrString", PTR, [PTR, PTR])
    decref = ctx.declare("Py_DecRef", ir.VoidType(), [PTR])
    bit_generator = b.call(getattr_, [obj, ctx.cstring("bit_generator")])
    capsule = b.call(getattr_, [bit_generator, ctx.cstring("capsule")])
    bitgen = b.call(ctx.declare("PyCapsule_GetPointer", PTR, [PTR, PTR]), [capsule, ctx.cstring("BitGenerator")])
    b.call(decref, [capsule])
    b.call(decref, [bit_generator])
    value = b.insert_value(ir.Constant(ty.llvm(), [ir.Constant(PTR, None)] * 3), bitgen, 1)
    return b.insert_value(value, obj, 2)


def generator_from_state(state, inc, has_uint32, uinteger):
    """A Python Generator on a PCG64 in the state of one made in compiled code."""
    bit_generator = np.random.PCG64(0)
    bit_generator.state = {"bit_generator": "PCG64", "state": {"state": state, "inc": inc},
                           "has_uint32": has_uint32, "uinteger": uinteger}
    return np.random.Generator(bit_generator)


BOX_SYMBOL = "numjit_const.generator_from_state"


def box_generator(ctx, b, value, ty):
    """The Generator passed in (a new reference), or a new one holding the state of one made in
    compiled code (bitgen.py's block: PCG64 state and increment, the buffered 32-bit half);
    consumes the value's reference."""
    from ..intrinsics.bitgen import STATE, INC, HAS32, HALF
    from ..runtime.cpython import global_object_symbol
    i128, i64, i32, i8 = ir.IntType(128), ir.IntType(64), ir.IntType(32), ir.IntType(8)
    parent, block, meminfo = b.extract_value(value, 2), b.extract_value(value, 1), b.extract_value(value, 0)
    result = ctx.alloca(b, PTR)
    decref = ctx.declare("Py_DecRef", ir.VoidType(), [PTR])
    with b.if_else(b.icmp_unsigned("!=", parent, ir.Constant(PTR, None))) as (passed, made):
        with passed:
            b.call(ctx.declare("Py_IncRef", ir.VoidType(), [PTR]), [parent])
            b.store(parent, result)
        with made:
            def load(offset, typ):
                return b.load(b.gep(block, [ir.Constant(i64, offset)], source_etype=i8), typ=typ)
            from_u64 = ctx.declare("PyLong_FromUnsignedLongLong", PTR, [i64])
            shift = ctx.declare("PyNumber_Lshift", PTR, [PTR, PTR])
            either = ctx.declare("PyNumber_Or", PTR, [PTR, PTR])

            def from_u128(v):                     # (hi << 64) | lo as a Python int
                hi = b.call(from_u64, [b.trunc(b.lshr(v, ir.Constant(i128, 64)), i64)])
                lo = b.call(from_u64, [b.trunc(v, i64)])
                sixty_four = b.call(from_u64, [ir.Constant(i64, 64)])
                high = b.call(shift, [hi, sixty_four])
                out = b.call(either, [high, lo])
                for obj in (hi, lo, sixty_four, high):
                    b.call(decref, [obj])
                return out
            args = [from_u128(load(STATE, i128)), from_u128(load(INC, i128)),
                    b.call(from_u64, [b.zext(load(HAS32, i32), i64)]), b.call(from_u64, [b.zext(load(HALF, i32), i64)])]
            global_object_symbol(BOX_SYMBOL, generator_from_state)
            helper = b.load(ctx.global_var(BOX_SYMBOL, PTR), typ=PTR)
            call = ctx.declare("PyObject_CallFunctionObjArgs", PTR, [PTR], var_arg=True)
            b.store(b.call(call, [helper] + args + [ir.Constant(PTR, None)]), result)
            for obj in args:
                b.call(decref, [obj])
    b.call(ctx.declare("numjit_meminfo_decref", ir.VoidType(), [PTR]), [meminfo])
    return b.load(result)
