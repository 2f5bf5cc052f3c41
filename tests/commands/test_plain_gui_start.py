"""The window's start decided from the command line (``cli._plain_gui_start``):
its quick reading of the usual forms gives what argparse gives (issue 16:
the window's start-up builds no parser for them)."""
import pytest

import cli


def _by_argparse(argv):
    ours, qt = cli.split_qt_options(argv, ())
    args, extra = cli._base_parser(name_default=False).parse_known_args(ours)
    assert not extra
    args.command = None
    return vars(args), qt


@pytest.mark.parametrize("argv", [
    [], ["--data-dir", "D:/So lieu"], ["--data-dir=/tmp/x"], ["--data-dir", "x", "-platform", "offscreen"],
    ["-platform", "offscreen"], ["--data-dir", "./a b"],
])
def test_the_usual_starts_are_read_as_argparse_reads_them(argv, monkeypatch):
    assert cli._quick_data_dir(cli.split_qt_options(argv, ())[0]) is not None
    args, qt = cli._plain_gui_start(argv)
    assert (vars(args), qt) == _by_argparse(argv)


@pytest.mark.parametrize("argv", [
    ["--data-dir"], ["--data-dir", "-x"], ["--data-dir="], ["--data", "x"], ["--data-dir", "x", "demo"],
    ["--version"], ["backup"],
])
def test_anything_else_goes_to_argparse(argv, monkeypatch):
    assert cli._quick_data_dir(cli.split_qt_options(argv, ())[0]) is None
    called = []
    real = cli._base_parser

    def spy(*a, **k):
        called.append(True)
        return real(*a, **k)

    monkeypatch.setattr(cli, "_base_parser", spy)
    try:
        cli._plain_gui_start(argv)
    except SystemExit:
        pass
    assert called
