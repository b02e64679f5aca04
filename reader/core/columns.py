"""Records of one class kept as columns: arrays of numbers, and each text field's values joined
into one string, so that a long report's analysis crosses from the worker as a few buffers and
lands in the window as tens of objects, not millions. A record is made when it is asked for.

Unpickling millions of small records held the GIL, and so the window, for hundreds of
milliseconds (190 ms at 5 MB); every full collection then walked them, and freeing them took
100 ms. Columns are copied as bytes: a 5 MB report's analysis unpickles in a few milliseconds.
"""

from __future__ import annotations

import dataclasses
import itertools
import operator
from array import array
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar, overload

R = TypeVar("R")

_NONE = -1  # where a nested record or a text is None


class _Column:
    """One field's values; ``get`` gives one back, ``values`` all of them in order."""

    def get(self, i: int) -> Any:
        raise NotImplementedError

    def values(self, lo: int, hi: int) -> list[Any]:
        return [self.get(i) for i in range(lo, hi)]


class _Numbers(_Column):
    """Ints, floats or bools of one type, with None where ``missing`` is set."""

    def __init__(self, numbers: array[Any], kind: str, missing: bytes | None) -> None:
        self.numbers, self.kind, self.missing = numbers, kind, missing

    def get(self, i: int) -> Any:
        if self.missing is not None and self.missing[i]:
            return None
        value = self.numbers[i]
        return bool(value) if self.kind == "bool" else value

    def values(self, lo: int, hi: int) -> list[Any]:
        found: list[Any] = self.numbers[lo:hi].tolist()
        if self.kind == "bool":
            found = [bool(v) for v in found]
        if self.missing is not None:
            found = [None if m else v for v, m in zip(found, self.missing[lo:hi], strict=True)]
        return found

    def __reduce__(self) -> tuple[Any, ...]:
        return (_Numbers, (self.numbers, self.kind, self.missing))


class _Texts(_Column):
    """Strings joined into one; the i-th ends at ``ends[i]`` and begins where the one before it
    ends; None where ``missing`` is set."""

    def __init__(self, joined: str, ends: array[int], missing: bytes | None) -> None:
        self.joined, self.ends, self.missing = joined, ends, missing

    def get(self, i: int) -> str | None:
        if self.missing is not None and self.missing[i]:
            return None
        return self.joined[self.ends[i - 1] if i else 0 : self.ends[i]]

    def values(self, lo: int, hi: int) -> list[Any]:
        joined, found = self.joined, list[Any]()
        start = self.ends[lo - 1] if lo else 0
        for end in self.ends[lo:hi]:
            found.append(joined[start:end])
            start = end
        if self.missing is not None:
            found = [None if m else v for v, m in zip(found, self.missing[lo:hi], strict=True)]
        return found

    def __reduce__(self) -> tuple[Any, ...]:
        return (_Texts, (self.joined, self.ends, self.missing))


class _Nested(_Column):
    """Records in a field (a span, or None), or a sequence of records (a node's children):
    all of them kept as columns too, ``at[i]`` where the i-th's begin in them."""

    def __init__(self, inner: Records[Any], at: array[int], many: bool) -> None:
        self.inner, self.at, self.many = inner, at, many

    def get(self, i: int) -> Any:
        if self.many:
            return self.inner[self.at[i] : self.at[i + 1]]
        where = self.at[i]
        return None if where == _NONE else self.inner[where]

    def __reduce__(self) -> tuple[Any, ...]:
        return (_Nested, (self.inner, self.at, self.many))


class _Objects(_Column):
    """Anything else, as it is: a field whose values are of mixed types."""

    def __init__(self, items: list[Any]) -> None:
        self.items = items

    def get(self, i: int) -> Any:
        return self.items[i]

    def values(self, lo: int, hi: int) -> list[Any]:
        return self.items[lo:hi]

    def __reduce__(self) -> tuple[Any, ...]:
        return (_Objects, (self.items,))


def _missing(values: list[Any]) -> bytes | None:
    return bytes(v is None for v in values) if None in values else None


def _numbers(values: list[Any], kind: str, code: str, missing: bytes | None) -> _Numbers:
    if missing is not None:
        zero = 0.0 if kind == "float" else 0
        values = [zero if v is None else v for v in values]
    return _Numbers(array(code, values), kind, missing)


_NUMBERS = {int: ("int", "q"), float: ("float", "d"), bool: ("bool", "b")}


def _column(values: list[Any]) -> _Column:
    """The column that keeps ``values`` exactly: numbers of one type, strings, records of one
    class (or None), sequences of records; anything else as it is."""
    missing = _missing(values)
    present = values if missing is None else [v for v in values if v is not None]
    types = set(map(type, present))
    kind = types.pop() if len(types) == 1 else None
    if kind in _NUMBERS:
        try:
            return _numbers(values, *_NUMBERS[kind], missing)
        except OverflowError:
            return _Objects(values)
    if kind is str:
        lengths = (0 if v is None else len(v) for v in values)
        return _Texts("".join(present), array("q", itertools.accumulate(lengths)), missing)
    if kind is not None and dataclasses.is_dataclass(kind):
        places = itertools.accumulate(v is not None for v in values)
        at = array(
            "q", [_NONE if v is None else n - 1 for v, n in zip(values, places, strict=True)]
        )
        return _Nested(Records.of(present), at, many=False)
    if kind is tuple and missing is None:
        inner = [item for v in values for item in v]
        classes = set(map(type, inner))
        if len(classes) <= 1 and all(map(dataclasses.is_dataclass, classes)):
            at = array("q", itertools.accumulate(map(len, values), initial=0))
            return _Nested(Records.of(inner), at, many=True)
    return _Objects(values)


def _as_is(*values: Any) -> Any:
    """The maker of a sequence that holds its items as they are (``Records.of`` of non-records)."""
    raise AssertionError("never called: such a sequence holds its items")


class Records(Sequence[R], Generic[R]):
    """A sequence of frozen records of one class, kept as columns. Reading one makes it; reading
    them all (iterating) makes them once and keeps them, so a second pass costs no more than it
    would over a tuple. Equal to any sequence of equal records."""

    def __init__(self, make: Callable[..., R], columns: list[_Column], lo: int, hi: int) -> None:
        self._make, self._columns, self._lo, self._hi = make, columns, lo, hi
        self._all: tuple[R, ...] | None = None
        self._fields: dict[str, Sequence[Any]] = {}

    @classmethod
    def of(cls, items: Sequence[R]) -> Records[R]:
        """``items``, all of one dataclass, as columns; a sequence of other things as it is."""
        if not items:
            return Records(_as_is, [], 0, 0)
        first = items[0]
        kind = type(first)
        if not dataclasses.is_dataclass(first) or any(type(item) is not kind for item in items):
            return Records(_as_is, [_Objects(list(items))], 0, len(items))
        names = [field.name for field in dataclasses.fields(first)]
        rows = map(operator.attrgetter(*names), items) if len(names) > 1 else ()
        by_field = (
            zip(*rows, strict=True) if len(names) > 1 else [[getattr(i, names[0]) for i in items]]
        )
        return Records(kind, [_column(list(values)) for values in by_field], 0, len(items))

    def __len__(self) -> int:
        return self._hi - self._lo

    @overload
    def __getitem__(self, i: int) -> R: ...

    @overload
    def __getitem__(self, i: slice) -> Records[R]: ...

    def __getitem__(self, i: int | slice) -> R | Records[R]:
        if isinstance(i, slice):
            start, stop, step = i.indices(len(self))
            if step != 1:
                raise ValueError("records are sliced with a step of one")
            stop = max(start, stop)
            return Records(self._make, self._columns, self._lo + start, self._lo + stop)
        if self._all is not None:
            return self._all[i]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError("record index out of range")
        if self._make is _as_is:  # not records: the one column holds the items themselves
            return self._columns[0].get(self._lo + i)  # type: ignore[no-any-return]
        return self._make(*(column.get(self._lo + i) for column in self._columns))

    def __iter__(self) -> Iterator[R]:
        return iter(self.all())

    def all(self) -> tuple[R, ...]:
        if self._all is None:
            lo, hi = self._lo, self._hi
            if self._make is _as_is:
                self._all = tuple(self._columns[0].values(lo, hi)) if self._columns else ()
            else:
                rows = zip(*(column.values(lo, hi) for column in self._columns), strict=True)
                self._all = tuple(self._make(*row) for row in rows)
        return self._all

    def column(self, index: int) -> Sequence[Any]:
        """The ``index``-th field of every record, without making the records: for a search."""
        column = self._columns[index]
        if isinstance(column, _Numbers) and column.missing is None and column.kind != "bool":
            return column.numbers[self._lo : self._hi]
        return column.values(self._lo, self._hi)

    def field(self, name: str) -> Sequence[Any]:
        """Every record's field ``name``, kept once read: a search over one field of a 5 MB
        report's 87,000 names takes a few milliseconds, where making the records took 160."""
        if name not in self._fields:
            if self._all is not None or not dataclasses.is_dataclass(self._make):
                self._fields[name] = [getattr(item, name) for item in self]
            else:
                names = [f.name for f in dataclasses.fields(self._make)]
                self._fields[name] = self.column(names.index(name))
        return self._fields[name]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    def __hash__(self) -> int:
        return hash(self.all())

    def __repr__(self) -> str:
        return f"Records({list(self)!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        # only this one's rows, when it is a slice of more
        if self._lo != 0 or (self._columns and self._hi != _length(self._columns[0])):
            return (Records.of, (self.all(),))
        return (Records, (self._make, self._columns, self._lo, self._hi))


def _length(column: _Column) -> int:
    if isinstance(column, _Numbers):
        return len(column.numbers)
    if isinstance(column, _Texts):
        return len(column.ends)
    if isinstance(column, _Nested):
        return len(column.at) - (1 if column.many else 0)
    assert isinstance(column, _Objects)
    return len(column.items)


def field(items: Sequence[Any], name: str) -> Sequence[Any]:
    """Field ``name`` of each record in ``items`` (a tuple or ``Records``), for a search that
    reads one or two fields of every record without making every record."""
    if isinstance(items, Records):
        return items.field(name)
    return [getattr(item, name) for item in items]
