"""numba.experimental's names: `jitclass` (numjit/types/jitclass.py).

    >>> from numjit.experimental import jitclass
    >>> jitclass.__module__
    'numjit.types.jitclass'
"""
from .types.jitclass import jitclass, optional

__all__ = ["jitclass", "optional"]
