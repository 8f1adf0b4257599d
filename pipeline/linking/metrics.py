"""Clustering scores for linking: B-cubed and pairwise, over matched mentions.

Each mention has a gold cluster and a predicted one. B-cubed precision is
the mean, over mentions, of the share of its predicted cluster that shares
its gold cluster; recall the other way round. Pairwise precision is the
share of the pairs put together that gold puts together; recall the other
way round. Both are computed from the counts of (gold, predicted) cluster
pairs, in time linear in the mentions.
"""

from collections import Counter


def _f1(precision, recall):
    if precision is None or recall is None or precision + recall == 0:
        return None if precision is None or recall is None else 0.0
    return 2 * precision * recall / (precision + recall)


def clustering_scores(gold, predicted):
    """B-cubed and pairwise precision, recall and F1 for two equal-length
    sequences of cluster keys; None where there is nothing to score."""
    gold, predicted = list(gold), list(predicted)
    count = len(gold)
    both = Counter(zip(gold, predicted))
    gold_sizes, predicted_sizes = Counter(gold), Counter(predicted)
    if not count:
        empty = {"precision": None, "recall": None, "f1": None}
        return {"mentions": 0, "bcubed": dict(empty), "pairwise": dict(empty)}
    precision = sum(n * n / predicted_sizes[p] for (_, p), n in both.items()) / count
    recall = sum(n * n / gold_sizes[g] for (g, _), n in both.items()) / count
    pairs = sum(n * (n - 1) // 2 for n in both.values())
    predicted_pairs = sum(n * (n - 1) // 2 for n in predicted_sizes.values())
    gold_pairs = sum(n * (n - 1) // 2 for n in gold_sizes.values())
    pair_precision = pairs / predicted_pairs if predicted_pairs else None
    pair_recall = pairs / gold_pairs if gold_pairs else None
    return {
        "mentions": count,
        "bcubed": {"precision": precision, "recall": recall, "f1": _f1(precision, recall)},
        "pairwise": {"precision": pair_precision, "recall": pair_recall,
                     "f1": _f1(pair_precision, pair_recall)},
    }
