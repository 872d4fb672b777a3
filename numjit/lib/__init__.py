"""The library written in Python and compiled by numjit (type guard first, plain loop second).

    >>> import math
    >>> from numjit.typing.registry import has_key
    >>> has_key(math.gcd)
    True
"""
# the explicit import list: numjit/typing/providers.py imports a module when typing first meets a
# key it registers, and every one of them, in this order, to generate its table
MODULES = (
    "mathlib", "mathseq", "complexlib", "numpy_creation", "numpy_joining", "numpy_reductions",
    "numpy_linalg", "numpy_indexing", "numpy_index_arrays", "listlib", "builtinlib",
    "functional", "iterators", "hashing", "dictlib", "setlib", "special", "numpy_random",
    "numpy_generator", "numpy_random_dists", "numpy_random_multi", "numpy_generator_dists",
    "numpy_generator_more", "numpy_sorting", "numpy_sets", "numpy_stats", "numpy_signal",
    "numpy_manip", "numpy_flips", "numpy_nan", "numpy_arrange", "numpy_edit", "numpy_windows",
    "numpy_views", "numpy_indices", "numpy_pad", "numpy_elementwise", "numpy_ufunc_methods",
    "numpy_keepdims", "numpy_apply", "gufunc_calls", "numpy_iteration", "numpy_nditer", "numpy_linalg_lapack",
    "numpy_linalg_stacked", "numpy_linalg_products", "numpy_einsum", "numpy_linalg_extras",
    "numpy_ranges", "numpy_poly", "strlib", "heapqlib", "pyrandom", "numpy_clip", "numpy_api2",
    "numpy_histogram_weights", "numpy_reduce_out", "numpy_unique_results", "numpy_reduce_where", "numpy_stats_where",
    "strmap", "numpy_bits", "numpy_block",
)
