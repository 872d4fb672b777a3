"""The lazy library registration (numjit/typing/providers.py): the generated table lists every key
every library module registers, candidates keep the eager import order whatever order modules
are imported in, and a small function's first compile imports only what it uses."""
import json
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from numjit import njit
from numjit.typing import providers

ROOT = Path(__file__).resolve().parents[1]


def _python(code, **env_vars):
    """stdout of `code` run in a fresh interpreter (from a file: njit needs the source)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), **env_vars)
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "script.py"
        script.write_text(code)
        done = subprocess.run([sys.executable, str(script)], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_table_is_complete_and_current():
    """Regenerated from an eager import of every module, the table is the committed one (made
    with another Python or NumPy, it is not used: everything is imported, as before)."""
    from numjit.typing import _providers_table as table
    if table.VERSIONS != providers.versions():
        assert not providers._fresh(table.SIZES, table.VERSIONS)
        return
    generated = _python("from numjit.typing import providers; print(providers.generate(), end='')")
    committed = (ROOT / "numjit" / "typing" / "_providers_table.py").read_text()
    assert generated == committed, ("numjit/typing/_providers_table.py is stale: a library module "
                                    "registers keys it does not list, or a file changed; regenerate "
                                    "it with `python -m numjit.typing.providers`")


_CANDIDATES = """
import json, importlib
from numjit.typing import registry, providers
from numjit.typing._providers_table import PROVIDES
{load}
def listing(bucket):
    return [[kind, module, getattr(typer, '__qualname__', '?')] for _, kind, typer, module in bucket]
print(json.dumps([providers._state["fresh"],
                  sorted([providers.describe(key), listing(bucket)] for key, bucket in registry._TYPERS.items()),
                  sorted([providers.describe(key), listing(sorted(bucket, key=lambda entry: entry[0][1]))]
                         for key, bucket in registry._TYPERS.items())]))
"""


def test_candidate_order_does_not_depend_on_import_order():
    """Each key's candidates are in the order an eager import registers them (the registration
    sequence), also when the modules are imported the other way round."""
    fresh, eager, registered = json.loads(_python(_CANDIDATES.format(
        load="providers.import_all()\nfor m in PROVIDES: importlib.import_module(m)")))
    assert eager == registered
    if fresh:               # (a stale table's ranks are unknown: it imports everything at once)
        _, backwards, _ = json.loads(_python(_CANDIDATES.format(
            load="for m in reversed(list(PROVIDES)): importlib.import_module(m)\nproviders.import_all()")))
        assert backwards == eager


def test_first_compile_imports_only_what_it_uses():
    out = _python("""
import sys, numjit
@numjit.njit
def f(x):
    return x + 1
assert f(1.5) == 2.5
from numjit.typing import providers
print(providers._state["fresh"], *(m for m in sys.modules if m.startswith(('numjit.lib.', 'numjit.intrinsics.'))))
@numjit.njit
def g(s, items, a):      # `+` whose candidates sit in later modules, imported one after another
    return s + "!", items + [3], (a + a)[1], f(2)
import numpy as np
assert g("hi", [1, 2], np.arange(3.0)) == ("hi!", [1, 2, 3], 2.0, 3)
""")
    fresh, *loaded = out.split()
    if fresh != "True":          # a stale table (test_table_is_complete_and_current says so): all imported
        assert "numjit.lib.numpy_linalg" in loaded
        return
    assert "numjit.intrinsics.operators" in loaded
    for unused in ("numjit.intrinsics.strings", "numjit.intrinsics.arrayexpr", "numjit.lib.numpy_linalg",
                   "numjit.lib.numpy_random"):       # `+` of strings and arrays, never-met functions
        assert unused not in loaded, loaded


def test_stale_table_means_import_everything():
    from numjit.typing import _providers_table as generated
    current = dict(providers.file_sizes(()), **{p: os.path.getsize(providers._path(p)) for p in generated.SIZES})
    assert providers._fresh(current, providers.versions())
    changed = dict(current)
    changed["lib/mathlib.py"] += 1
    assert not providers._fresh(changed, providers.versions())
    assert not providers._fresh(dict(current, **{"lib/not_there.py": 10}), providers.versions())
    assert not providers._fresh(current, dict(providers.versions(), numpy="1.0"))


def test_other_versions_write_and_reuse_their_own_table(tmp_path):
    """Under another Python or NumPy the first process imports everything and writes this
    machine's table to the cache directory; the next one is lazy again."""
    code = """
import sys, numjit
from numjit.typing import providers
providers.versions = lambda: {"python": "0.0", "numpy": "0.0"}
@numjit.njit
def f(x):
    return x + 1
assert f(1.5) == 2.5
print(int("numjit.lib.numpy_linalg" in sys.modules))
"""
    assert _python(code, NUMJIT_CACHE_DIR=str(tmp_path)).split() == ["1"]
    assert _python(code, NUMJIT_CACHE_DIR=str(tmp_path)).split() == ["0"]
    [written] = (tmp_path / "registry").iterdir()
    from numjit.typing import _providers_table as generated
    if providers._fresh(generated.SIZES, generated.VERSIONS):     # the same as the committed table
        assert json.loads(written.read_text())["provides"] == {m: list(k) for m, k in generated.PROVIDES.items()}


def test_describe_names_keys_stably():
    import operator
    assert providers.describe(math.sqrt) == "math:sqrt"
    assert providers.describe(operator.add) == "_operator:add"
    assert providers.describe(np.multiply.at) == "ufunc:multiply.at"
    assert providers.describe(("global", 3)) == "(global,builtins:int())"
    assert providers.describe(np.random.normal) == "numpy.random:RandomState.normal"
    assert providers.providers_of(object()) == ()


def test_a_description_naming_another_object_is_not_a_key():
    """A key is found by its description, but it is the object that must be registered (a user's
    ufunc named "add" is not np.add)."""
    from numjit.typing import registry
    from numjit.types import float64

    class Impostor:
        pass
    fake = Impostor()
    fake.__module__, fake.__qualname__ = "math", "sqrt"
    assert providers.describe(fake) == "math:sqrt"
    assert not registry.has_key(fake)
    assert registry.resolve(fake, (float64,)) is None
    assert registry.has_key(math.sqrt)


def test_lazily_loaded_functions_compile():
    """Functions of several modules, first met in one compile (each module imported on demand)."""
    @njit
    def f(a):
        return np.linalg.det(a), np.sort(a.ravel())[0], np.nanmax(a), len(str(3))

    a = np.array([[2.0, 1.0], [1.0, 3.0]])
    det, *rest = f(a)
    assert np.isclose(det, np.linalg.det(a), rtol=1e-12)
    assert rest == [np.sort(a.ravel())[0], np.nanmax(a), 1]
