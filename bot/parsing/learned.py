"""What a message wants (its intent), learned from the labelled corpus, beside the rules of `intent`.

Why a learned reader: the rules were written message by message for the corpus, and on it they are
right 99.9% of the time; on 150 held-out messages by writers they never saw (second-language English,
trades typing on a phone, names that are words; `../heldout/round1`, scored once before this was
built) they got 127 intents right. A linear SVM over character (2-5) and word (1-2) n-grams of the
normalized text, trained on the same corpus, got 147 of those 150 right, and 98.9% of the corpus in
5-fold cross-validation. Character n-grams are what carry "bght", "f/us", "remember me to call".

It is trained when first needed, in about a second, from the corpus shipped in `bot/parsing/en/corpus`
(so no generated model file is kept, and the model and its data cannot drift apart). How its answer
and the rules' are combined is `read_intent`'s job.
"""
from __future__ import annotations

import json
import threading
from functools import cache
from typing import Any

from bot.parsing.languages import language

_LOCK = threading.Lock()  # the dialogue runs turns in threads; the first ones must not all train


def examples(code: str = "en") -> tuple[list[str], list[str]]:
    """(normalized texts, intents) of the labelled one-fact messages of a language; a case that accepts
    several intents teaches the first."""
    texts, intents = [], []
    lang = language(code)
    for path in sorted(lang.corpus.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            case = json.loads(line)
            want = case.get("expect", {}).get("intent")
            if want:
                texts.append(lang.normalize(case["text"]))
                intents.append(want[0] if isinstance(want, list) else want)
    return texts, intents


def train(texts: list[str], intents: list[str]) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline, make_union
    from sklearn.svm import LinearSVC

    features = make_union(TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
                          TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True))
    return make_pipeline(features, LinearSVC(C=1.0)).fit(texts, intents)


@cache
def _model(code: str) -> Any:
    return train(*examples(code))


def model(code: str = "en") -> Any:
    with _LOCK:
        return _model(code)


def known_intents(code: str = "en") -> frozenset[str]:
    """The intents the corpus has examples of, so the classifier can say them."""
    return frozenset(model(code).classes_)


def learned_intent(text: str, code: str = "en") -> tuple[str, float]:
    """The intent the classifier reads in a normalized message, and its one-against-the-rest margin: below 0 the
    message is on no intent's side ("jaysus this lad wont stop pulling" was nearest to an order, at -0.43)."""
    scores = model(code).decision_function([text])[0]
    best = int(scores.argmax())
    return str(model(code).classes_[best]), float(scores[best])
