"""numba.core.serialize's `dumps`/`loads`, for library code and tests that pickle what they hand
to numba: cloudpickle when it is installed (numba ships its own copy), else pickle, which cannot
pickle local functions and lambdas.

    >>> loads(dumps((1, "a")))
    (1, 'a')
"""
import pickle

try:
    import cloudpickle as _pickler
except ImportError:
    _pickler = pickle


def dumps(obj):
    return _pickler.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)


loads = pickle.loads
