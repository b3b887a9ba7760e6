"""The yearly disclosure: built from the ledger, consistent with the KPIs, both formats."""

from pathlib import Path

import pandas as pd
import pytest

from sim import load_scenario, run
from sim.cli.main import main
from sim.outputs.report import disclosure, to_html, to_markdown
from sim.scenario.loader import ScenarioError
from tests.conftest import SCENARIOS


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    scenario = load_scenario(
        SCENARIOS / "kamishihoro.yaml", overrides=["run.years=3", "run.scale=2"]
    )
    return run(scenario).write(tmp_path_factory.mktemp("run"))


def test_report_sections_agree_with_the_kpis(run_dir):
    report = disclosure(run_dir, "kamishihoro", 2016)
    titles = [t for t, _, _ in report.sections]
    assert titles[0].startswith("Where the money came from") and "Results" in titles[-1]
    kpis = pd.read_parquet(run_dir / "kpis.parquet")
    fy = kpis[(kpis.date >= "2016-04") & (kpis.date <= "2017-03")]
    came = dict((row[0], row[1]) for row in report.sections[0][1][1:])
    assert came["Hometown-tax donations (ふるさと納税)"] == f"{fy.donations_yen.sum() / 1e6:,.1f}"
    flows = pd.read_parquet(run_dir / "flows.parquet")
    drawn = flows[flows.step.isin(fy.step) & (flows.kind == "fund_withdrawal")].amount_yen.sum()
    assert came["total"] == f"{(fy.revenue_yen.sum() + drawn) / 1e6:,.1f}"
    donations = report.sections[2]
    assert "Within the rules" in donations[2] and "own firms" in donations[2]
    rows = {r[0].strip(): float(r[1].replace(",", "")) for r in donations[1][1:]}
    left = rows["left for the town"]
    earmarked = rows["of which earmarked into the fund for programs"]
    assert earmarked + rows["of which to the general budget"] == pytest.approx(left, abs=0.11)
    assert earmarked == pytest.approx(fy.earmarked_deposits_yen.sum() / 1e6, abs=0.06)


def test_program_costs_are_split_by_who_paid_and_cash_reconciles(run_dir):
    report = disclosure(run_dir, "kamishihoro", 2017)
    title, table, _ = report.sections[3]
    assert title.startswith("What the programs cost")
    rows = {r[0].strip(): float(r[1].replace(",", "")) for r in table[1:]}
    parts = [v for k, v in rows.items() if k.startswith("paid")]
    assert sum(parts) == pytest.approx(rows["program spending"], abs=0.2)
    assert rows["paid from the donations' earmarked fund"] > 0
    went_note = report.sections[1][2]
    came_total = float(report.sections[0][1][-1][1].replace(",", ""))
    stocks = {r[0]: r for r in report.sections[4][1][1:]}
    cash_change = float(stocks["cash in the general account"][3].replace(",", ""))
    out_total = float(went_note.split("account ")[1].split(" M")[0].replace(",", ""))
    assert came_total - out_total == pytest.approx(cash_change, abs=0.2)


def test_markdown_and_html_carry_the_same_numbers(run_dir):
    report = disclosure(run_dir, "kamishihoro", 2016)
    md, page = to_markdown(report), to_html(report)
    for _, table, _ in report.sections:
        for row in table[1:]:
            for cell in row:
                assert cell in md
    assert page.startswith("<!doctype html>") and "上士幌町" in page


def test_cli_writes_both_files_and_rejects_bad_input(run_dir, capsys):
    assert (
        main(
            [
                "report",
                "disclosure",
                str(run_dir),
                "--municipality",
                "kamishihoro",
                "--year",
                "2016",
            ]
        )
        == 0
    )
    assert (run_dir / "disclosure_kamishihoro_FY2016.md").exists()
    assert (run_dir / "disclosure_kamishihoro_FY2016.html").exists()
    assert (
        main(["report", "disclosure", str(run_dir), "--municipality", "nowhere", "--year", "2016"])
        == 2
    )
    assert (
        main(
            [
                "report",
                "disclosure",
                str(run_dir),
                "--municipality",
                "kamishihoro",
                "--year",
                "1990",
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "towns are kamishihoro" in err and "fiscal years 2015-2018" in err
    with pytest.raises(ScenarioError, match="not a dxsim run folder"):
        disclosure(run_dir / "missing", "kamishihoro", 2016)


def test_out_into_a_new_folder_makes_it(run_dir, tmp_path):
    """docs/reports.md: folders on the way to --out are created."""
    stem = tmp_path / "reports" / "fy2016" / "kamishihoro"
    args = ["report", "disclosure", str(run_dir), "--municipality", "kamishihoro"]
    assert main([*args, "--year", "2016", "--out", str(stem)]) == 0
    assert stem.with_suffix(".md").exists() and stem.with_suffix(".html").exists()
