"""The at-risk score: beats BG/NBD on the CDNOW hold-out, is sensible on a small shop, and its CLI
output keeps the contract (customer, risk in 0..1, --as-of ignores later orders)."""
from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from scipy.stats import spearmanr
from sklearn.metrics import roc_auc_score

from bot.cli import main
from crm.analytics.churn import score
from crm.analytics.clv import model_clv
from crm.analytics.summary import customer_summary, purchase_days
from tests.conftest import SHARED

MASTER = SHARED / "data" / "cdnow" / "CDNOW_master.txt"


@pytest.mark.skipif(not MASTER.exists(), reason="../shared/data/cdnow is not beside the checkout")
def test_risk_and_clv_beat_the_models_alone_on_the_cdnow_holdout():
    """Calibration to 1997-09-30, hold-out to 1998-06-30; lifetimes' BG/NBD reaches ROC AUC 0.763 and
    its CLV a Spearman correlation with hold-out spend of 0.420. Holding risk monotone in silence (#13)
    must keep what the unconstrained model reached: AUC 0.770, Spearman 0.446."""
    raw = pd.read_csv(MASTER, sep=r"\s+").rename(columns={"customer_id": "customer", "dollar_value": "amount"})
    raw["date"] = pd.to_datetime(raw["date"].astype(str), format="%Y%m%d")
    scored = score(raw, "1997-09-30")
    assert scored.method == "learned" and len(scored.table) == 23_570
    days = purchase_days(raw, pd.Timestamp("1998-06-30"))
    later = days[days["day"] > pd.Timestamp("1997-09-30")].groupby("customer")["amount"].sum()
    lost = ~scored.table.index.isin(later.index)
    assert roc_auc_score(lost, scored.table["risk"]) >= 0.770 > 0.763
    spend = later.reindex(scored.table.index).fillna(0.0)
    models_alone = model_clv(customer_summary(raw, "1997-09-30"))
    assert spearmanr(scored.table["value"], spend).statistic >= 0.446 > 0.44 > spearmanr(models_alone.reindex(spend.index), spend).statistic


def small_shop() -> pd.DataFrame:
    rows = []
    for week in range(0, 40, 2):  # a regular, every two weeks, still buying
        rows.append(("regular", pd.Timestamp("2026-01-05") + pd.Timedelta(weeks=week), 20.0))
    for week in range(0, 16, 2):  # a regular who stopped three months ago
        rows.append(("lapsed", pd.Timestamp("2026-01-05") + pd.Timedelta(weeks=week), 50.0))
    rows.append(("once", pd.Timestamp("2026-09-01"), 10.0))
    return pd.DataFrame(rows, columns=["customer", "date", "amount"])


def test_a_small_shop_is_scored_by_rhythm():
    table = score(small_shop(), "2026-10-12").table
    assert table.index[0] == "lapsed"  # most value at risk first
    assert table.loc["lapsed", "risk"] > 0.9 > table.loc["regular", "risk"]
    assert table.loc["once", "risk"] < table.loc["lapsed", "risk"]  # one order is no rhythm to break


def test_cli_at_risk_contract(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SOLOCRM_DB", str(tmp_path / "risk.sqlite"))
    monkeypatch.setenv("SOLOCRM_HOME", str(tmp_path))
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    lines = ["customer,date,amount"] + [f"{c},{d.date()},{a}" for c, d, a in small_shop().itertuples(index=False)]
    (tmp_path / "orders.csv").write_text("\n".join(lines) + "\n")
    assert main(["import", "orders", str(tmp_path / "orders.csv")]) == 0
    capsys.readouterr()
    assert main(["at-risk", "--as-of", "2026-10-12", "--all", "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert {r["customer"] for r in records} == {"regular", "lapsed", "once"}
    assert all(0 <= r["risk"] <= 1 for r in records) and records[0]["customer"] == "lapsed"
    assert main(["at-risk", "--as-of", "2026-02-01", "--all", "--format", "csv"]) == 0
    early = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert list(early.columns[:2]) == ["customer", "risk"] and "once" not in set(early["customer"])  # later orders ignored


def test_cli_clv_and_segments(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SOLOCRM_DB", str(tmp_path / "clv.sqlite"))
    monkeypatch.setenv("SOLOCRM_HOME", str(tmp_path))
    rows = ["customer,date,amount"]
    for i in range(40):  # 40 customers: customer i bought (i % 5) + 1 times, a month apart
        rows += [f"C{i},2026-0{1 + k}-{1 + i % 20:02d},{10 + i}" for k in range(i % 5 + 1)]
    (tmp_path / "o.csv").write_text("\n".join(rows) + "\n")
    assert main(["import", "orders", str(tmp_path / "o.csv")]) == 0
    capsys.readouterr()
    assert main(["clv", "--as-of", "2026-06-30", "--all", "--format", "json"]) == 0
    clv = json.loads(capsys.readouterr().out)
    assert len(clv) == 40 and all(r["clv"] >= 0 for r in clv) and clv[0]["orders"] == 5
    assert main(["segments", "--as-of", "2026-06-30"]) == 0
    out = capsys.readouterr().out
    assert "segment" in out and "k-means found" in out
    assert main(["report", "--out", str(tmp_path / "r.png"), "--as-of", "2026-06-30"]) == 0
    assert (tmp_path / "r.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert main(["report", "--out", str(tmp_path / "r.html")]) == 0
    page = (tmp_path / "r.html").read_text()
    assert "data:image/png;base64," in page and "<h2>Segments</h2>" in page
    assert main(["report", "--out", str(tmp_path / "r.pdf")]) == 1
