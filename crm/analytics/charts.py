"""Charts for reports and summaries, drawn headless (matplotlib's Agg backend, no screen needed)."""
from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402


def overview_png(orders: pd.DataFrame, segments: pd.Series, clv: pd.Series, currency: str) -> bytes:
    """Revenue by month, customers per segment and the CLV distribution, as one PNG (the last panel says
    so when the CLVs are unknown: too little history)."""
    fig, (revenue_ax, segment_ax, clv_ax) = plt.subplots(1, 3, figsize=(15, 4.5), layout="constrained")
    monthly = orders.set_index("date")["amount"].resample("MS").sum()
    revenue_ax.bar(monthly.index, monthly.to_numpy(), width=20, color="#3b7dd8")
    revenue_ax.set_title(f"Revenue by month ({currency})")
    revenue_ax.tick_params(axis="x", rotation=45)
    counts = segments.value_counts().sort_values()
    segment_ax.barh(counts.index, counts.to_numpy(), color="#5aa469")
    segment_ax.set_title("Customers per segment")
    known = clv.dropna()
    if known.empty:
        clv_ax.text(0.5, 0.5, "Too early: not enough\nhistory yet", ha="center", va="center", transform=clv_ax.transAxes)
    else:
        clv_ax.hist(known.clip(upper=known.quantile(0.99)), bins=40, color="#d8843b")
    clv_ax.set_title(f"Expected 12-month value per customer ({currency})")
    clv_ax.set_xlabel(currency)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    plt.close(fig)
    return buffer.getvalue()


def weekly_png(weekly_revenue: list[tuple[date, Decimal]], loyalty_top: list[tuple[str, float]], currency: str) -> bytes:
    """The weekly summary's picture: revenue per week (the last bar is the week summed up) and the most
    loyal customers."""
    fig, (revenue_ax, loyalty_ax) = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
    labels = [f"{d:%d %b}" for d, _ in weekly_revenue]
    colors = ["#9bbce8"] * (len(weekly_revenue) - 1) + ["#3b7dd8"]
    revenue_ax.bar(labels, [float(a) for _, a in weekly_revenue], color=colors)
    revenue_ax.set_title(f"Revenue per week ({currency})")
    revenue_ax.tick_params(axis="x", rotation=60)
    names = [name for name, _ in reversed(loyalty_top)]
    loyalty_ax.barh(names, [score for _, score in reversed(loyalty_top)], color="#5aa469")
    loyalty_ax.set_xlim(0, 1)
    loyalty_ax.set_title("Loyalty score, top 5")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90)
    plt.close(fig)
    return buffer.getvalue()
