"""np.random.Generator passed into compiled code: the type, its data model (a pointer to the
generator's `bitgen_t`, the C struct NumPy's bit generators expose through their "BitGenerator"
capsule) and its unboxing. Compiled code draws through the bit generator's own functions
(numjit/intrinsics/bitgen.py), so the Python-side Generator's state advances exactly as
NumPy's own methods would advance it. Generators cannot be returned to Python.

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

    def __init__(self):
        super().__init__("NumPyRandomGeneratorType")

    def llvm(self):
        return PTR


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
    return bitgen
