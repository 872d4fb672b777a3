"""numjit's differential fuzzer: random programs run as Python and compiled, compared.

    python -m tools.fuzz --count 2000 --seed 1            # or: make fuzz FUZZ_COUNT=2000 FUZZ_SEED=1
    python -m tools.fuzz --replay fuzz-results/internal/1-17.py

Program i of a run is `generate.generate(f"{seed}:{i}")`, so any single program can be rebuilt.
Every failure (anything but ok) is written as a self-contained reproducer under --out
(default fuzz-results/, git-ignored): `<outcome>/<seed>-<i>.py`, and for the first program of
each distinct failure (outcome + message) a reduced one, `<seed>-<i>.min.py`. The counts and the
messages go to `<out>/summary-<seed>.json` and to stdout. The exit status is 1 when any program
crashed, timed out, hit an InternalError or gave a wrong answer.
"""
import argparse
import collections
import json
import os
import sys
import time

from .generate import generate
from .reduce import failure_key, reduce
from .run import FAILURES, OUTCOMES, ROOT, Worker, reproducer


def fuzz(count, seed, out, timeout=60.0, do_reduce=True, log=print):
    """Run `count` programs of `seed`; the summary dict (counts, messages, files)."""
    worker = Worker(timeout=timeout)
    counts = collections.Counter()
    messages = collections.Counter()
    reduced = set()
    files = []
    start = time.time()
    try:
        for i in range(count):
            if log and i and i % 100 == 0:
                log(f"{i}/{count} programs, {time.time() - start:.0f} s: {dict(counts)}", flush=True)
            program = generate(f"{seed}:{i}")
            text = program.text()
            result = worker.check(text)
            outcome = result["outcome"]
            counts[outcome] += 1
            if outcome == "ok":
                continue
            if outcome in ("crash", "timeout"):       # again, alone in a fresh worker
                worker.stop()
                alone = worker.check(text)["outcome"]
                result["detail"] = f"run again alone in a fresh worker: {alone}\n" + result.get("detail", "")
            key = failure_key(result)
            messages[f"{outcome}: {result.get('message', '')}"] += 1
            if out is None:
                continue
            path = os.path.join(out, outcome, f"{seed}-{i}.py")
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as fh:
                fh.write(reproducer(text, result))
            files.append(path)
            if do_reduce and key not in reduced and outcome != "leak":
                reduced.add(key)
                if failure_key(worker.check(text)) == key:     # it fails the same way again
                    small = reduce(text, lambda t: failure_key(worker.check(t)) == key)
                    with open(path[:-3] + ".min.py", "w") as fh:
                        fh.write(reproducer(small, worker.check(small)))
    finally:
        worker.stop()
    return {"seed": seed, "count": count, "seconds": round(time.time() - start, 1),
            "counts": {k: counts[k] for k in OUTCOMES},
            "messages": dict(messages.most_common()), "files": files}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tools.fuzz", description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", default="1")
    parser.add_argument("--out", default=os.path.join(ROOT, "fuzz-results"))
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per program")
    parser.add_argument("--no-reduce", action="store_true")
    parser.add_argument("--replay", metavar="FILE", help="check one saved program and print the result")
    parser.add_argument("--boost", type=float, default=1.0,
                        help="multiply the (low) weights of tools/fuzz/idioms.py's, edges.py's and mixes.py's generators")
    ns = parser.parse_args(argv)
    if ns.boost != 1.0:
        from .idioms import boost
        boost(ns.boost)
    if ns.replay:
        with open(ns.replay) as fh:
            text = fh.read().split('\n\nif __name__ == "__main__":')[0]
        worker = Worker(timeout=ns.timeout)
        print(json.dumps(worker.check(text), indent=2))
        worker.stop()
        return 0
    summary = fuzz(ns.count, ns.seed, ns.out, ns.timeout, not ns.no_reduce)
    os.makedirs(ns.out, exist_ok=True)
    with open(os.path.join(ns.out, f"summary-{ns.seed}.json"), "w") as fh:
        json.dump(summary, fh, indent=1)
    print(f"seed {ns.seed}: {ns.count} programs in {summary['seconds']} s")
    print("  " + ", ".join(f"{k} {v}" for k, v in summary["counts"].items()))
    for message, n in list(summary["messages"].items())[:40]:
        print(f"  {n:5d}  {message[:150]}")
    return 1 if any(summary["counts"][k] for k in FAILURES) else 0


if __name__ == "__main__":
    sys.exit(main())
