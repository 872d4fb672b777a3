"""numba's cache-file store (numba.core.caching.IndexDataCacheFile) and dispatcher identity in
pickles — what numpy-groupies' numba backend builds on (it subclasses the store with a file lock
and checks that a pickled closure names each dispatcher's uuid)."""
import pickle
import threading

from numjit import njit
from numjit.core.caching import IndexDataCacheFile
from numjit.core.serialize import dumps, loads


class _Locked(IndexDataCacheFile):
    """numpy-groupies' pattern: save/load made atomic by a lock around the base class's."""
    lock = threading.Lock()

    def save(self, key, data):
        with self.lock:
            return super().save(key, data)

    def load(self, key):
        with self.lock:
            return super().load(key)


def test_index_data_cache_file(tmp_path):
    store = IndexDataCacheFile(str(tmp_path), "f", source_stamp=("src", 1))
    model = {}
    for key, data in [("a", 1), (("b", 2), [1.5, "x"]), ("a", 3), ("c", None)]:
        store.save(key, data)
        model[key] = data
    again = IndexDataCacheFile(str(tmp_path), "f", source_stamp=("src", 1))       # another process's view
    assert {key: again.load(key) for key in model} == model and again.load("missing") is None
    assert len(again._load_index()) == len(model) == len(list(tmp_path.glob("f.*.nbc")))
    assert IndexDataCacheFile(str(tmp_path), "f", source_stamp="edited").load("a") is None
    again.flush()
    assert store.load("a") is None and store._load_index() == {}
    assert not list(tmp_path.glob("*.tmp.*"))                  # every write renamed into place

    workers, per_worker = 4, 10
    shared = str(tmp_path / "shared")
    (tmp_path / "shared").mkdir()

    def write(worker):
        mine = _Locked(shared, "probe", source_stamp="s")
        for index in range(per_worker):
            mine.save(f"key-{worker}-{index}", (worker, index))
    threads = [threading.Thread(target=write, args=(w,)) for w in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    reader = _Locked(shared, "probe", source_stamp="s")
    assert len(reader._load_index()) == workers * per_worker
    assert all(reader.load(f"key-{w}-{i}") == (w, i) for w in range(workers) for i in range(per_worker))


@njit
def _doubled(x):
    return 2 * x


def test_pickled_dispatcher_carries_its_uuid():
    def make():
        @njit
        def local(x):
            return x + 1
        return local
    local = make()
    for f in (_doubled, local):
        data = pickle.dumps(f)
        assert f._uuid.encode() in data                       # numba's pickles name the uuid too
        assert pickle.loads(data) is f and loads(dumps(f)) is f   # same process: the same dispatcher
    assert local(2) == 3
    pinned = njit(lambda x: x - 1)
    pinned._set_uuid("0123456789abcdef")
    assert pickle.loads(pickle.dumps((pinned, 4)))[0] is pinned
