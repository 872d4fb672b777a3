"""`hash()` of a tuple: CPython's xxHash-based combination of its items' hashes.

    >>> import numjit
    >>> @numjit.njit
    ... def h(t):
    ...     return hash(t)
    >>> h((1, 2.5)) == hash((1, 2.5)), h((True, -3)) == hash((True, -3))
    (True, True)

Each item's hash resolves as `hash(item)` does anywhere (numbers: numjit/lib/hashing.py),
so any item type with a `hash` works here too.
"""
from llvmlite import ir

from ..errors import TypingError
from ..types import Signature, Tuple
from ..types.scalars import int64
from ..typing.registry import intrinsic, resolve

I64 = ir.IntType(64)
XXPRIME_1, XXPRIME_2, XXPRIME_5 = 11400714785074694791, 14029467366897019727, 2870177450012600261


def item_hash(ty):
    """The implementation of hash(x) for x of type ty, typed (TypingError: unhashable)."""
    from ..typing.infer import return_type_of
    from ..typing.registry import PythonImpl
    impl = resolve(hash, (ty,))
    if impl is None:
        raise TypingError(f"unhashable type: {ty}")
    if isinstance(impl, PythonImpl) and impl.signature is None:
        impl.signature = Signature(return_type_of(impl.pyfunc, impl.argtypes), impl.argtypes)
        impl.flags = {}
    return impl


@intrinsic(hash)
def hash_tuple(t):
    if not isinstance(t, Tuple) or t.kind in ("literaldict", "literallist"):    # (a dict, a list)
        return None
    impls = [item_hash(item) for item in t.items]

    def codegen(low, sig, a):
        b = low.builder
        acc = ir.Constant(I64, XXPRIME_5)
        for i, (impl, item_ty) in enumerate(zip(impls, t.items)):
            lane = low.apply(impl, [b.extract_value(a[0], i)], [item_ty])
            acc = b.add(acc, b.mul(lane, ir.Constant(I64, XXPRIME_2)))
            acc = b.or_(b.shl(acc, ir.Constant(I64, 31)), b.lshr(acc, ir.Constant(I64, 33)))
            acc = b.mul(acc, ir.Constant(I64, XXPRIME_1))
        acc = b.add(acc, ir.Constant(I64, len(t) ^ (XXPRIME_5 ^ 3527539)))
        minus_one = b.icmp_signed("==", acc, ir.Constant(I64, -1))
        return b.select(minus_one, ir.Constant(I64, 1546275796), acc)
    return Signature(int64, (t,)), codegen
