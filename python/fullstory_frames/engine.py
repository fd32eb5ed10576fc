"""What the models' logic needs of an engine, and how a model finds its engine.

The logic (sessions.py, users.py, pages.py) calls only the methods of Engine; each
engine keeps the work in the warehouse (nothing event-level reaches Python)
and translates every vocabulary node with its method `translate_<node name>`.
"""

import abc
import datetime

# each row's place in its group, added by the engines' aggregate() for the picks
ORDER_COLUMN = "fullstory_group_order"


class Engine(abc.ABC):
    # frames: an engine's own handle on a table or a query (a CTE name, a DataFrame)
    @abc.abstractmethod
    def start(self):
        """The model's input, as a frame."""

    @abc.abstractmethod
    def finish(self, frame):
        """What the model returns to dbt for a frame."""

    @abc.abstractmethod
    def input(self, relation):
        """Another of the model's inputs (what dbt.ref() returned), as a frame."""

    @abc.abstractmethod
    def filter(self, frame, condition):
        """The rows where condition (an Expr) is true."""

    @abc.abstractmethod
    def left_join(self, left, right, keys):
        """Every row of left, with right's columns where the keys match (right is unique on them)."""

    @abc.abstractmethod
    def semi_join(self, left, right, keys):
        """The rows of left whose keys occur in right."""

    @abc.abstractmethod
    def anti_join(self, left, right, keys):
        """The rows of left whose keys do not occur in right."""

    @abc.abstractmethod
    def union(self, first, second):
        """The rows of both (the same column names; second's are matched by name)."""

    @abc.abstractmethod
    def select(self, frame, columns):
        """Columns: names kept as they are, or (name, Expr) pairs."""

    @abc.abstractmethod
    def aggregate(self, frame, keys, aggregates, order):
        """One row per keys: (name, Aggregate) pairs, picks ordered by the columns of `order`."""

    @abc.abstractmethod
    def number_rows(self, frame, partition, order, number, total):
        """Every row with two more columns: `number`, its place (1, 2, ...) in its
        partition by the columns of `order`, and `total`, the rows of its partition."""

    @abc.abstractmethod
    def smallest(self, frame, column):
        """min(column) of a frame, as a Python value (one row reaches the driver); None when empty."""

    # values read from a stored table (dbt.this), through the injected read_table
    @abc.abstractmethod
    def stored(self, table):
        """A stored table (dbt.this) as a frame."""

    @abc.abstractmethod
    def newest(self, table, column, until):
        """max(column) of a stored table among values not after `until`; None when there is none."""

    @abc.abstractmethod
    def one_row(self, table, columns):
        """Any one row of a stored table, as a tuple; None when it has none."""

    @abc.abstractmethod
    def now(self):
        """The current time as the engine compares it with a stored timestamp."""

    def translate(self, node):
        """An expression or aggregate node in the engine's terms."""
        method = getattr(self, "translate_" + type(node).__name__, None)
        if method is None:
            raise TypeError(f"dbt_fullstory: internal error: {type(self).__name__} cannot translate {node!r}")
        return method(node)


def naive_utc_now():
    """The current time as naive UTC, as timestamps without a zone hold it."""
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
