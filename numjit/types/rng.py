"""np.random.Generator in compiled code: the type, its data model and its unboxing.

The value is {meminfo, bitgen_t *}: a `bitgen_t` is the C struct NumPy's bit generators expose
through their "BitGenerator" capsule ({state, next_uint64, next_uint32, next_double, next_raw}).
A Generator passed in has no meminfo (the Python object owns its bit generator) and compiled
code draws through the bit generator's own functions (numjit/intrinsics/bitgen.py), so the
Python-side state advances exactly as NumPy's methods would advance it. One made in compiled
code (`np.random.default_rng(seed)`) owns a reference-counted block holding its own bitgen_t
and PCG64 state. Generators cannot be returned to Python.

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
        return ir.LiteralStructType([PTR, PTR])

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
    return b.insert_value(ir.Constant(ty.llvm(), [ir.Constant(PTR, None), ir.Constant(PTR, None)]), bitgen, 1)
