"""Segments found in the data: k-means on scaled log-RFM, k chosen by silhouette, each cluster named
in plain words from how its median customer compares with the owner's median customer."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import StandardScaler

SILHOUETTE_SAMPLE = 5000  # silhouette is quadratic; a sample ranks the k's the same


@dataclass(frozen=True)
class Segmentation:
    labels: pd.Series  # cluster per customer
    descriptions: dict[int, str]
    k: int
    silhouette: float


def _describe(cluster: pd.DataFrame, overall: pd.DataFrame) -> str:
    def word(column: str, high: str, low: str, lower_is_high: bool = False) -> str:
        ratio = cluster[column].median() / max(overall[column].median(), 1e-9)
        is_high = ratio < 0.8 if lower_is_high else ratio > 1.25
        is_low = ratio > 1.25 if lower_is_high else ratio < 0.8
        return high if is_high else low if is_low else ""

    recency = word("recency_days", "recent", "dormant", lower_is_high=True)
    frequency = word("frequency", "frequent", "occasional")
    spend = word("monetary", "big spenders", "small spenders") or "average spenders"
    return " ".join(w for w in (recency, frequency, spend) if w)


def segment_customers(rfm: pd.DataFrame, k_range: range = range(2, 7), seed: int = 0) -> Segmentation:
    """k-means on standardized log(1 + recency days, orders, spend); the k with the best silhouette wins."""
    features = StandardScaler().fit_transform(np.log1p(rfm[["recency_days", "frequency", "monetary"]].to_numpy(float)))
    rng = np.random.default_rng(seed)
    sample = rng.choice(len(features), size=min(len(features), SILHOUETTE_SAMPLE), replace=False)
    best: tuple[float, int, np.ndarray] | None = None
    for k in k_range:
        if k >= len(features):
            break
        labels = KMeans(n_clusters=k, n_init=4, random_state=seed).fit_predict(features)
        if len(set(labels[sample])) < 2:
            continue
        quality = float(silhouette_score(features[sample], labels[sample]))
        if best is None or quality > best[0]:
            best = (quality, k, labels)
    if best is None:
        raise ValueError("too few distinct customers to segment")
    quality, k, labels = best
    series = pd.Series(labels, index=rfm.index)
    descriptions = {c: _describe(rfm[series == c], rfm) for c in range(k)}
    return Segmentation(series, descriptions, k, quality)
