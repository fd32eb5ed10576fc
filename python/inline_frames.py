"""Copy python/fullstory_frames.py into the Python models, between their markers.

dbt Python models cannot import each other or a module of the package, so each
model carries the shared logic. Run `python python/inline_frames.py` after
editing fullstory_frames.py; `--check` exits 1 when a model is out of date
(the test suite runs it).
"""

import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCE = ROOT / "python" / "fullstory_frames.py"
MODELS = [ROOT / "models" / "sessions.py", ROOT / "models" / "users.py"]
BEGIN = "# BEGIN fullstory_frames: copied from python/fullstory_frames.py by python/inline_frames.py; edit it there.\n"
END = "# END fullstory_frames\n"


def inlined(model_text, shared_text):
    head, rest = model_text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    # two blank lines before END, where ruff format puts them after top-level code
    return head + BEGIN + shared_text.rstrip("\n") + "\n\n\n" + END + tail


def main(argv):
    check = "--check" in argv
    shared = SOURCE.read_text()
    stale = []
    for path in MODELS:
        current = path.read_text()
        wanted = inlined(current, shared)
        if current != wanted:
            stale.append(path.relative_to(ROOT))
            if not check:
                path.write_text(wanted)
    if check and stale:
        print("out of date (run python python/inline_frames.py):", *stale)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
