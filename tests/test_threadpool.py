"""numjit.runtime.threadpool: the IR thread pool behind prange / parallel ufuncs.

Chunk functions are hand-written IR ``void fn(ptr ctx, i64 start, i64 stop)``;
the checks are that [0, n) is covered exactly once, nothing outside it is
touched, concurrent and nested calls neither deadlock nor lose work, and the
helpers start, stop and survive fork.
"""
import os
import subprocess
import sys
import threading
import time

import numpy as np
import pytest
from llvmlite import ir

from numjit.backend import jit
from numjit.runtime import threadpool

pytestmark = pytest.mark.numjit_only

PTR, I32, I64 = ir.PointerType(), ir.IntType(32), ir.IntType(64)
CHUNK_TYPE = ir.FunctionType(ir.VoidType(), [PTR, I64, I64])
GUARD = 8
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def counted_loop(fn, b, start, stop, body):
    """for i in [start, stop): body(b, i)"""
    pre = b.block
    head, loop, done = (fn.append_basic_block(s) for s in ("head", "loop", "done"))
    b.branch(head)
    b.position_at_end(head)
    i = b.phi(I64)
    i.add_incoming(start, pre)
    b.cbranch(b.icmp_signed("<", i, stop), loop, done)
    b.position_at_end(loop)
    body(b, i)
    i.add_incoming(b.add(i, I64(1)), b.block)
    b.branch(head)
    b.position_at_end(done)


def build():
    m = ir.Module("test_threadpool")
    pool = ir.Function(m, ir.FunctionType(ir.VoidType(), [PTR, PTR, I64, I64]),
                       threadpool.parallel_for_symbol())
    pthread_self = ir.Function(m, ir.FunctionType(I64, []), "pthread_self")

    # mark(hits, start, stop): hits[i] += 1 atomically
    mark = ir.Function(m, CHUNK_TYPE, "tp.mark")
    b = ir.IRBuilder(mark.append_basic_block())
    hits, start, stop = mark.args
    counted_loop(mark, b, start, stop, lambda b, i: b.atomic_rmw(
        "add", b.gep(hits, [i], source_etype=I64), I64(1), "monotonic"))
    b.ret_void()

    # nested(ctx = {ptr hits, i64 m}, start, stop): parallel_for(mark, hits + i*m, m, 1)
    nested = ir.Function(m, CHUNK_TYPE, "tp.nested")
    b = ir.IRBuilder(nested.append_basic_block())
    ctx, start, stop = nested.args
    base = b.inttoptr(b.load(ctx, typ=I64), PTR)
    inner = b.load(b.gep(ctx, [I64(1)], source_etype=I64), typ=I64)
    counted_loop(nested, b, start, stop, lambda b, i: b.call(
        pool, [mark, b.gep(base, [b.mul(i, inner)], source_etype=I64), inner, I64(1)]))
    b.ret_void()

    # tag(ctx = {ptr tids, i64 spins}, start, stop): tids[i] = pthread_self(), after some work
    tag = ir.Function(m, CHUNK_TYPE, "tp.tag")
    b = ir.IRBuilder(tag.append_basic_block())
    ctx, start, stop = tag.args
    tids = b.inttoptr(b.load(ctx, typ=I64), PTR)
    spins_ptr = b.gep(ctx, [I64(1)], source_etype=I64)

    def tag_one(b, i):
        spins = b.load_atomic(spins_ptr, "monotonic", 8, typ=I64)   # atomic: not folded away
        counted_loop(tag, b, I64(0), spins, lambda b, j: b.load_atomic(spins_ptr, "monotonic", 8, typ=I64))
        b.store(b.call(pthread_self, []), b.gep(tids, [i], source_etype=I64))
    counted_loop(tag, b, start, stop, tag_one)
    b.ret_void()

    # gate(ctx = {i64 entered, i64 open}, ...): entered = 1, then wait until open != 0
    gate = ir.Function(m, CHUNK_TYPE, "tp.gate")
    b = ir.IRBuilder(gate.append_basic_block())
    ctx = gate.args[0]
    b.atomic_rmw("xchg", ctx, I64(1), "seq_cst")   # llvmlite store_atomic needs typed pointers
    opened = b.gep(ctx, [I64(1)], source_etype=I64)
    head, done = gate.append_basic_block("wait"), gate.append_basic_block("open")
    b.branch(head)
    b.position_at_end(head)
    b.cbranch(b.icmp_signed("!=", b.load_atomic(opened, "seq_cst", 8, typ=I64), I64(0)), done, head)
    b.position_at_end(done)
    b.ret_void()

    # call_pool(fn, ctx, n, min_chunk): compiled code calling the pool by its symbol
    call_pool = ir.Function(m, ir.FunctionType(ir.VoidType(), [PTR, PTR, I64, I64]), "tp.call_pool")
    b = ir.IRBuilder(call_pool.append_basic_block())
    b.call(pool, list(call_pool.args))
    b.ret_void()

    lib = jit.compile_ir(m)
    return {name: lib.address(f"tp.{name}") for name in ("mark", "nested", "tag", "gate", "call_pool")}


@pytest.fixture(scope="module")
def fns():
    return build()


@pytest.fixture(autouse=True)
def restore_threads():
    saved = threadpool.num_threads()
    yield
    threadpool.set_num_threads(saved)


def call_from_ir(fns, fn, ctx, n, min_chunk):
    import ctypes
    proto = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int64, ctypes.c_int64)
    proto(fns["call_pool"])(fn, ctx, n, min_chunk)


def run_marks(fns, n, min_chunk, via_ir=False):
    """Run `mark` over [0, n); return the hit counts (guards around them must stay 0)."""
    hits = np.zeros(n + 2 * GUARD, np.int64)
    address = hits.ctypes.data + GUARD * 8
    if via_ir:
        call_from_ir(fns, fns["mark"], address, n, min_chunk)
    else:
        threadpool.parallel_for(fns["mark"], address, n, min_chunk)
    assert not hits[:GUARD].any() and not hits[GUARD + n:].any(), "wrote outside [0, n)"
    return hits[GUARD:GUARD + n]


SIZES = [0, 1, 2, 3, 7, 63, 64, 65, 100, 1000, 4097, 100003]


@pytest.mark.parametrize("threads", [1, 2, 3, 4, 8])
def test_every_index_exactly_once(fns, threads):
    threadpool.set_num_threads(threads)
    for n in SIZES:
        for min_chunk in (-5, 0, 1, 3, 64, 1000):
            hits = run_marks(fns, n, min_chunk, via_ir=(n % 2 == 1))
            np.testing.assert_array_equal(hits, np.ones(n, np.int64), err_msg=f"n={n} mc={min_chunk}")


def test_negative_n_runs_nothing(fns):
    hits = np.zeros(4, np.int64)
    threadpool.parallel_for(fns["mark"], hits.ctypes.data, -3, 1)
    assert not hits.any()


def test_symbol_and_settings():
    assert threadpool.parallel_for_symbol() == "numjit_parallel_for"
    import llvmlite.binding as llvm
    assert llvm.address_of_symbol("numjit_parallel_for") == threadpool.parallel_for_address() != 0
    for bad in (0, -1, threadpool.MAX_THREADS + 1):
        with pytest.raises(ValueError):
            threadpool.set_num_threads(bad)
    threadpool.set_num_threads(3)
    assert threadpool.num_threads() == 3


def test_helpers_really_share_the_work(fns):
    if not threadpool.is_parallel():
        pytest.skip("serial pool on this platform")
    assert threadpool.shutdown()   # helpers from earlier tests with more threads go away
    threadpool.set_num_threads(2)
    tids = np.zeros(64, np.int64)
    ctx = np.array([tids.ctypes.data, 20000], np.int64)
    seen = set()
    for _ in range(50):
        tids[:] = 0
        threadpool.parallel_for(fns["tag"], ctx.ctypes.data, len(tids), 1)
        assert tids.all()
        seen |= set(tids.tolist())
        if len(seen) >= 2:
            break
    assert len(seen) >= 2, "only one thread ever ran chunks"
    assert threadpool.helpers_started() == 1


def test_concurrent_python_threads(fns):
    threadpool.set_num_threads(2)
    failures = []

    def work(k):
        try:
            for r in range(150):
                n = 1000 + 97 * k + r
                hits = run_marks(fns, n, 16, via_ir=bool(r % 2))
                if not (hits == 1).all():
                    failures.append((k, r, n))
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not any(t.is_alive() for t in threads), "deadlock"
    assert not failures, failures[:3]


@pytest.mark.parametrize("threads", [2, 4])
def test_nested_calls_run_serially_inside(fns, threads):
    threadpool.set_num_threads(threads)
    outer, inner = 50, 200
    hits = np.zeros(outer * inner, np.int64)
    ctx = np.array([hits.ctypes.data, inner], np.int64)
    threadpool.parallel_for(fns["nested"], ctx.ctypes.data, outer, 1)
    np.testing.assert_array_equal(hits, 1)
    results = []

    def work():
        h = np.zeros(outer * inner, np.int64)
        c = np.array([h.ctypes.data, inner], np.int64)
        for _ in range(30):
            h[:] = 0
            call_from_ir(fns, fns["nested"], c.ctypes.data, outer, 2)
            results.append(bool((h == 1).all()))

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not any(t.is_alive() for t in threads), "deadlock"
    assert len(results) == 90 and all(results)


def test_shutdown_restart_and_busy_pool(fns):
    if not threadpool.is_parallel():
        pytest.skip("serial pool on this platform")
    assert threadpool.shutdown() is True
    threadpool.set_num_threads(3)
    assert threadpool.helpers_started() == 0
    assert (run_marks(fns, 5000, 8) == 1).all()
    assert threadpool.helpers_started() == 2
    assert threadpool.shutdown() is True
    assert threadpool.helpers_started() == 0
    assert (run_marks(fns, 5000, 8) == 1).all()   # helpers come back lazily
    assert threadpool.helpers_started() == 2

    gate = np.zeros(2, np.int64)
    job = threading.Thread(target=threadpool.parallel_for,
                           args=(fns["gate"], gate.ctypes.data, 64, 1))
    job.start()
    deadline = time.time() + 30
    while not gate[0] and time.time() < deadline:
        time.sleep(0.001)
    assert gate[0], "gate job never started"
    assert threadpool.shutdown() is False       # busy: refuses instead of hanging
    assert (run_marks(fns, 3000, 8) == 1).all()   # pool busy: runs serially, no deadlock
    gate[1] = 1
    job.join(30)
    assert not job.is_alive()
    assert threadpool.shutdown() is True


def run_python(code, env=None, timeout=120):
    full_env = dict(os.environ, PYTHONPATH=ROOT)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-c", code], env=full_env, capture_output=True,
                          text=True, timeout=timeout)


def test_environment_variable_and_clean_exit():
    code = (
        "from numjit.runtime import threadpool\n"
        "import test_threadpool as t, numpy as np\n"
        "print(threadpool.num_threads())\n"
        "f = t.build()\n"
        "assert (t.run_marks(f, 100000, 10) == 1).all()\n"
        "print(threadpool.helpers_started())\n")
    env = {"NUMJIT_NUM_THREADS": "3", "PYTHONPATH": ROOT + os.pathsep + os.path.join(ROOT, "tests")}
    res = run_python(code, env)
    assert res.returncode == 0, res.stderr
    lines = res.stdout.split()
    assert lines[0] == "3"
    assert lines[1] == ("2" if threadpool.is_parallel() else "0")
    bad = run_python("from numjit.runtime import threadpool", {"NUMJIT_NUM_THREADS": "0"})
    assert bad.returncode != 0 and "NUMJIT_NUM_THREADS" in bad.stderr


def test_exit_without_shutdown_does_not_hang():
    code = (
        "import atexit, os, test_threadpool as t\n"
        "from numjit.runtime import threadpool\n"
        "threadpool.set_num_threads(4)\n"
        "f = t.build()\n"
        "assert (t.run_marks(f, 50000, 10) == 1).all()\n"
        "atexit.unregister(threadpool.shutdown)\n")
    env = {"PYTHONPATH": ROOT + os.pathsep + os.path.join(ROOT, "tests")}
    res = run_python(code, env, timeout=60)
    assert res.returncode == 0, res.stderr


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_fork_child_gets_a_working_pool():
    code = (
        "import os, test_threadpool as t\n"
        "from numjit.runtime import threadpool\n"
        "threadpool.set_num_threads(2)\n"
        "f = t.build()\n"
        "assert (t.run_marks(f, 50000, 10) == 1).all()\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    ok = all((t.run_marks(f, 50000 + k, 10) == 1).all() for k in range(20))\n"
        "    os._exit(0 if ok and threadpool.helpers_started() <= 1 else 3)\n"
        "_, status = os.waitpid(pid, 0)\n"
        "assert os.waitstatus_to_exitcode(status) == 0, status\n"
        "assert (t.run_marks(f, 50000, 10) == 1).all()\n"
        "print('ok')\n")
    env = {"PYTHONPATH": ROOT + os.pathsep + os.path.join(ROOT, "tests")}
    res = run_python(code, env, timeout=60)
    assert res.returncode == 0 and res.stdout.strip() == "ok", res.stderr
