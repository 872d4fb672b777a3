"""numjit's differential fuzzer (see tools/fuzz/__main__.py; `make fuzz`).

generate.py    random well-defined programs and their inputs (tables of expression generators)
statements.py  the table of statement generators
features.py    index arrays, masks, flat/nditer, axis=/keepdims=, random streams (appended to both tables)
extras.py      closures, typed containers, jitclasses, linalg, sorting, cmath, wrapping, 0-d, float32
idioms.py      str/list/dict/set methods, enumerate/zip, keyword defaults, generators, NaN data, floor ops
edges.py       exceptions in loops, while/else, nested unpacking, closures over arrays, 2-d slice stores,
               masks, *_like(dtype=), numbers as text, int()/floor of NaN, float % by 0, min/max of NaN
mixes.py       str-keyed dicts in loops, tuples of arrays, try around array code, inner defs,
               a jitclass with a typed List, narrow typed containers, seeded np.random,
               run-time negative 2-d steps, integer widths mixed
run.py         run one as Python and compiled, compare, classify; the worker subprocess
reduce.py      shrink a failing program while it fails the same way
"""
