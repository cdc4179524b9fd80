"""Parser benchmark; prints tables. Run: .venv/bin/python benchmarks/parser.py

1. Throughput and per-message latency (p50/p95 over every corpus message, several passes; goal p95 <= 10 ms).
2. Score by intent on the labelled corpora (bot/parsing/en/corpus/*.jsonl, the public sample),
   compared field by field exactly as shared/nlu/score.py does.
3. Intent accuracy of the rules against a trained TF-IDF + logistic regression classifier (scikit-learn),
   5-fold cross-validation on the same corpus: the issue asks for whichever measures better.
4. Parse time against the length of a message, up to MAX_MESSAGE_CHARS: a realistic message (corpus orders joined)
   and the worst hostile ones found (tests/test_parsing_hostile.py has them all). The time per character stays
   about the same: parsing grows linearly.
"""
from __future__ import annotations

import importlib.util
import json
import statistics
import sys
import time
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.parsing import MAX_MESSAGE_CHARS, ParseContext, parse  # noqa: E402
from bot.parsing.en.intents import classify  # noqa: E402
from bot.parsing.en.normalize import normalize  # noqa: E402

SHARED = ROOT.parent / "shared" / "nlu"
REFERENCE = ParseContext(now=datetime(2026, 3, 11, 10, 0, tzinfo=ZoneInfo("Europe/Berlin")), tz="Europe/Berlin",
                         currency="EUR", region="DE")


def corpus_files() -> list[Path]:
    files = sorted((ROOT / "bot" / "parsing" / "en" / "corpus").glob("*.jsonl"))
    return [f for f in files + [SHARED / "sample_en.jsonl"] if f.exists()]


def load(files: list[Path]) -> list[dict]:  # type: ignore[type-arg]
    """The one-fact cases (the intent scores and the classifier comparison are of one fact per message)."""
    cases = [json.loads(line) for f in files for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [case for case in cases if "expect" in case]


def matcher():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("nlu_score", SHARED / "score.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.matches


def first_intent(expect: dict) -> str:  # type: ignore[type-arg]
    intent = expect["intent"]
    return intent[0] if isinstance(intent, list) else intent


def latency(cases: list[dict], passes: int = 5) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    for case in cases:  # warm-up: imports, regex caches
        parse(case["text"], REFERENCE)
    timings, rates = [], []
    for _ in range(passes):
        start_all = time.perf_counter()
        for case in cases:
            start = time.perf_counter()
            parse(case["text"], REFERENCE)
            timings.append((time.perf_counter() - start) * 1000)
        rates.append(len(cases) / (time.perf_counter() - start_all))
    timings.sort()
    return [
        ("messages x passes", f"{len(cases)} x {passes}"),
        ("throughput (median of passes)", f"{statistics.median(rates):,.0f} messages/s"),
        ("latency p50", f"{timings[len(timings) // 2]:.2f} ms"),
        ("latency p95 (goal <= 10 ms)", f"{timings[int(len(timings) * 0.95)]:.2f} ms"),
        ("latency max", f"{timings[-1]:.2f} ms"),
    ]


def score_by_intent(cases: list[dict]) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    matches = matcher()
    total, good = Counter(), Counter()
    for case in cases:
        got = parse(case["text"], REFERENCE).to_json()
        intent = first_intent(case["expect"])
        total[intent] += 1
        good[intent] += all(matches(f, w, got.get(f)) for f, w in case["expect"].items())
    rows = [(intent, f"{good[intent]}/{total[intent]} = {good[intent] / total[intent]:.1%}") for intent in sorted(total)]
    rows.append(("ALL", f"{sum(good.values())}/{sum(total.values())} = {sum(good.values()) / sum(total.values()):.1%}"))
    return rows


def rules_vs_learned(cases: list[dict]) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold
    from sklearn.pipeline import make_pipeline, make_union

    texts = [normalize(c["text"]) for c in cases]
    wanted = [c["expect"]["intent"] for c in cases]
    labels = [first_intent(c["expect"]) for c in cases]

    def right(pred: str, want: object) -> bool:
        return pred == want or (isinstance(want, list) and pred in want)

    rules_ok = sum(right(classify(t)[0], w) for t, w in zip(texts, wanted, strict=True))
    counts = Counter(labels)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    keep = [i for i, label in enumerate(labels) if counts[label] >= 5]
    learned_ok, fold_ok = 0, defaultdict(int)
    for train, test in folds.split([texts[i] for i in keep], [labels[i] for i in keep]):
        model = make_pipeline(
            make_union(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
                       TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)),
            LogisticRegression(max_iter=2000, C=10),
        )
        model.fit([texts[keep[i]] for i in train], [labels[keep[i]] for i in train])
        for i, pred in zip(test, model.predict([texts[keep[i]] for i in test]), strict=True):
            ok = right(pred, wanted[keep[i]])
            learned_ok += ok
            fold_ok[keep[i]] = ok
    rules_on_kept = sum(right(classify(texts[i])[0], wanted[i]) for i in keep)
    return [
        ("rules, all messages", f"{rules_ok}/{len(cases)} = {rules_ok / len(cases):.1%}"),
        ("rules, messages the classifier is tested on", f"{rules_on_kept}/{len(keep)} = {rules_on_kept / len(keep):.1%}"),
        ("TF-IDF + logistic regression, 5-fold CV", f"{learned_ok}/{len(keep)} = {learned_ok / len(keep):.1%}"),
    ]


def time_vs_length(cases: list[dict], runs: int = 7) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    """CPU time of one parse (median of `runs`) at 500, 1,000 and 2,000 characters and the limit."""
    orders = ". ".join(c["text"] for c in cases if first_intent(c["expect"]) == "log_order")
    messages = {
        "realistic: corpus orders joined by '. '": ("", orders),
        "worst hostile: 'paid 1 1 1 ...'": ("paid ", "1 "),
        "worst hostile: 'review 2/3 2/3 ...'": ("review ", "2/3 "),
    }
    lengths = sorted({500, 1000, 2000, MAX_MESSAGE_CHARS})
    parse("Anna paid 5 on 3. may", REFERENCE)  # imports dateparser, fills the regex caches
    rows = [("characters", "".join(f"{n:>22,}" for n in lengths))]
    for name, (before, unit) in messages.items():
        cells = []
        for n in lengths:
            text = (before + unit * (n // len(unit) + 1))[:n]
            times = []
            for _ in range(runs):
                start = time.process_time()
                parse(text, REFERENCE)
                times.append(time.process_time() - start)
            median = statistics.median(times)
            cells.append(f"{median * 1000:.1f} ms ({median * 1e6 / n:.0f} µs/char)")
        rows.append((name, "".join(f"{c:>22}" for c in cells)))
    return rows


def table(title: str, rows: list[tuple[str, str]]) -> None:
    width = max(len(r[0]) for r in rows)
    print(f"\n{title}\n" + "-" * (width + 30))
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


def main() -> None:
    cases = load(corpus_files())
    print(f"corpus: {len(cases)} messages from {', '.join(f.name for f in corpus_files())}")
    table("Parse speed", latency(cases))
    table("Fully correct messages by intent", score_by_intent(cases))
    table("Intent: rules vs learned classifier", rules_vs_learned(cases))
    table(f"Parse time vs length (CPU, median of 7; over {MAX_MESSAGE_CHARS:,} is not read)", time_vs_length(cases))


if __name__ == "__main__":
    main()
