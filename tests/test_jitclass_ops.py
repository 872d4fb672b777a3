"""jitclass beyond numba: operator methods, __call__, iteration, single inheritance, and typing
errors that name the class, the field and the line. Differential against plain Python classes."""
import numpy as np
import pytest

from impl import njit, IS_NUMBA, float64, int64, TypingError

pytestmark = pytest.mark.numjit_only          # numba's jitclass has no operators nor inheritance

if not IS_NUMBA:
    from numjit.experimental import jitclass


def make_vec(decorate):
    class Vec:
        x: float64
        y: float64

        def __init__(self, x, y=0.0):
            self.x = x
            self.y = y

        @property
        def norm2(self):
            return self.x * self.x + self.y * self.y

        def scaled(self, k):
            return Vec(self.x * k, self.y * k)

        def __add__(self, o):
            return Vec(self.x + o.x, self.y + o.y)

        def __sub__(self, o):
            return Vec(self.x - o.x, self.y - o.y)

        def __mul__(self, k):
            return Vec(self.x * k, self.y * k)

        def __rmul__(self, k):
            return Vec(self.x * k, self.y * k)

        def __neg__(self):
            return Vec(-self.x, -self.y)

        def __eq__(self, o):
            return self.x == o.x and self.y == o.y

        def __lt__(self, o):
            return self.norm2 < o.norm2

        def __len__(self):
            return 2

        def __getitem__(self, i):
            if i < 0 or i > 1:
                raise IndexError("Vec index out of range")
            return self.x if i == 0 else self.y

        def __setitem__(self, i, v):
            if i == 0:
                self.x = v
            else:
                self.y = v

        def __contains__(self, v):
            return self.x == v or self.y == v

        def __call__(self, t):
            return self.x + t * self.y

        def __hash__(self):
            return int(self.x * 1000 + self.y)
    if decorate:
        Vec = jitclass(Vec)
    return Vec


PVec, JVec = make_vec(False), make_vec(True)


def vector_ops(a, b):
    c = a + b
    d = a * 2.0
    e = 3.0 * b
    f = -(a - b)
    a[1] = 5.0
    alias = a
    identity = (alias is a, a is b, a is not b, alias is not a)
    a += b                      # no __iadd__: a = a + b
    g = a.scaled(0.5)
    total = 0.0
    for v in b:
        total += v
    return (c.x, c.y, d.x, e.y, f.x, f.y, a == b, a != b, a < b, b < a, len(a), a[0], a[1], 5.0 in b,
            9.0 not in b, a(2.0), hash(b), a.norm2, g.x, g.y, total, identity, alias is a)


@pytest.mark.parametrize("xs", [(1.0, 2.0, 3.0, 4.0), (0.5, -1.0, 0.5, -1.0)])
def test_operators_from_compiled_code_and_python(xs):
    expected = vector_ops(PVec(xs[0], xs[1]), PVec(xs[2], xs[3]))
    assert njit(vector_ops)(JVec(xs[0], xs[1]), JVec(xs[2], xs[3])) == expected
    assert vector_ops(JVec(xs[0], xs[1]), JVec(xs[2], xs[3])) == expected
    assert list(JVec(1.0, 2.0)) == list(PVec(1.0, 2.0))
    assert {JVec(1.0, 2.0): 1}[JVec(1.0, 2.0)] == 1      # __hash__ and __eq__ make it a dict key


def make_shapes(decorate):
    class Shape:
        def __init__(self, w):
            self.w = w

        def area(self):
            return self.w * self.w

        def describe(self):
            return self.area() + 1.0                     # calls the subclass's area on a Rect
    if decorate:
        Shape = jitclass(Shape, [("w", float64)])

    class Rect(Shape):
        def __init__(self, w, h):
            self.w = w
            self.h = h

        def area(self):
            return self.w * self.h
    if decorate:
        Rect = jitclass(Rect, [("h", float64)])

    def use(w, h):
        s, r = Shape(w), Rect(w, h)
        return (s.area(), r.area(), s.describe(), r.describe(), r.w, isinstance(r, Shape),
                isinstance(s, Rect), isinstance(r, Rect), isinstance(w, Shape))
    return Shape, Rect, use


def test_single_inheritance():
    PS, PR, puse = make_shapes(False)
    JS, JR, juse = make_shapes(True)
    for w, h in ((2.0, 3.0), (0.5, -1.0)):
        assert njit(juse)(w, h) == puse(w, h)
        assert juse(w, h) == puse(w, h)
    r = JR(2.0, 5.0)
    assert isinstance(r, JS) and isinstance(r, JR) and not isinstance(JS(1.0), JR)
    assert (r.area(), r.describe(), r.w, r.h) == (10.0, 11.0, 2.0, 5.0)


def test_typing_errors_name_class_field_and_line():
    with pytest.raises(TypingError, match=r"field 'bad' of jitclass A has type") as info:
        @jitclass([("x", float64), ("bad", object)])
        class A:
            pass
    assert "test_jitclass_ops.py" in str(info.value)

    @jitclass([("x", float64), ("n", int64)])
    class B:
        def __init__(self, x):
            self.x = x

        def broken(self):
            return self.x + "text"

        def set_wrong(self):
            self.x = np.zeros(3)

        def missing(self):
            return self.y

    b = B(1.0)
    with pytest.raises(TypingError, match=r"operator \+ is not defined[\s\S]*return self.x \+ \"text\""):
        b.broken()
    with pytest.raises(TypingError, match=r"cannot assign a value of type float64\[::1\] to field 'x' of "
                                          r"jitclass B \(declared float64\)[\s\S]*line \d+, in set_wrong"):
        b.set_wrong()
    with pytest.raises(TypingError, match=r"B has no attribute 'y'"):
        b.missing()
    with pytest.raises((TypeError, TypingError)):     # a str is typed now: the setter refuses it
        b.x = "text"
    with pytest.raises(TypingError, match=r"jitclass C may only inherit from another jitclass"):
        jitclass(type("C", (dict,), {}), [])
    assert b.x == 1.0 and b.n == 0                       # fields start zeroed


def make_stack(decorate):
    class Node:
        def __init__(self, value, next):
            self.value = value
            self.next = next
    if decorate:
        from numjit.experimental import optional
        Node = jitclass(Node, [("value", int64), ("next", optional("Node"))])

    class Stack:
        def __init__(self):
            self.head = None
            self.size = 0

        def push(self, v):
            self.head = Node(v, self.head)
            self.size += 1

        def pop(self):
            h = self.head
            if h is None:
                raise IndexError("pop from an empty stack")
            self.head = h.next
            self.size -= 1
            return h.value

        def total(self):
            s = 0
            n = self.head
            while n is not None:
                s += n.value
                n = n.next
            return s
    if decorate:
        Stack = jitclass(Stack, [("head", optional(Node)), ("size", int64)])

    def use(k):
        st = Stack()
        for i in range(k):
            st.push(i * i)
        before = st.total()
        popped = st.pop() if k > 0 else -1
        return before, popped, st.size, st.total(), st.head is None, st.head is not None

    def largest(values):                # None first, then instances: an optional variable
        best = None
        for v in values:
            if best is None or v > best.value:
                best = Node(v, None)
        return best
    return Node, Stack, use, largest


def test_optional_fields_make_linked_structures():
    PN, PS, puse, plargest = make_stack(False)
    JN, JS, juse, jlargest = make_stack(True)
    for k in (0, 1, 5):
        assert njit(juse)(k) == puse(k)
    s = JS()
    s.push(3)
    s.push(4)
    assert (s.total(), s.head.value, s.head.next.value, s.head.next.next) == (7, 4, 3, None)
    assert (s.pop(), s.pop(), s.head) == (4, 3, None)
    with pytest.raises(IndexError, match="pop from an empty stack"):
        s.pop()

    @njit
    def length(node):                   # an instance argument rebound to an optional one
        count = 0
        while node is not None:
            count += 1
            node = node.next
        return count
    assert length(JN(1, JN(2, None))) == 2 and length(JN(5, None)) == 1

    for values in ([3, 9, 4], []):
        got, expected = njit(jlargest)(np.array(values, dtype=np.int64)), plargest(values)
        assert (got is None and expected is None) or got.value == expected.value

    @njit
    def value_after(node):
        return node.next.value
    with pytest.raises(AttributeError, match="'NoneType' object has no attribute 'value'"):
        value_after(JN(1, None))


def make_dunders(decorate):
    class Bag:                                   # __bool__, __len__, __iter__, __str__, __repr__
        def __init__(self, n):
            self.data = np.arange(n) * 1.5
            self.n = n

        def __len__(self):
            return self.n

        def __bool__(self):
            return self.n > 1

        def __iter__(self):
            return iter(self.data)

        def __str__(self):
            return "Bag of " + str(self.n)

        def __repr__(self):
            return f"Bag({self.n})"

    class Sized:                                 # truth from __len__ alone; repr only
        def __init__(self, n):
            self.n = n

        def __len__(self):
            return self.n

        def __repr__(self):
            return "Sized"

    class Link:                                  # neither: always true; None is false
        def __init__(self, value, next):
            self.value = value
            self.next = next

    class Evens:                                 # a generator __iter__
        def __init__(self, n):
            self.n = n

        def __iter__(self):
            for i in range(self.n):
                if i % 2 == 0:
                    yield i * 1.5
    if decorate:
        from numjit.experimental import optional
        Bag = jitclass(Bag, [("data", float64[:]), ("n", int64)])
        Sized = jitclass(Sized, [("n", int64)])
        Link = jitclass(Link, [("value", int64), ("next", optional("Link"))])
        Evens = jitclass(Evens, [("n", int64)])

    def use(n):
        b, s = Bag(n), Sized(n)
        total = 0.0
        for v in b:
            total += v
        for v in Evens(n + 4):
            if v > 4:
                break
            total += v * 10
        chain = Link(1, Link(2, None)) if n > 0 else None
        count = 0
        while chain:
            count += chain.value
            chain = chain.next
        return (total, bool(b), 1 if b else 0, not b, bool(s), 1 if s else 0, str(b), repr(b),
                str(s), repr(s), count, bool(Link(0, None)))
    return Bag, Evens, use


def test_truth_text_and_iteration_dunders():
    PBag, PEvens, puse = make_dunders(False)
    JBag, JEvens, juse = make_dunders(True)
    assert list(JEvens(7)) == list(PEvens(7))
    cuse = njit(juse)
    for n in (0, 1, 3):
        assert cuse(n) == puse(n)
        jb, pb = JBag(n), PBag(n)
        assert (list(jb), bool(jb), len(jb), str(jb), repr(jb)) == (list(pb), bool(pb), len(pb), str(pb), repr(pb))
