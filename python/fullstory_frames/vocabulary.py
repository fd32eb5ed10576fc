"""The small vocabulary the models' logic is written in.

Each output column is an expression (Expr) or an aggregate (Aggregate) built
from these nodes; an engine (engine.py) translates each node with its method
`translate_<node name>`. A node added here without a translation in every
engine fails python/tests/test_frames.py.
"""

from dataclasses import dataclass
from typing import Optional


class Expr:
    """A row-level expression."""


class Aggregate:
    """An aggregate over a group. Latest/Earliest picks are ordered by the
    `order` given to Engine.aggregate, one ordering for every pick of a call."""


@dataclass(frozen=True)
class Col(Expr):
    name: str


@dataclass(frozen=True)
class Lit(Expr):
    value: object  # str, int, bool, datetime (a timestamp) or None (a NULL string)


@dataclass(frozen=True)
class Eq(Expr):
    left: object
    right: object


@dataclass(frozen=True)
class Ne(Expr):
    left: object
    right: object


@dataclass(frozen=True)
class AtLeast(Expr):
    left: object
    right: object


@dataclass(frozen=True)
class Greater(Expr):
    left: object
    right: object


@dataclass(frozen=True)
class NotNull(Expr):
    expr: object


@dataclass(frozen=True)
class All(Expr):
    """True where every one of exprs is."""

    exprs: tuple


@dataclass(frozen=True)
class AnyOf(Expr):
    """True where at least one of exprs is (none NULL here: they are sums and counts)."""

    exprs: tuple


@dataclass(frozen=True)
class Coalesce(Expr):
    exprs: tuple


@dataclass(frozen=True)
class Concat(Expr):
    """String concatenation; numbers are written in decimal; NULL if any part is."""

    exprs: tuple


@dataclass(frozen=True)
class PrefixedAgain(Expr):
    """The string expr with prefix (a str) written once more before it where it
    already begins with it (anon_4 -> anon_anon_4), else expr; NULL where expr is."""

    expr: object
    prefix: str


@dataclass(frozen=True)
class WholeSecondsBetween(Expr):
    """Elapsed time from start (a Col) to end (a Col), truncated to whole seconds.

    Computed from a microsecond difference: Snowflake's datediff('second')
    counts second boundaries crossed instead (00:00:00.500 -> 00:01:00 is 60).
    """

    start: object
    end: object


@dataclass(frozen=True)
class DateInZone(Expr):
    """The calendar date of a timestamp (a Col holding UTC) in an IANA time zone,
    daylight-saving changes included; zone is a name validate_vars() checked."""

    expr: object
    zone: str


@dataclass(frozen=True)
class Count(Aggregate):
    where: Optional[object] = None  # count only rows where this is true


@dataclass(frozen=True)
class CountDistinct(Aggregate):
    expr: object
    where: Optional[object] = None


@dataclass(frozen=True)
class Min(Aggregate):
    expr: object


@dataclass(frozen=True)
class Max(Aggregate):
    expr: object


@dataclass(frozen=True)
class Sum(Aggregate):
    expr: object


@dataclass(frozen=True)
class Latest(Aggregate):
    """Value of expr on the last row by `order` among rows where `where` holds.

    skip_nulls: rows whose expr is NULL do not count (latest non-NULL value);
    without it, the value of the last row, NULL or not.
    """

    expr: object
    where: Optional[object] = None  # only rows where this holds count
    skip_nulls: bool = True
    first: bool = False  # the earliest row instead of the latest


def Earliest(expr, where=None, skip_nulls=True):
    return Latest(expr, where, skip_nulls, first=True)


def kept_rows(pick):
    """The condition on the rows a Latest/Earliest pick chooses among: its
    value is not NULL (with skip_nulls) and `where` holds; None: every row."""
    if not pick.skip_nulls:
        return pick.where
    return NotNull(pick.expr) if pick.where is None else All((NotNull(pick.expr), pick.where))
