"""numba.experimental's names: `jitclass` (numjit/types/jitclass.py) and the `structref` module
(numjit/experimental/structref.py, imported when named).

    >>> from numjit.experimental import jitclass, structref
    >>> jitclass.__module__, structref.__name__
    ('numjit.types.jitclass', 'numjit.experimental.structref')
"""
from ..types.jitclass import jitclass, optional

__all__ = ["jitclass", "optional", "structref"]
