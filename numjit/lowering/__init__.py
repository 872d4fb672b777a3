"""Lowering: typed AST to LLVM IR (calling convention, loops, reference counting).

    >>> from numjit.lowering.refcount import needs_refcount
    >>> from numjit.types import float64
    >>> needs_refcount(float64[:])
    True
"""
