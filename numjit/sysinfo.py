"""`python -m numjit -s` (or the `numjit -s` console script): the system as numjit sees it, like
`numba -s` — versions, CPU and its features, threads, CUDA, cache, environment variables.

    >>> text = report()
    >>> "numjit version" in text and "Threading layer" in text
    True
"""
import ctypes.util
import importlib.util
import os
import platform
import sys

from . import config


def _sections():
    import llvmlite
    import llvmlite.binding as llvm
    import numpy as np
    from . import __version__, threads
    from .runtime import threadpool
    from .run import NUMBA_API_VERSION
    features = llvm.get_host_cpu_features()
    enabled = sorted(name for name, on in features.items() if on)
    try:
        affinity = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        affinity = "n/a"
    cuda_driver = ctypes.util.find_library("cuda")
    env = {k: v for k, v in sorted(os.environ.items()) if k.startswith(("NUMJIT_", "NUMBA_"))}
    yield "Versions", [
        ("numjit version", __version__),
        ("numba API followed", NUMBA_API_VERSION),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("NumPy", np.__version__),
        ("llvmlite", llvmlite.__version__),
        ("LLVM", ".".join(map(str, llvm.llvm_version_info))),
    ]
    yield "Hardware", [
        ("Machine", platform.machine()),
        ("CPU name", llvm.get_host_cpu_name()),
        ("CPU count", os.cpu_count()),
        ("CPUs in affinity mask", affinity),
        ("CPUs available (affinity, cgroup quota)", config.available_cpus()),
        ("CPU features", " ".join(enabled)),
    ]
    yield "OS", [("Platform", platform.platform()), ("Executable", sys.executable)]
    yield "Threading", [
        ("Threading layer", "workqueue (numjit's own pool" + ("" if threadpool.started() else ", not started yet") + ")"),
        ("Threads (get_num_threads)", threads.get_num_threads()),
        ("NUMBA_NUM_THREADS", config.NUMBA_NUM_THREADS),
        ("NUMBA_DEFAULT_NUM_THREADS", config.NUMBA_DEFAULT_NUM_THREADS),
    ]
    yield "CUDA", [
        ("CUDA driver library", cuda_driver or "not found"),
        ("cuda-bindings package", "installed" if importlib.util.find_spec("cuda") else "not installed"),
        ("numjit.cuda", "present" if importlib.util.find_spec("numjit.cuda") else "not present"),
    ]
    yield "Cache", [("NUMJIT_CACHE_DIR", config.CACHE_DIR or "beside each source file (__numjit_cache__)")]
    yield "Environment", list(env.items()) or [("NUMJIT_* / NUMBA_*", "none set")]


def report():
    lines = ["System info:", "-" * 72]
    for title, rows in _sections():
        lines.append(f"__{title}__")
        width = max(len(name) for name, _ in rows)
        lines += [f"{name:<{width}} : {value}" for name, value in rows]
        lines.append("")
    return "\n".join(lines)


USAGE = "usage: numjit -s   (print system information, like numba -s)"


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if list(argv) in (["-s"], ["--sysinfo"]):
        print(report())
        return 0
    print(USAGE, file=sys.stderr if argv not in (["-h"], ["--help"]) else sys.stdout)
    return 0 if list(argv) in (["-h"], ["--help"]) else 2
