"""Third-party libraries written for numba, their own test suites run twice: on numba, and on
numjit through `python -m numjit.run -m pytest` (no file of theirs edited). `make compat` runs it
in its own virtual environment; it is not part of `make test`.

    python -m benchmarks.compat [--only NAME ...] [--timeout SECONDS] [--impl numba|numjit ...]
                                [--tests-from NAME=FOLDER ...]

For each library: install it (pip), fetch its source distribution for the tests (pip download,
no build; for one whose sdist has no tests, the test folders of its repository at the release's
tag, TEST_ARCHIVES), run both suites (the same test paths, LIBRARIES below), and report passed / failed /
errors and the wall time of each, as a Markdown table on stdout and as JSON in
benchmarks/results/compat.json (with the versions, the tests run and the failing test ids; a run
with --only keeps the other libraries' last results there).

    >>> summary_counts("3 failed, 10 passed, 1 skipped, 2 errors in 5.1s")
    {'passed': 10, 'failed': 3, 'skipped': 1, 'errors': 2}
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# name: (pip requirement, the test paths inside its source distribution, extra pytest arguments).
# Where a whole suite takes numba more than a few minutes on a small machine, a part of it runs
# (the same part on both): the part that exercises the library's numba code.
LIBRARIES = {
    "resampy": ("resampy==0.4.3", ["tests"], []),
    "numba-stats": ("numba-stats==1.14.0", ["tests"], []),
    "numpy-groupies": ("numpy-groupies==0.16.0", ["numpy_groupies/tests/test_numba.py"], []),
    "quantecon": ("quantecon==0.11.4", ["quantecon/optimize", "quantecon/random", "quantecon/markov",
                                        "quantecon/game_theory"], []),
    "pynndescent": ("pynndescent==0.7.0", ["pynndescent/tests/test_distances.py",
                                           "pynndescent/tests/test_rank.py"], []),
    "numbagg": ("numbagg==0.9.6", ["numbagg/test/test_funcs.py", "numbagg/test/test_moving.py",
                                   "numbagg/test/test_moving_exp.py", "numbagg/test/test_grouped.py"], []),
    "stumpy": ("stumpy==1.14.1", ["tests/test_core.py", "tests/test_stump.py", "tests/test_scrump.py",
                                  "tests/test_fastmath.py", "tests/test_precision.py"], []),
    "pyts": ("pyts==0.14.1", ["pyts/metrics", "pyts/transformation/tests/test_shapelet_transform.py",
                              "pyts/image", "pyts/utils"], []),
    # libraries extending numba (entry points, low-level API: numjit/lowlevel*.py)
    "sparse": ("sparse==0.19.3", ["sparse/numba_backend/tests/test_coo_numba.py",
                                  "sparse/numba_backend/tests/test_elemwise.py",
                                  "sparse/numba_backend/tests/test_dot.py",
                                  "sparse/numba_backend/tests/test_einsum.py"], []),
    "vector": ("vector==1.9.0", ["tests/backends/test_numba_object.py", "tests/backends/test_numba_numpy.py",
                                 "tests/test_pr_659.py"], ["-m", "numba"]),
    "tslearn": ("tslearn==0.10.0", ["tests/test_metrics.py", "tests/test_barycenters.py", "tests/test_clustering.py",
                                    "tests/test_neighbors.py", "tests/test_matrixprofile.py",
                                    "tests/test_variablelength.py", "tests/test_preprocessing.py",
                                    "tests/test_piecewise.py", "tests/test_svm.py", "tests/test_utils.py",
                                    "tests/test_early_classification.py"], []),
    # librosa: the tests of its numba code that need no downloaded audio (example files, citations,
    # the test data folder are fetched from the network: left out on both)
    "librosa": ("librosa==0.11.0", ["tests/test_sequence.py", "tests/test_util.py", "tests/test_dtw.py",
                                    "tests/test_notation.py", "tests/test_intervals.py"],
                ["-k", "not example and not cite and not find_files"]),
    # pymatting: the tests whose images (data/, not in its source distribution) are not needed
    "pymatting": ("pymatting==1.1.16", ["tests/test_boxfilter.py", "tests/test_cg.py", "tests/test_distance.py",
                                        "tests/test_ichol.py", "tests/test_kdtree.py", "tests/test_util.py"], []),
    # umap-learn: its distances and gradients, spectral layout, nearest neighbours (pynndescent) and
    # small fits (trustworthiness, densMAP, composite models, repeated points, parameter checks); not the
    # larger fits of test_umap_ops/test_umap_on_iris/test_aligned_umap, nor the keras/matplotlib parts
    "umap-learn": ("umap-learn==0.5.12", [f"umap/tests/test_{name}.py" for name in (
        "umap_metrics", "umap_grads", "spectral", "umap_nn", "umap_trustworthiness", "densmap",
        "composite_models", "umap_repeated_data", "umap_validation_params")], []),
    # datashader: glyph drawing, reductions, compositing, shading, layout and bundling, quadmesh and
    # xarray inputs; not test_pandas/test_dask (10 minutes and more), nor antialias/raster/tiles (netCDF
    # files, a pytest deprecation made an error by its filterwarnings, image output)
    "datashader": ("datashader==0.19.1", [f"datashader/tests/test_{name}.py" for name in (
        "glyphs", "composite", "transfer_functions", "reductions", "layout", "bundling", "macros", "utils",
        "quadmesh", "xarray")], []),
}
# what a library's tests import besides the library itself (pip requirements)
TEST_REQUIREMENTS = {"numbagg": ["pandas", "bottleneck"], "stumpy": ["pandas", "polars"], "sparse": ["scipy"]}
# libraries whose source distribution has no tests: the archive of their repository at the release's
# tag (only the test paths are unpacked, so the installed library is the one tested); where the network
# cannot reach it, --tests-from NAME=FOLDER names a checkout of that release instead
TEST_ARCHIVES = {"umap-learn": "https://github.com/lmcinnes/umap/archive/refs/tags/release-0.5.12.tar.gz"}


def summary_counts(text):
    counts = {"passed": 0, "failed": 0, "skipped": 0, "errors": 0}
    for number, word in re.findall(r"(\d+) (passed|failed|skipped|errors?|xfailed|xpassed)", text):
        key = "errors" if word.startswith("error") else word
        if key in counts:
            counts[key] += int(number)
    return counts


def fetch_tests(requirement, into, tests=(), archive_url=None, checkout=None):
    """The library's tests, from its source distribution (downloaded, unpacked, never built), or for
    one without tests, the folders holding the `tests` paths, from a checkout or an archive of its
    repository (nothing else of it: the installed library is the one tested)."""
    folders = sorted({str(Path(path).parent) for path in tests})
    if checkout is not None:
        for folder in folders:
            shutil.copytree(Path(checkout) / folder, into / "source" / folder)
        return into / "source"
    if archive_url is not None:
        archive = into / "repository.tar.gz"
        with urllib.request.urlopen(archive_url, timeout=300) as response:
            archive.write_bytes(response.read())
        with tarfile.open(archive) as tar:
            members = []
            for member in tar.getmembers():
                member.name = member.name.partition("/")[2]          # (the archive's top folder)
                if member.isfile() and str(Path(member.name).parent) in folders:
                    members.append(member)
            tar.extractall(into / "source", members=members, filter="data")
        return into / "source"
    subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:",
                    "-d", str(into), requirement], check=True)
    archive = next(p for p in into.iterdir() if p.name.endswith((".tar.gz", ".zip")))
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    return next(p for p in into.iterdir() if p.is_dir())


def run_suite(source, tests, extra, on_numjit, timeout):
    command = [sys.executable] + (["-m", "numjit.run"] if on_numjit else []) + [
        "-m", "pytest", *tests, "-q", "-p", "no:randomly", "-o", "addopts=",      # no coverage plugins
        "-o", f"cache_dir={source / '.pytest_cache'}",
        "-rfE", "--rootdir", str(source)] + extra
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    start = time.perf_counter()
    try:
        done = subprocess.run(command, cwd=source, capture_output=True, text=True, timeout=timeout, env=env)
        output = done.stdout + done.stderr
    except subprocess.TimeoutExpired as exc:
        output = (exc.stdout or b"").decode(errors="replace") + "\n(timed out)"
    seconds = time.perf_counter() - start
    lines = [line for line in output.splitlines() if line.strip()]
    failures = [line for line in lines if line.startswith(("FAILED ", "ERROR "))]
    return dict(summary_counts(lines[-1] if lines else ""), seconds=round(seconds, 1), failures=failures,
                tail="\n".join(lines[-15:]))


def installed_version(name):
    return subprocess.run([sys.executable, "-c", f"import importlib.metadata as m; print(m.version({name!r}))"],
                          capture_output=True, text=True).stdout.strip()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", default=list(LIBRARIES))
    parser.add_argument("--timeout", type=int, default=1800)
    parser.add_argument("--impl", nargs="*", default=["numba", "numjit"],
                        help="run only these sides (the other keeps its last result)")
    parser.add_argument("--tests-from", nargs="*", default=[], metavar="NAME=FOLDER",
                        help="a checkout of the release of a TEST_ARCHIVES library, used instead of its archive")
    args = parser.parse_args(argv)
    checkouts = dict(item.split("=", 1) for item in args.tests_from)
    out = ROOT / "benchmarks" / "results" / "compat.json"
    results = json.loads(out.read_text()) if out.exists() else {}    # other libraries' last run kept
    for name in args.only:
        requirement, tests, extra = LIBRARIES[name]
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", requirement,
                        *TEST_REQUIREMENTS.get(name, [])], check=True)
        with tempfile.TemporaryDirectory() as folder:
            source = fetch_tests(requirement, Path(folder), tests, TEST_ARCHIVES.get(name), checkouts.get(name))
            results[name] = dict(results.get(name, {}), **{
                impl: run_suite(source, tests, extra, impl == "numjit", args.timeout) for impl in args.impl})
        results[name].update(version=installed_version(name), numba_version=installed_version("numba"),
                             tests=" ".join(tests + extra))
        print(f"{name}: {results[name]['numba']} | {results[name]['numjit']}", file=sys.stderr)
        out.parent.mkdir(exist_ok=True)
        out.write_text(json.dumps(results, indent=1))
    print("| library | tests run | numba: passed / failed / errors, time | numjit: passed / failed / errors, time |")
    print("|---|---|---|---|")
    for name, r in results.items():
        cells = [f"{r[i]['passed']} / {r[i]['failed']} / {r[i]['errors']}, {r[i]['seconds']} s"
                 for i in ("numba", "numjit")]
        print(f"| {name} {r.get('version', '')} | `{r.get('tests', '')}` | {cells[0]} | {cells[1]} |")


if __name__ == "__main__":
    main()
