"""Loop hints: keep LLVM's loop vectoriser off a loop whose vector form would be slower, and
keep every loop transformation that clones code off a loop nest that rarely runs (`no_clone`).

A strided store loop "vectorised" on AVX-512 becomes vector address arithmetic and
scatters, slower than the scalar loop. LLVM reads `llvm.loop.vectorize.enable = false`
from a loop ID, a distinct metadata node whose first operand is itself, which
llvmlite's builder cannot write: `no_vectorize` attaches a plain marker node to the
loop's back edge and `annotate` turns it into the loop ID in the module text just
before parsing.

    >>> from llvmlite import ir
    >>> m = ir.Module()
    >>> f = ir.Function(m, ir.FunctionType(ir.VoidType(), []), "f")
    >>> b = ir.IRBuilder(f.append_basic_block())
    >>> no_vectorize(b.branch(b.block))
    >>> print(annotate(str(m)).splitlines()[-1])
    !1 = distinct !{ !1, !0 }
"""
import itertools
import re

from llvmlite import ir

_MARKER = "numjit.loop"
_IDS = itertools.count()
_LOOP = re.compile(r'^!(\d+) = !\{ !"' + re.escape(_MARKER) + r'", i64 \d+, (.*) \}$', re.M)


def no_vectorize(branch, unroll=True):
    """Mark the loop whose back edge is `branch` (a br instruction) as not to be vectorised
    (nor unrolled, with `unroll=False`)."""
    m = branch.parent.function.module
    hints = [m.add_metadata([ir.MetaDataString(m, "llvm.loop.vectorize.enable"), ir.Constant(ir.IntType(1), 0)])]
    if not unroll:
        hints.append(m.add_metadata([ir.MetaDataString(m, "llvm.loop.unroll.disable")]))
    # a unique marker per loop (llvmlite merges equal nodes; each loop needs its own ID)
    branch.set_metadata("llvm.loop", m.add_metadata([ir.MetaDataString(m, _MARKER),
                                                     ir.Constant(ir.IntType(64), next(_IDS))] + hints))


def no_clone(builder):
    """An empty instruction LLVM may not duplicate, at `builder`'s position: the loops around it
    are never unswitched, unrolled or otherwise cloned.  For a rarely run copy of a loop nest
    (lowering/interchange.py's fallback), whose non-trivial unswitching took more compile time
    than the rest of the function."""
    call = builder.asm(ir.FunctionType(ir.VoidType(), []), "", "", [], True)
    set.add(call.attributes, "noduplicate")      # (llvmlite's list of call attributes lacks it)


def annotate(text):
    """Module text with every marker node rewritten into a self-referential loop ID."""
    return _LOOP.sub(r"!\1 = distinct !{ !\1, \2 }", text) if _MARKER in text else text
