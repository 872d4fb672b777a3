# numjit developer tasks.
#
#   make test    create .venv if missing, install -e .[test], run the tests (each file in one
#                worker: what a file compiles once is not compiled again in the other worker)
#   make demo    same set-up, then run the seed article's examples (examples/seed_tour.py)
#   make bench   install -e .[test,bench], run the benchmark suite (python -m benchmarks)
#   make compat  in .venv-compat: libraries written for numba, their test suites on numba and on
#                numjit (python -m benchmarks.compat; COMPAT_ARGS="--only numba-stats")
#   make fuzz    the differential fuzzer (python -m tools.fuzz): FUZZ_COUNT programs of FUZZ_SEED
#   make clean   remove build artefacts and caches (keeps .venv); make distclean also removes .venv
#
# The install steps re-run only when pyproject.toml is newer than their stamp file in .venv.

PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
TEST_STAMP := $(VENV)/.numjit-installed-test
BENCH_STAMP := $(VENV)/.numjit-installed-bench
PYTEST_ARGS ?=
BENCH_ARGS ?=
COMPAT_VENV := .venv-compat
COMPAT_ARGS ?=
FUZZ_COUNT ?= 2000
FUZZ_SEED ?= 1
FUZZ_ARGS ?=

.PHONY: test demo bench compat fuzz setup clean distclean

test: $(TEST_STAMP)
	$(VPY) -m pytest -q -n auto --dist loadfile --timeout=300 $(PYTEST_ARGS)

demo: $(TEST_STAMP)
	$(VPY) examples/seed_tour.py

bench: $(BENCH_STAMP)
	$(VPY) -m benchmarks $(BENCH_ARGS)

compat:
	test -x $(COMPAT_VENV)/bin/python || $(PYTHON) -m venv $(COMPAT_VENV)
	$(COMPAT_VENV)/bin/python -m pip install --disable-pip-version-check -q -e '.[test,bench]' scipy
	$(COMPAT_VENV)/bin/python -m benchmarks.compat $(COMPAT_ARGS)

fuzz: $(TEST_STAMP)
	$(VPY) -m tools.fuzz --count $(FUZZ_COUNT) --seed $(FUZZ_SEED) $(FUZZ_ARGS)

setup: $(TEST_STAMP)

$(VPY):
	$(PYTHON) -m venv $(VENV)

$(TEST_STAMP): pyproject.toml | $(VPY)
	$(VPY) -m pip install --disable-pip-version-check -q -e '.[test]'
	touch $@

$(BENCH_STAMP): pyproject.toml | $(VPY)
	$(VPY) -m pip install --disable-pip-version-check -q -e '.[test,bench]'
	touch $@

clean:
	rm -rf build dist *.egg-info .pytest_cache .hypothesis
	find . -path ./$(VENV) -prune -o \( -name __pycache__ -o -name __numjit_cache__ \) -type d -print0 | xargs -0 -r rm -rf
	rm -f $(TEST_STAMP) $(BENCH_STAMP)

distclean: clean
	rm -rf $(VENV)
