"""Run-time support emitted as IR: memory (meminfo), boxing, the CPython boundary, printing.

    >>> from numjit.runtime import allocation_stats
    >>> a, f = allocation_stats(); a >= f
    True
"""
from .memory import allocation_stats  # noqa: F401
