"""Skip rules of the GPU tests: they need cuda-bindings, a driver and a device."""
import pytest


def require_gpu():
    pytest.importorskip("cuda.bindings", reason="cuda-bindings is not installed")
    from numjit import config
    if config.SIMULATE:
        pytest.skip("the simulator is on (NUMJIT_ENABLE_CUDASIM)", allow_module_level=True)
    from numjit.cuda import driver
    if not driver.available():
        pytest.skip("no CUDA driver or device", allow_module_level=True)
