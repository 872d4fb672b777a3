"""numjit's differential fuzzer (see tools/fuzz/__main__.py; `make fuzz`).

generate.py    random well-defined programs and their inputs (tables of expression generators)
statements.py  the table of statement generators
features.py    index arrays, masks, flat/nditer, axis=/keepdims=, random streams (appended to both tables)
extras.py      closures, typed containers, jitclasses, linalg, sorting, cmath, wrapping, 0-d, float32
idioms.py      str/list/dict/set methods, enumerate/zip, keyword defaults, generators, NaN data, floor ops
run.py         run one as Python and compiled, compare, classify; the worker subprocess
reduce.py      shrink a failing program while it fails the same way
"""
