"""Running code written for numba, unmodified, on numjit: `python -m numjit.run script.py`,
`python -m numjit.run -m pytest ...`, `numjit.install_as_numba()`, and `python -m numjit -s`.
Each test starts a fresh interpreter (the alias is process-wide)."""
import os
import subprocess
import sys
import textwrap

import pytest

pytestmark = [pytest.mark.numjit_only, pytest.mark.slow]

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

NUMBA_SCRIPT = '''
import importlib.metadata, subprocess, sys
import numpy as np
import numba
from numba import njit, prange, types
from numba.core import types as core_types
from numba.core.errors import TypingError, NumbaPerformanceWarning
from numba.extending import overload, register_jitable
from numba.np.numpy_support import from_dtype
from numba.np.ufunc.dufunc import DUFunc
import numba.core.config

def halve(x):
    return x / 2

@overload(halve)
def _halve(x):
    if isinstance(x, types.Integer):
        return lambda x: x // 2

@register_jitable
def plus_one(x):
    return x + 1

@njit(parallel=True)
def work(a):
    out = np.empty_like(a)
    for i in prange(a.shape[0]):
        out[i] = plus_one(halve(a[i]))
    return out, numba.get_num_threads()

a = np.arange(10, dtype=np.int64)
out, threads = work(a)
assert (out == a // 2 + 1).all(), out
assert core_types is numba.types and from_dtype(np.float32) == numba.float32
child = subprocess.run([sys.executable, "-c", "import numba; print(numba.__version__)"],
                       capture_output=True, text=True, check=True).stdout.strip()
real = [m for m in sys.modules if m.startswith("numba") and not hasattr(sys.modules[m], "__numjit__")
        and not sys.modules[m].__name__.startswith("numjit")]
print("args", sys.argv[1:])
print("threads", threads, numba.config.NUMBA_NUM_THREADS)
print("versions", numba.__version__, importlib.metadata.version("numba"), child)
print("real numba modules", real)
print("jit class", type(work).__mro__[1].__module__)
'''


def _run(args, tmp_path, **env):
    environ = dict(os.environ, PYTHONPATH=ROOT, **env)
    environ.pop("NUMJIT_NUM_THREADS", None)
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=tmp_path,
                          env=environ, timeout=120)


def test_numjit_run_script_importing_numba_submodules(tmp_path):
    script = tmp_path / "uses_numba.py"
    script.write_text(NUMBA_SCRIPT)
    done = _run(["-m", "numjit.run", str(script), "one", "--two"], tmp_path, NUMBA_NUM_THREADS="1")
    assert done.returncode == 0, done.stderr
    lines = dict(line.split(" ", 1) for line in done.stdout.strip().splitlines())
    from numjit.run import NUMBA_API_VERSION
    assert lines["args"] == "['one', '--two']"
    assert lines["threads"] == "1 1"                                # NUMBA_NUM_THREADS honoured
    assert lines["versions"] == f"{NUMBA_API_VERSION} {NUMBA_API_VERSION} {NUMBA_API_VERSION}"
    assert lines["real"] == "numba modules []"
    assert lines["jit"] == "class numjit.dispatch.dispatcher"


def test_numjit_run_dash_m_runs_pytest_on_numba_tests(tmp_path):
    (tmp_path / "test_with_numba.py").write_text(textwrap.dedent('''
        import numpy as np
        from numba import njit, vectorize
        from numba.core.errors import TypingError
        import pytest

        def test_numba_api():
            import numba
            assert numba.__numjit__ and numba.njit.__module__ == "numjit.decorators"
            @vectorize(["float64(float64, float64)"])
            def hyp(a, b):
                return (a * a + b * b) ** 0.5
            assert np.allclose(hyp(np.array([3.0, 5.0]), 4.0), [5.0, 6.4031242374328485])
            with pytest.raises(TypingError):
                njit(lambda x: x.nope)(1)
    '''))
    done = _run(["-m", "numjit.run", "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
                 "test_with_numba.py"], tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout


def test_unknown_numba_modules_and_usage(tmp_path):
    done = _run(["-c", "import numjit; numjit.install_as_numba(); import numba.no_such_module"], tmp_path)
    assert "ModuleNotFoundError" in done.stderr and "numba.no_such_module" in done.stderr
    done = _run(["-m", "numjit.run"], tmp_path)
    assert done.returncode == 2 and "usage" in done.stderr
    done = _run(["-m", "numjit.run", "-c", "import sys, numba; print(bool(numba.__numjit__), sys.argv)", "x"], tmp_path)
    assert done.stdout.strip() == "True ['-c', 'x']", done.stderr
    real = _run(["-c", "import numba"], tmp_path).returncode == 0      # (asked in a fresh process:
    if real:                                    # this one may hold the alias from another test)
        done = _run(["-c", "import numba, numjit; numjit.install_as_numba()"], tmp_path)
        assert "RuntimeError: the real numba is already imported" in done.stderr


def test_python_dash_m_numjit_dash_s(tmp_path):
    done = _run(["-m", "numjit", "-s"], tmp_path, NUMBA_NUM_THREADS="3")
    assert done.returncode == 0, done.stderr
    for heading in ("__Versions__", "__Hardware__", "__Threading__", "__CUDA__", "__Cache__"):
        assert heading in done.stdout
    assert "NUMBA_NUM_THREADS         : 3" in done.stdout and "CPU features" in done.stdout


AST_SCRIPT = '''
import ast, inspect, textwrap
import numpy as np
import numba

def clipped_total(a, low):            # rewritten below as an AST with an out parameter (numbagg's way)
    total = 0.0
    for v in a:
        if v > low:
            total += v
    return total

class ToOut(ast.NodeTransformer):
    def visit_Return(self, node):
        target = ast.Subscript(ast.Name("out", ast.Load()), ast.Constant(0), ast.Store())
        return ast.copy_location(ast.Assign([target], node.value), node)

tree = ast.parse(textwrap.dedent(inspect.getsource(clipped_total)))
tree.body[0].name = "rewritten"
tree.body[0].args.args.append(ast.arg("out"))
tree = ast.fix_missing_locations(ToOut().visit(tree))
scope = {}
exec(compile(tree, filename="<ast>", mode="exec"), globals(), scope)
fast = numba.njit(scope["rewritten"])
for a in (np.array([1.0, -2.0, np.inf, 3.5]), np.empty(0), np.array([np.nan, 4.0])):
    out, expected = np.zeros(1), np.zeros(1)
    fast(a, 0.5, out)
    scope["rewritten"](a, 0.5, expected)
    assert np.array_equal(out, expected), (out, expected)
print("ok", fast.py_func.__code__.co_filename)
'''


def test_functions_compiled_from_an_ast_compile(tmp_path):
    script = tmp_path / "from_ast.py"
    script.write_text(AST_SCRIPT)
    done = _run(["-m", "numjit.run", str(script)], tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["ok", "<ast>"]


def test_pytest_rewritten_modules_are_not_remembered():
    """Under numjit.run, pytest's assertion rewriting compiles test modules from ASTs whose asserts
    call pytest's helpers; numjit must keep compiling such functions from their file's text."""
    import ast
    from numjit.frontend import astsource
    plain = ast.parse("def f(x):\n    assert x < 10\n    return x\n")
    rewritten = ast.parse("import builtins\ndef f(x):\n    return x\n")
    rewritten.body[0].names[0].asname = "@py_builtins"          # what pytest's rewriter inserts
    for tree, remembered in ((plain, True), (rewritten, False)):
        scope = {}
        exec(astsource._compile_remembering(tree, "<ast>", "exec"), scope)
        assert (astsource.tree_of(scope["f"]) is not None) == remembered
