"""The arguments of scripts/demo, in any order; unknown ones are refused.

Runs under the system python3 before the virtualenv exists (standard library
only) and prints shell assignments for the script to eval:
    EVENTS=<number of events>
    EXPORT=<1 to write and read FullStory's Parquet export, else empty>
or, for --help, the help on stderr and `exit 0`.
"""

import argparse
import sys


def parser():
    found = argparse.ArgumentParser(
        prog="scripts/demo",
        description="Build a realistic sample of FullStory events in DuckDB and run the whole package on it.",
    )
    found.add_argument(
        "events", nargs="?", type=positive, default=50000, help="number of events to generate (default 50000)"
    )
    found.add_argument(
        "--export",
        action="store_true",
        help="also write the sample as FullStory's Parquet export under target/fullstory_export/"
        " and run the package on those files in place",
    )
    return found


def positive(text):
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of events (such as 3000)") from None
    if number <= 0:
        raise argparse.ArgumentTypeError(f"{text} events: give a number above 0")
    return number


def main(argv):
    if {"-h", "--help"} & set(argv):  # the help to the terminal; the script only stops
        parser().print_help(sys.stderr)
        print("exit 0")
        return
    args = parser().parse_args(argv)  # exits 2 with the usage on an unknown argument
    print(f"EVENTS={args.events}")
    print(f"EXPORT={'1' if args.export else ''}")


if __name__ == "__main__":
    main(sys.argv[1:])
