"""The one persistent thread pool, written in LLVM IR (pthreads + atomics + futex).

Compiled code calls

    declare void @numjit_parallel_for(ptr %fn, ptr %ctx, i64 %n, i64 %min_chunk)

which runs ``fn(ctx, start, stop)`` (type ``void (ptr, i64, i64)``) over chunks
that cover ``[0, n)`` exactly once, and returns when every chunk has finished.
The calling thread takes chunks too.  Python code reaches the same entry point
through :func:`parallel_for` (a ctypes call that releases the GIL).

    >>> from numjit.runtime import threadpool
    >>> threadpool.parallel_for_symbol()
    'numjit_parallel_for'
    >>> threadpool.num_threads() >= 1
    True

How it works (all of it is the IR text in ``_POOL_IR`` below):

* Work sharing is a single 64-bit *ticket*: a job id (bits 32-63) and the
  range ``[lo, hi)`` of chunks not yet claimed (bits 16-31 and 0-15).  A
  thread claims a chunk with one ``cmpxchg``: the caller from the front
  (lo + 1), helpers from the back (hi - 1), so repeated calls keep each
  thread on the same part of the data (its cache).  The job id makes a stale
  claim fail, and a thread holding an unfinished chunk keeps the job's fields
  (fn, ctx, n, chunk) stable, because the caller only publishes the next job
  once ``undone`` (chunks not yet finished) has dropped to zero.
* Helpers spin on ``gen`` (bumped once per job) with ``pause`` for a bounded
  number of rounds, then sleep in ``futex(FUTEX_WAIT_PRIVATE)``; the caller
  issues ``FUTEX_WAKE`` only when ``sleepers > 0``.  The caller waits for
  ``undone == 0`` the same way (spin, then futex with a ``waiting`` flag).
* ``busy`` is a try-lock around the whole pool.  A second caller (another
  Python thread, or a chunk calling ``parallel_for`` again) that finds it
  taken runs its loop serially instead of waiting: no deadlock, no abort.
* Helpers (``num_threads() - 1`` of them) are created lazily by the first
  call that needs them, never touch Python objects, and are stopped and
  joined at interpreter exit (``shutdown``; it never waits for a busy pool).
* Work runs serially (``fn(ctx, 0, n)``) when ``n < 2 * min_chunk``, when one
  thread is configured, and on platforms without futex (anything but Linux on
  x86-64 / aarch64).

Threads: ``NUMJIT_NUM_THREADS`` or ``NUMBA_NUM_THREADS`` (read by ``numjit.config``; default
the CPUs this process may use), changed at run time with :func:`set_num_threads` for the
calling thread only (as numba: each thread has its own count, and a parallel region's helpers
run with the count and a zero chunk size of the thread that started it).
:func:`set_chunksize` (numba's ``set_parallel_chunksize``, also per thread) makes the next
regions use chunks of that many iterations instead of the pool's choice (at most 65535 chunks:
larger when the loop needs it).  Other modules call the pool by the stable symbol name above; it is
registered with ``add_symbol``, so cached object code can refer to it by name
as long as :func:`parallel_for_symbol` ran before the object is loaded.
"""
import atexit
import ctypes
import os
import platform
import sys
import threading

from .. import config
from ..backend import jit

SYMBOL = "numjit_parallel_for"
THREAD_ID_SYMBOL = "numjit_thread_id"      # i64 (): get_thread_id() in compiled code
MAX_THREADS = 256            # caller + 255 helpers
CHUNKS_PER_THREAD = 16       # chunks per thread, at most: bounds the wait for a descheduled helper
HELPER_SPIN = 30000          # pause rounds before a helper sleeps (~0.3-1 ms)
CALLER_SPIN = 30000          # pause rounds before the caller sleeps on completion

# arch -> (SYS_futex number, spin-hint call); anything else gets the serial pool
_ARCH = {
    "x86_64": (202, "call void @llvm.x86.sse2.pause()",
               "declare void @llvm.x86.sse2.pause()"),
    "aarch64": (98, "", ""),
}

_POOL_IR = r"""
@"{P}.spin"     = internal global i32 {HELPER_SPIN}, align 4
@"{P}.busy"     = internal global i32 0, align 64
@"{P}.started"  = internal global i32 0, align 4
@"{P}.quit"     = internal global i32 0, align 4
@"{P}.handles"  = internal global [{MAXH} x i64] zeroinitializer, align 8
@"{P}.selves"   = internal global [{MAXH} x i64] zeroinitializer, align 8   ; pthread_self() of helper k
@"{P}.gen"      = internal global i32 0, align 64
@"{P}.sleepers" = internal global i32 0, align 64
@"{P}.ticket"   = internal global i64 0, align 64
@"{P}.undone"   = internal global i32 0, align 64
@"{P}.waiting"  = internal global i32 0, align 4
@"{P}.fn"       = internal global ptr null, align 64
@"{P}.ctx"      = internal global ptr null, align 8
@"{P}.n"        = internal global i64 0, align 8
@"{P}.chunk"    = internal global i64 0, align 8
@"{P}.helpers"  = internal global i32 0, align 8
@"{P}.jobthreads" = internal global i32 0, align 4   ; the caller's thread count, given to helpers per job

declare i32 @pthread_create(ptr, ptr, ptr, ptr)
declare i64 @pthread_self()
declare i32 @pthread_join(i64, ptr)
declare i64 @syscall(i64, ...)
{PAUSE_DECL}

define internal void @"{P}.pause"() alwaysinline {{
  {PAUSE}
  ret void
}}

define internal void @"{P}.futex_wait"(ptr %addr, i32 %val) {{
  %v = zext i32 %val to i64
  %r = call i64 (i64, ...) @syscall(i64 {SYS_FUTEX}, ptr %addr, i64 128, i64 %v, ptr null, ptr null, i64 0)
  ret void
}}

define internal void @"{P}.futex_wake"(ptr %addr) {{
  %r = call i64 (i64, ...) @syscall(i64 {SYS_FUTEX}, ptr %addr, i64 129, i64 2147483647, ptr null, ptr null, i64 0)
  ret void
}}

; Claim chunks of the current job until none is left: the caller (%front) takes
; them from the front, helpers from the back, so repeated calls keep each thread
; on the same part of the data.
define internal void @"{P}.run_chunks"(i1 %front) {{
entry:
  %t0 = load atomic i64, ptr @"{P}.ticket" acquire, align 8
  br label %claim
claim:
  %t = phi i64 [ %t0, %entry ], [ %tcur, %try ], [ %tn, %next ]
  %lo.w = lshr i64 %t, 16
  %lo = and i64 %lo.w, 65535
  %hi = and i64 %t, 65535
  %none = icmp uge i64 %lo, %hi
  br i1 %none, label %done, label %try
try:
  %t.front = add i64 %t, 65536
  %t.back = sub i64 %t, 1
  %t1 = select i1 %front, i64 %t.front, i64 %t.back
  %hi1 = sub i64 %hi, 1
  %idx = select i1 %front, i64 %lo, i64 %hi1
  %pair = cmpxchg ptr @"{P}.ticket", i64 %t, i64 %t1 acq_rel acquire
  %ok = extractvalue {{ i64, i1 }} %pair, 1
  %tcur = extractvalue {{ i64, i1 }} %pair, 0
  br i1 %ok, label %run, label %claim
run:
  %chunk = load atomic i64, ptr @"{P}.chunk" monotonic, align 8
  %n = load atomic i64, ptr @"{P}.n" monotonic, align 8
  %fn = load atomic ptr, ptr @"{P}.fn" monotonic, align 8
  %ctx = load atomic ptr, ptr @"{P}.ctx" monotonic, align 8
  %start = mul i64 %idx, %chunk
  %end0 = add i64 %start, %chunk
  %inside = icmp slt i64 %end0, %n
  %end = select i1 %inside, i64 %end0, i64 %n
  call void %fn(ptr %ctx, i64 %start, i64 %end)
  %old = atomicrmw sub ptr @"{P}.undone", i32 1 seq_cst
  %last = icmp eq i32 %old, 1
  br i1 %last, label %maybe_wake, label %next
maybe_wake:
  %w = load atomic i32, ptr @"{P}.waiting" seq_cst, align 4
  %sleeping = icmp ne i32 %w, 0
  br i1 %sleeping, label %wake, label %next
wake:
  call void @"{P}.futex_wake"(ptr @"{P}.undone")
  br label %next
next:
  %tn = load atomic i64, ptr @"{P}.ticket" acquire, align 8
  br label %claim
done:
  ret void
}}

; Helper thread.  %arg packs (gen at spawn time) << 32 | helper index.
define internal ptr @"{P}.worker"(ptr %arg) {{
entry:
  %packed = ptrtoint ptr %arg to i64
  %idx = trunc i64 %packed to i32
  %g0w = lshr i64 %packed, 32
  %g0 = trunc i64 %g0w to i32
  %me = call i64 @pthread_self()
  %idx64 = and i64 %packed, 4294967295
  %self.slot = getelementptr [{MAXH} x i64], ptr @"{P}.selves", i64 0, i64 %idx64
  store atomic i64 %me, ptr %self.slot release, align 8
  br label %wait
wait:
  %seen = phi i32 [ %g0, %entry ], [ %g, %work ], [ %g, %run ], [ %seen, %woke ]
  br label %spin
spin:
  %i = phi i32 [ 0, %wait ], [ %i1, %pause ]
  %q = load atomic i32, ptr @"{P}.quit" acquire, align 4
  %quit = icmp ne i32 %q, 0
  br i1 %quit, label %exit, label %check
check:
  %g = load atomic i32, ptr @"{P}.gen" acquire, align 4
  %fresh = icmp ne i32 %g, %seen
  br i1 %fresh, label %work, label %more
more:
  %lim = load atomic i32, ptr @"{P}.spin" monotonic, align 4
  %again = icmp slt i32 %i, %lim
  br i1 %again, label %pause, label %sleep
pause:
  call void @"{P}.pause"()
  %i1 = add i32 %i, 1
  br label %spin
sleep:
  %s0 = atomicrmw add ptr @"{P}.sleepers", i32 1 seq_cst
  %g2 = load atomic i32, ptr @"{P}.gen" seq_cst, align 4
  %q2 = load atomic i32, ptr @"{P}.quit" seq_cst, align 4
  %same = icmp eq i32 %g2, %seen
  %noquit = icmp eq i32 %q2, 0
  %nap = and i1 %same, %noquit
  br i1 %nap, label %dosleep, label %woke
dosleep:
  call void @"{P}.futex_wait"(ptr @"{P}.gen", i32 %seen)
  br label %woke
woke:
  %s1 = atomicrmw sub ptr @"{P}.sleepers", i32 1 seq_cst
  br label %wait
work:
  %allowed = load atomic i32, ptr @"{P}.helpers" monotonic, align 4
  %joins = icmp slt i32 %idx, %allowed
  br i1 %joins, label %run, label %wait
run:
  %jt = load atomic i32, ptr @"{P}.jobthreads" monotonic, align 4
  call void @"{P}.set_threads"(i32 %jt)           ; the region's settings, as numba's workers get them
  call void @"{P}.set_chunksize"(i64 0)
  call void @"{P}.run_chunks"(i1 false)
  br label %wait
exit:
  ret ptr null
}}

; get_thread_id(): 1 + k in helper k, 0 in any other thread (the caller of parallel_for included).
define i64 @"{P}.thread_id"() {{
entry:
  %me = call i64 @pthread_self()
  %n = load atomic i32, ptr @"{P}.started" monotonic, align 4
  %n64 = zext i32 %n to i64
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i1, %test ]
  %more = icmp ult i64 %i, %n64
  br i1 %more, label %test, label %none
test:
  %slot = getelementptr [{MAXH} x i64], ptr @"{P}.selves", i64 0, i64 %i
  %v = load atomic i64, ptr %slot acquire, align 8
  %hit = icmp eq i64 %v, %me
  %i1 = add i64 %i, 1
  br i1 %hit, label %found, label %loop
found:
  ret i64 %i1
none:
  ret i64 0
}}

; Start helpers [from, to); returns how many exist afterwards.  Caller holds busy.
define internal i32 @"{P}.spawn"(i32 %from, i32 %to) {{
entry:
  %gen = load atomic i32, ptr @"{P}.gen" monotonic, align 4
  %gen64 = zext i32 %gen to i64
  %genhi = shl i64 %gen64, 32
  br label %loop
loop:
  %k = phi i32 [ %from, %entry ], [ %k1, %created ]
  %more = icmp slt i32 %k, %to
  br i1 %more, label %create, label %done
create:
  %k64 = zext i32 %k to i64
  %slot = getelementptr [{MAXH} x i64], ptr @"{P}.handles", i64 0, i64 %k64
  %packed = or i64 %genhi, %k64
  %arg = inttoptr i64 %packed to ptr
  %rc = call i32 @pthread_create(ptr %slot, ptr null, ptr @"{P}.worker", ptr %arg)
  %ok = icmp eq i32 %rc, 0
  br i1 %ok, label %created, label %done
created:
  %k1 = add i32 %k, 1
  store i32 %k1, ptr @"{P}.started", align 4
  br label %loop
done:
  ret i32 %k
}}

define internal void @"{P}.parallel_for.inner"(ptr %fn, ptr %ctx, i64 %n, i64 %min_chunk, i64 %cs) {{
entry:
  %positive = icmp sgt i64 %n, 0
  br i1 %positive, label %decide, label %return
decide:
  %mcpos = icmp sgt i64 %min_chunk, 0
  %mc = select i1 %mcpos, i64 %min_chunk, i64 1
  %nt = call i32 @"{P}.get_threads"()
  %single = icmp sle i32 %nt, 1
  %half = lshr i64 %n, 1
  %small = icmp ult i64 %half, %mc
  %serial_now = or i1 %single, %small
  br i1 %serial_now, label %serial, label %acquire
acquire:
  %lock = cmpxchg ptr @"{P}.busy", i32 0, i32 1 acquire monotonic
  %got = extractvalue {{ i32, i1 }} %lock, 1
  br i1 %got, label %ensure, label %serial
ensure:
  %want0 = sub i32 %nt, 1
  %capped = icmp sgt i32 %want0, {MAXH}
  %want = select i1 %capped, i32 {MAXH}, i32 %want0
  %st = load i32, ptr @"{P}.started", align 4
  %need = icmp slt i32 %st, %want
  br i1 %need, label %spawn, label %have
spawn:
  %st2 = call i32 @"{P}.spawn"(i32 %st, i32 %want)
  br label %have
have:
  %started = phi i32 [ %st, %ensure ], [ %st2, %spawn ]
  %fewer_started = icmp slt i32 %started, %want
  %helpers = select i1 %fewer_started, i32 %started, i32 %want
  %nohelp = icmp eq i32 %helpers, 0
  br i1 %nohelp, label %unlock_serial, label %publish
publish:
  %parts = add i32 %helpers, 1
  %parts64 = zext i32 %parts to i64
  %maxch = mul i64 %parts64, {CHUNKS_PER_THREAD}
  %nm1 = sub i64 %n, 1
  %q0 = udiv i64 %nm1, %mc
  %bysize = add i64 %q0, 1
  %fewer = icmp ult i64 %bysize, %maxch
  %nch0 = select i1 %fewer, i64 %bysize, i64 %maxch
  %c0 = udiv i64 %nm1, %nch0
  %chunk0 = add i64 %c0, 1
  %big = icmp ugt i64 %chunk0, 64
  %r1 = add i64 %chunk0, 63
  %r2 = and i64 %r1, -64
  %auto = select i1 %big, i64 %r2, i64 %chunk0
  %has_cs = icmp sgt i64 %cs, 0                 ; set_parallel_chunksize(cs): chunks of cs iterations,
  %fewest0 = udiv i64 %nm1, 65535                ; as long as there are at most 65535 of them
  %fewest = add i64 %fewest0, 1
  %cs_small = icmp ult i64 %cs, %fewest
  %cs_chunk = select i1 %cs_small, i64 %fewest, i64 %cs
  %chunk = select i1 %has_cs, i64 %cs_chunk, i64 %auto
  %c1 = udiv i64 %nm1, %chunk
  %nch = add i64 %c1, 1
  store atomic ptr %fn, ptr @"{P}.fn" monotonic, align 8
  store atomic ptr %ctx, ptr @"{P}.ctx" monotonic, align 8
  store atomic i64 %n, ptr @"{P}.n" monotonic, align 8
  store atomic i64 %chunk, ptr @"{P}.chunk" monotonic, align 8
  store atomic i32 %helpers, ptr @"{P}.helpers" monotonic, align 4
  store atomic i32 %nt, ptr @"{P}.jobthreads" monotonic, align 4
  %nch32 = trunc i64 %nch to i32
  store atomic i32 %nch32, ptr @"{P}.undone" monotonic, align 4
  %told = load atomic i64, ptr @"{P}.ticket" monotonic, align 8
  %jid = lshr i64 %told, 32
  %jid1 = add i64 %jid, 1
  %hi = shl i64 %jid1, 32
  %tnew = or i64 %hi, %nch                ; lo = 0, hi = nch (< 65536: at most MAXH+1 * CHUNKS_PER_THREAD)
  store atomic i64 %tnew, ptr @"{P}.ticket" release, align 8
  %gold = atomicrmw add ptr @"{P}.gen", i32 1 seq_cst
  %sl = load atomic i32, ptr @"{P}.sleepers" seq_cst, align 4
  %anysleep = icmp ne i32 %sl, 0
  br i1 %anysleep, label %wakeup, label %work
wakeup:
  call void @"{P}.futex_wake"(ptr @"{P}.gen")
  br label %work
work:
  call void @"{P}.run_chunks"(i1 true)
  br label %wait
wait:
  %wi = phi i32 [ 0, %work ], [ %wi1, %wpause ]
  %u = load atomic i32, ptr @"{P}.undone" acquire, align 4
  %alldone = icmp eq i32 %u, 0
  br i1 %alldone, label %finish, label %wmore
wmore:
  %wagain = icmp slt i32 %wi, {CALLER_SPIN}
  br i1 %wagain, label %wpause, label %wsleep
wpause:
  call void @"{P}.pause"()
  %wi1 = add i32 %wi, 1
  br label %wait
wsleep:
  store atomic i32 1, ptr @"{P}.waiting" seq_cst, align 4
  br label %wcheck
wcheck:
  %u2 = load atomic i32, ptr @"{P}.undone" seq_cst, align 4
  %done2 = icmp eq i32 %u2, 0
  br i1 %done2, label %wdone, label %wfutex
wfutex:
  call void @"{P}.futex_wait"(ptr @"{P}.undone", i32 %u2)
  br label %wcheck
wdone:
  store atomic i32 0, ptr @"{P}.waiting" seq_cst, align 4
  br label %finish
finish:
  store atomic i32 0, ptr @"{P}.busy" release, align 4
  ret void
unlock_serial:
  store atomic i32 0, ptr @"{P}.busy" release, align 4
  br label %serial
serial:
  call void %fn(ptr %ctx, i64 0, i64 %n)
  br label %return
return:
  ret void
}}

; Stop and join every helper; returns 1 (and does nothing) when the pool is busy.
define i32 @"{P}.stop"() {{
entry:
  %lock = cmpxchg ptr @"{P}.busy", i32 0, i32 1 acquire monotonic
  %got = extractvalue {{ i32, i1 }} %lock, 1
  br i1 %got, label %signal, label %busy
busy:
  ret i32 1
signal:
  store atomic i32 1, ptr @"{P}.quit" seq_cst, align 4
  %g = atomicrmw add ptr @"{P}.gen", i32 1 seq_cst
  call void @"{P}.futex_wake"(ptr @"{P}.gen")
  %count = load i32, ptr @"{P}.started", align 4
  br label %loop
loop:
  %k = phi i32 [ 0, %signal ], [ %k1, %join ]
  %more = icmp slt i32 %k, %count
  br i1 %more, label %join, label %done
join:
  %k64 = zext i32 %k to i64
  %slot = getelementptr [{MAXH} x i64], ptr @"{P}.handles", i64 0, i64 %k64
  %h = load i64, ptr %slot, align 8
  %rc = call i32 @pthread_join(i64 %h, ptr null)
  %k1 = add i32 %k, 1
  br label %loop
done:
  store i32 0, ptr @"{P}.started", align 4
  store atomic i32 0, ptr @"{P}.quit" seq_cst, align 4
  store atomic i32 0, ptr @"{P}.busy" release, align 4
  ret i32 0
}}

; In a forked child no helper exists and nobody holds the pool.
define void @"{P}.after_fork"() {{
  store i32 0, ptr @"{P}.started", align 4
  store i32 0, ptr @"{P}.sleepers", align 4
  store i32 0, ptr @"{P}.waiting", align 4
  store i32 0, ptr @"{P}.undone", align 4
  store i64 0, ptr @"{P}.ticket", align 8
  store i32 0, ptr @"{P}.quit", align 4
  store atomic i32 0, ptr @"{P}.busy" release, align 4
  ret void
}}

define i32 @"{P}.helpers_started"() {{
  %s = load atomic i32, ptr @"{P}.started" monotonic, align 4
  ret i32 %s
}}

define void @"{P}.set_spin"(i32 %n) {{
  store atomic i32 %n, ptr @"{P}.spin" monotonic, align 4
  ret void
}}
"""

# Platforms without futex: the same entry points, always serial.
_SERIAL_IR = r"""
define internal void @"{P}.parallel_for.inner"(ptr %fn, ptr %ctx, i64 %n, i64 %min_chunk, i64 %cs) {{
  %positive = icmp sgt i64 %n, 0
  br i1 %positive, label %run, label %return
run:
  call void %fn(ptr %ctx, i64 0, i64 %n)
  br label %return
return:
  ret void
}}
define i32 @"{P}.stop"() {{
  ret i32 0
}}
define void @"{P}.after_fork"() {{
  ret void
}}
define i32 @"{P}.helpers_started"() {{
  ret i32 0
}}
define void @"{P}.set_spin"(i32 %n) {{
  ret void
}}
define i64 @"{P}.thread_id"() {{
  ret i64 0
}}
"""


# Both pools: the thread count and chunk size of each thread (numba's are thread-local), kept in
# pthread keys; an unset thread count is the process default (the numjit_num_threads cell).
# parallel_for saves the caller's chunk size and runs the region with 0 (numba's rule: nested
# regions use the default schedule), restoring it afterwards.
_SETTINGS_IR = r"""
@numjit_num_threads = external global i32     ; _threads_cell below: the default count
@"{P}.threads_key" = internal global i32 0, align 4
@"{P}.chunk_key" = internal global i32 0, align 4
declare i32 @pthread_key_create(ptr, ptr)
declare ptr @pthread_getspecific(i32)
declare i32 @pthread_setspecific(i32, ptr)

define void @"{P}.init_keys"() {{
  %a = call i32 @pthread_key_create(ptr @"{P}.threads_key", ptr null)
  %b = call i32 @pthread_key_create(ptr @"{P}.chunk_key", ptr null)
  ret void
}}

define i32 @"{P}.get_threads"() {{
  %k = load i32, ptr @"{P}.threads_key", align 4
  %p = call ptr @pthread_getspecific(i32 %k)
  %v64 = ptrtoint ptr %p to i64
  %v = trunc i64 %v64 to i32
  %unset = icmp eq i32 %v, 0
  %d = load atomic i32, ptr @numjit_num_threads monotonic, align 4
  %r = select i1 %unset, i32 %d, i32 %v
  ret i32 %r
}}

define void @"{P}.set_threads"(i32 %n) {{
  %k = load i32, ptr @"{P}.threads_key", align 4
  %n64 = zext i32 %n to i64
  %p = inttoptr i64 %n64 to ptr
  %r = call i32 @pthread_setspecific(i32 %k, ptr %p)
  ret void
}}

define i64 @"{P}.get_chunksize"() {{
  %k = load i32, ptr @"{P}.chunk_key", align 4
  %p = call ptr @pthread_getspecific(i32 %k)
  %v = ptrtoint ptr %p to i64
  ret i64 %v
}}

define void @"{P}.set_chunksize"(i64 %n) {{
  %k = load i32, ptr @"{P}.chunk_key", align 4
  %p = inttoptr i64 %n to ptr
  %r = call i32 @pthread_setspecific(i32 %k, ptr %p)
  ret void
}}

define void @"{P}.parallel_for"(ptr %fn, ptr %ctx, i64 %n, i64 %min_chunk) {{
entry:
  %cs = call i64 @"{P}.get_chunksize"()
  %set = icmp ne i64 %cs, 0
  br i1 %set, label %save, label %run
save:
  call void @"{P}.set_chunksize"(i64 0)
  call void @"{P}.parallel_for.inner"(ptr %fn, ptr %ctx, i64 %n, i64 %min_chunk, i64 %cs)
  call void @"{P}.set_chunksize"(i64 %cs)
  ret void
run:
  call void @"{P}.parallel_for.inner"(ptr %fn, ptr %ctx, i64 %n, i64 %min_chunk, i64 0)
  ret void
}}
"""


def _default_threads():
    n = config.NUM_THREADS
    if n is not None:
        if not 1 <= n <= MAX_THREADS:
            raise ValueError(f"NUMJIT_NUM_THREADS={n} is outside 1..{MAX_THREADS}")
        return n
    return max(1, min(config.NUMBA_DEFAULT_NUM_THREADS, MAX_THREADS))


class _Pool:
    """The compiled pool: its entry points as ctypes functions."""

    def __init__(self):
        arch = _ARCH.get(platform.machine()) if sys.platform.startswith("linux") else None
        self.prefix = jit.unique_name("numjit_pool")
        if arch is None:
            self.parallel = False
            text = _SERIAL_IR.format(P=self.prefix)
        else:
            self.parallel = True
            sys_futex, pause, pause_decl = arch
            text = _POOL_IR.format(
                P=self.prefix, HELPER_SPIN=HELPER_SPIN,
                CALLER_SPIN=CALLER_SPIN, MAXH=MAX_THREADS - 1,
                CHUNKS_PER_THREAD=CHUNKS_PER_THREAD, SYS_FUTEX=sys_futex,
                PAUSE=pause, PAUSE_DECL=pause_decl)
        self.library = jit.compile_runtime(text + _SETTINGS_IR.format(P=self.prefix))
        addr = self.library.address
        ctypes.CFUNCTYPE(None)(addr(f"{self.prefix}.init_keys"))()
        self.address = addr(f"{self.prefix}.parallel_for")
        jit.add_symbol(SYMBOL, self.address)
        jit.add_symbol(THREAD_ID_SYMBOL, addr(f"{self.prefix}.thread_id"))
        for symbol, name in SETTINGS_SYMBOLS.items():
            jit.add_symbol(symbol, addr(f"{self.prefix}.{name}"))
        self.get_threads = ctypes.CFUNCTYPE(ctypes.c_int32)(addr(f"{self.prefix}.get_threads"))
        self.get_chunksize = ctypes.CFUNCTYPE(ctypes.c_int64)(addr(f"{self.prefix}.get_chunksize"))
        self.set_chunksize = ctypes.CFUNCTYPE(None, ctypes.c_int64)(addr(f"{self.prefix}.set_chunksize"))
        self.run = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int64,
                                    ctypes.c_int64)(self.address)
        self.stop = ctypes.CFUNCTYPE(ctypes.c_int32)(addr(f"{self.prefix}.stop"))
        self.after_fork = ctypes.CFUNCTYPE(None)(addr(f"{self.prefix}.after_fork"))
        self.set_threads = ctypes.CFUNCTYPE(None, ctypes.c_int32)(addr(f"{self.prefix}.set_threads"))
        self.set_spin = ctypes.CFUNCTYPE(None, ctypes.c_int32)(addr(f"{self.prefix}.set_spin"))
        self.helpers_started = ctypes.CFUNCTYPE(ctypes.c_int32)(
            addr(f"{self.prefix}.helpers_started"))


_lock = threading.Lock()
_pool = None
_threads_cell = ctypes.c_int32(_default_threads())      # the pool's thread count, read by every job
THREADS_SYMBOL = "numjit_num_threads"
jit.add_symbol(THREADS_SYMBOL, ctypes.addressof(_threads_cell))
# what compiled code calls for the calling thread's settings -> the pool's function
SETTINGS_SYMBOLS = {"numjit_get_num_threads": "get_threads", "numjit_set_num_threads": "set_threads",
                    "numjit_get_chunksize": "get_chunksize", "numjit_set_chunksize": "set_chunksize"}


def _get_pool():
    global _pool
    if _pool is None:
        with _lock:
            if _pool is None:
                _pool = _Pool()
                atexit.register(shutdown)
                if hasattr(os, "register_at_fork"):
                    os.register_at_fork(after_in_child=_pool.after_fork)
    return _pool


def parallel_for_symbol():
    """Compile the pool (once per process); return the symbol compiled code calls."""
    _get_pool()
    return SYMBOL


jit.provide([SYMBOL, THREAD_ID_SYMBOL, *SETTINGS_SYMBOLS], parallel_for_symbol)


def parallel_for_address():
    """Machine address of ``numjit_parallel_for`` (compiles the pool if needed)."""
    return _get_pool().address


def num_threads():
    """Threads a parallel loop started by the calling thread may use, the caller included."""
    return _get_pool().get_threads()


def set_num_threads(n):
    """Parallel loops the calling thread starts use at most `n` threads (1..MAX_THREADS) from now
    on; other threads keep their own setting (numba's is thread-local too)."""
    n = int(n)
    if not 1 <= n <= MAX_THREADS:
        raise ValueError(f"number of threads must be in 1..{MAX_THREADS}, got {n}")
    _get_pool().set_threads(n)


def get_chunksize():
    """The calling thread's prange chunk size (0: the pool chooses)."""
    return _get_pool().get_chunksize()


def set_chunksize(n):
    """Chunks of `n` iterations for the parallel loops the calling thread starts (0: the pool
    chooses); returns the previous value."""
    previous = get_chunksize()
    _get_pool().set_chunksize(int(n))
    return previous


def parallel_for(fn_address, ctx_address, n, min_chunk=1):
    """Run compiled ``void fn(ptr ctx, i64 start, i64 stop)`` over [0, n) on the pool.

    Releases the GIL for the duration (ctypes); `fn` must not touch Python objects.
    """
    _get_pool().run(fn_address, ctx_address, n, min_chunk)


def started():
    """Whether the pool has been compiled (a parallel region ran, or compiled code needs it)."""
    return _pool is not None


def helpers_started():
    """Helper threads alive now (0 before first parallel use and after `shutdown`)."""
    return _pool.helpers_started() if _pool is not None else 0


def is_parallel():
    """False on platforms where the pool always runs serially."""
    return _get_pool().parallel


def set_spin(rounds):
    """Pause rounds a helper spins before sleeping in futex (tuning knob)."""
    _get_pool().set_spin(int(rounds))


def shutdown():
    """Stop and join the helpers (they restart lazily).  Never blocks on a busy
    pool: returns False without joining when another thread is using it."""
    if _pool is None:
        return True
    return _pool.stop() == 0
