"""The heapq module on lists (reflected or numjit.typed) of orderable items — numbers, strings,
tuples of those — as numba offers it: heapify, heappush, heappop, heapreplace, heappushpop,
nsmallest, nlargest. The same binary heap as CPython's (item 0 the smallest), so the lists
compiled code leaves are the lists Python would. A heap must have its item type when it is
popped: a list built from items, or `typed.List.empty_list(item_type)` (an empty `typed.List()`
typed only by later pushes cannot be popped).

    >>> import heapq
    >>> from numjit import njit
    >>> @njit
    ... def smallest_three(xs):
    ...     heap = [(x, i) for i, x in enumerate(xs)]
    ...     heapq.heapify(heap)
    ...     return [heapq.heappop(heap) for _ in range(3)]
    >>> smallest_three([5.0, 1.5, 4.0, 0.5, 9.0])
    [(0.5, 3), (1.5, 1), (4.0, 2)]
"""
import heapq

from ..errors import TypingError
from ..types import Integer, List
from ..typing.registry import overload
from .listlib import _orderable


def _heap_of(heap, api):
    """True for a list whose items `<` orders; TypingError for a list that isn't; None otherwise."""
    if not isinstance(heap, List):                  # numjit.typed lists too (TypedListType)
        return None
    if not heap.incomplete and not _orderable(heap.dtype):     # (an empty list: typed by its pushes)
        raise TypingError(f"heapq.{api}(): the items of {heap} cannot be ordered with <")
    return True


def _siftdown(heap, startpos, pos):
    newitem = heap[pos]
    while pos > startpos:
        parentpos = (pos - 1) >> 1
        parent = heap[parentpos]
        if newitem < parent:
            heap[pos] = parent
            pos = parentpos
            continue
        break
    heap[pos] = newitem


def _siftup(heap, pos):
    endpos = len(heap)
    startpos = pos
    newitem = heap[pos]
    childpos = 2 * pos + 1
    while childpos < endpos:
        rightpos = childpos + 1
        if rightpos < endpos and not heap[childpos] < heap[rightpos]:
            childpos = rightpos
        heap[pos] = heap[childpos]
        pos = childpos
        childpos = 2 * pos + 1
    heap[pos] = newitem
    _siftdown(heap, startpos, pos)


def heapify_impl(x):
    for i in range(len(x) // 2 - 1, -1, -1):
        _siftup(x, i)


def heappush_impl(heap, item):
    heap.append(item)
    _siftdown(heap, 0, len(heap) - 1)


def heappop_impl(heap):
    last = heap.pop()                       # IndexError on an empty heap, as Python's
    if len(heap) > 0:
        smallest = heap[0]
        heap[0] = last
        _siftup(heap, 0)
        return smallest
    return last


def heapreplace_impl(heap, item):
    if len(heap) == 0:
        raise IndexError("index out of range")
    smallest = heap[0]
    heap[0] = item
    _siftup(heap, 0)
    return smallest


def heappushpop_impl(heap, item):
    if len(heap) > 0 and heap[0] < item:
        smallest = heap[0]
        heap[0] = item
        _siftup(heap, 0)
        return smallest
    return item


def nsmallest_impl(n, iterable):
    items = list(iterable)
    items.sort()
    return items[:max(n, 0)]


def nlargest_impl(n, iterable):
    items = list(iterable)
    items.sort(reverse=True)
    return items[:max(n, 0)]


def _on_heap(api, impl):
    def typer(heap, *item):
        if not _heap_of(heap, api):
            return None
        if heap.incomplete and api not in ("heappush", "heapify"):
            return None                      # resolved again once the pushes have typed the list
        return impl
    return typer


def _selection(impl):
    def typer(n, iterable):
        return impl if isinstance(n, Integer) else None
    return typer


for _api, _impl in (("heapify", heapify_impl), ("heappush", heappush_impl), ("heappop", heappop_impl),
                    ("heapreplace", heapreplace_impl), ("heappushpop", heappushpop_impl)):
    overload(getattr(heapq, _api))(_on_heap(_api, _impl))
overload(heapq.nsmallest)(_selection(nsmallest_impl))
overload(heapq.nlargest)(_selection(nlargest_impl))
