"""Command lines a user gets slightly wrong: one plain line each, exit status 2."""

import socket

import pytest

from sim.cli.main import main
from tests.conftest import SCENARIOS

KAMISHIHORO = str(SCENARIOS / "kamishihoro.yaml")


def test_set_written_with_a_space_gets_the_one_word_form(capsys):
    assert main(["run", KAMISHIHORO, "--set", "run.years", "3"]) == 2
    err = capsys.readouterr().err
    assert (
        err == "dxsim: --set run.years 3: expected PATH=VALUE in one word, e.g. --set run.years=3\n"
    )


def test_an_unexpected_word_names_the_command_and_its_help(capsys):
    assert main(["run", KAMISHIHORO, "zzz"]) == 2
    assert capsys.readouterr().err == "dxsim: run: unexpected 'zzz' (see dxsim run --help)\n"


@pytest.mark.parametrize("port", ["99999", "0", "eighty"])
def test_a_port_out_of_range_is_one_line(port, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["dashboard", "--port", port])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "argument --port: got" in err and "expected a port number 1-65535" in err
    assert "Traceback" not in err


def test_a_busy_port_is_refused_before_the_address_is_printed(capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["dashboard", "--port", str(port)]) == 2
    out, err = capsys.readouterr()
    assert out == ""  # no address printed for a server that will not start
    assert err.startswith(f"dxsim: --port {port}: cannot listen on 127.0.0.1:{port} (")
    assert err.endswith(
        f"another dashboard may be running there: stop it, or try --port {port + 1}\n"
    )


def test_several_files_after_one_scenario_option(tmp_path, capsys):
    """`--scenario a.yaml b.yaml` (as a shell glob gives) is read as two files."""
    missing = [str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml")]
    assert main(["dashboard", "--port", "1", "--scenario", *missing]) == 2
    err = capsys.readouterr().err
    assert "a.yaml: file not found" in err and "b.yaml: file not found" in err


TOKACHI = str(SCENARIOS / "tokachi.yaml")
QUICK = ["--years", "1", "--set", "run.scale=40"]


def test_the_summary_of_one_town_of_a_region(tmp_path, capsys):
    assert main(["run", TOKACHI, *QUICK, "--municipality", "otofuke", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "tokachi: start vs end (otofuke, persons and yen)" in out
    assert "43,6" in out  # Otofuke's 43,613 persons (in steps of 40), not the region's 332,918


def test_an_unknown_town_is_refused_before_the_run(tmp_path, capsys):
    out = tmp_path / "never"
    args = ["run", TOKACHI, *QUICK, "--municipality", "otofuk", "--out", str(out)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        "dxsim: --municipality otofuk: not a municipality of this scenario; did you mean "
        "'otofuke'? (it has obihiro, otofuke,"
    )
    assert not out.exists()


def test_a_run_over_an_earlier_run_says_so(tmp_path, capsys):
    args = ["run", KAMISHIHORO, "--years", "1", "--quiet", "--out", str(tmp_path / "r")]
    assert main(args) == 0
    assert "replaced" not in capsys.readouterr().err
    assert main(args) == 0
    last = capsys.readouterr().err.splitlines()[-1]  # after the scenario's own notes
    assert last == f"dxsim: note: {tmp_path / 'r'} held an earlier run; it was replaced"
