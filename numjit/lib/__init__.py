"""The library written in Python and compiled by numjit (type guard first, plain loop second).

    >>> import math
    >>> from numjit.typing.registry import has_key
    >>> has_key(math.gcd)
    True
"""
from . import mathlib, mathseq, complexlib  # noqa: F401
from . import numpy_creation, numpy_joining, numpy_reductions, numpy_linalg, numpy_indexing  # noqa: F401
from . import listlib, builtinlib, functional, iterators, hashing, dictlib, setlib  # noqa: F401
from . import special  # noqa: F401
from . import numpy_random, numpy_generator, numpy_random_dists, numpy_random_multi, numpy_generator_dists  # noqa: F401
from . import numpy_generator_more  # noqa: F401
from . import numpy_sorting, numpy_sets, numpy_stats, numpy_signal  # noqa: F401
from . import numpy_manip, numpy_nan, numpy_arrange, numpy_edit, numpy_windows, numpy_views, numpy_indices, numpy_pad  # noqa: F401
from . import numpy_elementwise, numpy_ufunc_methods  # noqa: F401
from . import numpy_linalg_lapack, numpy_linalg_stacked, numpy_linalg_products, numpy_einsum  # noqa: F401
from . import numpy_linalg_extras  # noqa: F401
from . import strlib, heapqlib  # noqa: F401
