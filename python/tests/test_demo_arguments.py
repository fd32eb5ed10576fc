"""scripts/demo reads its arguments in any order and refuses the others
before it installs or builds anything."""

import os
import subprocess

import pytest
from demo_args import main

from conftest import ROOT


@pytest.mark.parametrize("argv", [["3000", "--export"], ["--export", "3000"]])
def test_the_number_and_export_in_either_order(argv, capsys):
    main(argv)
    assert capsys.readouterr().out.split() == ["EVENTS=3000", "EXPORT=1"]


def test_the_defaults(capsys):
    main([])
    assert capsys.readouterr().out.split() == ["EVENTS=50000", "EXPORT="]


@pytest.mark.parametrize(
    "argv,message",
    [
        (["--exprot"], "unrecognized arguments: --exprot"),
        (["3000", "4000"], "unrecognized arguments: 4000"),
        (["lots"], "'lots' is not a number of events"),
        (["0"], "give a number above 0"),
    ],
)
def test_the_script_refuses_an_unknown_argument_before_doing_anything(argv, message, tmp_path):
    done = subprocess.run(
        [str(ROOT / "scripts" / "demo"), *argv],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
        env=dict(os.environ, DBT_FULLSTORY_VENV=str(tmp_path / "venv")),
    )
    assert done.returncode == 2 and message in done.stderr, done.stderr
    assert not (tmp_path / "venv").exists()  # stopped before the bootstrap


def test_help_lists_the_arguments_and_builds_nothing(tmp_path):
    done = subprocess.run(
        [str(ROOT / "scripts" / "demo"), "3000", "--help"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
        env=dict(os.environ, DBT_FULLSTORY_VENV=str(tmp_path / "venv")),
    )
    assert done.returncode == 0 and "--export" in done.stderr and not (tmp_path / "venv").exists()
