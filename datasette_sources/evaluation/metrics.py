"""Precision, recall and F1 by hand (no scikit-learn)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Binary:
    """Counts of a binary classifier against gold, with the usual scores."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, gold: bool, predicted: bool) -> None:
        if gold and predicted:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif gold:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def n(self) -> int:
        return self.tp + self.fp + self.fn + self.tn

    @staticmethod
    def _f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    def scores(self) -> dict[str, float]:
        """Precision, recall and F1 of each class, macro-F1 and accuracy.

        >>> b = Binary(tp=2, fp=1, fn=1, tn=4)
        >>> round(b.scores()["macro_f1"], 3)
        0.733
        """
        div = lambda a, b: a / b if b else 0.0  # noqa: E731
        p1, r1 = div(self.tp, self.tp + self.fp), div(self.tp, self.tp + self.fn)
        p0, r0 = div(self.tn, self.tn + self.fn), div(self.tn, self.tn + self.fp)
        f1, f0 = self._f1(p1, r1), self._f1(p0, r0)
        return {
            "pos_p": p1,
            "pos_r": r1,
            "pos_f1": f1,
            "pos_n": self.tp + self.fn,
            "neg_p": p0,
            "neg_r": r0,
            "neg_f1": f0,
            "neg_n": self.tn + self.fp,
            "macro_f1": (f1 + f0) / 2,
            "accuracy": div(self.tp + self.tn, self.n),
        }
