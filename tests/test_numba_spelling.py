"""`str(numba.typeof(x))` under numjit's numba alias is spelled as numba spells it (compared with
the real numba where it is installed); numjit's own names stay in f-strings and messages. Each side
runs in a fresh interpreter: the alias and the spelling are process-wide."""
import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.numjit_only

VALUES = """
import numpy as np
from collections import namedtuple
from numba import typeof, types
P = namedtuple("P", "x y")
ro = np.ones(2)
ro.flags.writeable = False
values = [1, 2.5, True, 1j, np.float32(1), np.ones(3), np.ones((2, 2), order="F"), np.ones((3, 3))[::2, ::2],
          np.zeros(()), ro, np.arange(3) > 1, "s", b"b", (1, 2), (1, 2.5), [1, 2], {1, 2}, None, P(1, 2.0),
          np.datetime64("2020-01-01"), np.zeros(2, dtype=[("a", "f8"), ("b", "i4")]),
          types.ListType(types.int64), types.DictType(types.unicode_type, types.int64), types.Optional(types.int64)]
spelled = [str(v if isinstance(v, types.Type) else typeof(v)) for v in values]
"""


def _spellings(prologue):
    code = prologue + VALUES + "print(json.dumps(spelled))\n"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    done = subprocess.run([sys.executable, "-c", "import json\n" + code], capture_output=True, text=True,
                          env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_typeof_is_spelled_as_numba_spells_it():
    ours = _spellings("import numjit\nnumjit.install_as_numba()\n"
                      "import numba\nassert f'{numba.typeof(1.5)}' == 'float64'\n"
                      "assert f'{numba.typeof((1, 2))}' == '(int64, int64)'   # numjit's name in f-strings\n")
    assert ours[:4] == ["int64", "float64", "bool", "complex128"]
    assert "array(float64, 2d, F)" in ours and "reflected list(int64)<iv=None>" in ours
    try:
        real = _spellings("import numba\nassert not hasattr(numba, '__numjit__')\n")
    except AssertionError:
        pytest.skip("the real numba is not installed")
    assert ours == real
