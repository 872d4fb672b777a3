"""The root of numjit's types, and numba's spelling sugar on it.

    >>> from numjit.types import float64, int64
    >>> float64[:, ::1], float64(float64[:], int64)
    (float64[:, ::1], float64(float64[:], int64))

A type is immutable and compared by its `key`; `llvm()` gives its data model
as a value, `llvm_mem()` its layout in memory (they differ only for bool).
"""


class Type:
    kind = "type"

    def __init__(self, name):
        self.name = name

    @property
    def key(self):
        return (type(self), self.name)

    def __eq__(self, other):
        return isinstance(other, Type) and self.key == other.key

    def __hash__(self):
        return hash(self.key)

    def __repr__(self):
        return self.name

    def llvm(self):
        if not type(self).__module__.startswith("numjit."):      # a user's type: numba's low-level API
            from ..lowlevel import model_of                       # (a TypingError without a data model)
            return model_of(self).get_value_type()
        raise NotImplementedError(f"{self} has no runtime representation")

    def llvm_mem(self):
        return self.llvm()

    # numba sugar: float64[:, ::1] makes an array type, float64(int64) a signature
    def __getitem__(self, spec):
        from .arrays import array_from_slices
        return array_from_slices(self, spec)

    def __call__(self, *args):
        from .signature import Signature
        return Signature(self, tuple(args))
