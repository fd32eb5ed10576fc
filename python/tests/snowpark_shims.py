"""Test-only stand-ins for Snowflake functions that Snowpark's local testing
mode lacks. The package calls Snowflake's own functions; these patches teach
the emulator what Snowflake does, and nothing in models/ knows about them.

- MAX_BY / MIN_BY (Snowflake aggregate functions): the value on the row with
  the greatest (least) ordering value; rows whose ordering value is NULL are
  ignored, and the result is NULL when every one is (or the group is empty).
"""

from snowflake.snowpark import functions
from snowflake.snowpark.mock import ColumnEmulator, patch


def _value_by(values, order, pick_max):
    keep = order.notna()  # NULL (None or NaN in the emulator) orderings are ignored
    if not keep.any():
        return ColumnEmulator(data=[None], sf_type=values.sf_type)
    kept = order[keep].astype("float64")  # the package orders by row numbers; object columns have no idxmax
    index = kept.idxmax() if pick_max else kept.idxmin()
    return ColumnEmulator(data=[values[index]], sf_type=values.sf_type)


@patch(functions.max_by)
def max_by(values, order, *_count):
    return _value_by(values, order, pick_max=True)


@patch(functions.min_by)
def min_by(values, order, *_count):
    return _value_by(values, order, pick_max=False)
