"""Sound statistical checks for drawn weights (initialisation).

A correct initialisation is random, so a check on it can fail by bad luck. Each test here
turns a statistic into a z-score and fails beyond Z = 6. With the normal tail that is a
false-failure probability of ALPHA = P(|N(0, 1)| > 6) = 1.97e-9 per test, and a grading run
makes at most MAX_TESTS_PER_RUN tests, so a correct submission fails a run in student mode
with probability below ALPHA * MAX_TESTS_PER_RUN < 1e-6 (tests/test_stats.py checks both the
arithmetic and the calibration). In grading mode the examples and torch's seed are fixed, so a
correct submission gets the same verdict every time; the kit's tests show it passes.

The statistics, for n weights w with law mean 0 and variance s2:
- normal law: sum(w^2) / s2 is chi-square with n degrees of freedom; the Wilson-Hilferty cube
  root makes it normal to high accuracy (n >= 100 here).
- uniform law on [-a, a] (s2 = a^2 / 3): mean(w^2) has mean s2 and variance 4 s2^2 / (5 n)
  (the fourth moment is 9 s2^2 / 5); by the central limit theorem it is normal. Its tails are
  lighter than normal (bounded summands, Hoeffding), so Z = 6 is conservative.
- support: a uniform law never leaves [-a, a]; a normal law leaves [-sqrt(3) s, sqrt(3) s]
  with probability 0.083 per weight, so n >= 288 normal weights all inside happens with
  probability below 0.917^288 = 1.6e-11. That is what tells xavier_normal_ from
  xavier_uniform_ (same variance) and kaiming_uniform_ from kaiming_normal_.
"""

from __future__ import annotations

import math

import torch

Z = 6.0
ALPHA = math.erfc(Z / math.sqrt(2))  # two-sided normal tail beyond Z
MAX_TESTS_PER_RUN = 400  # the init grader makes 20 per example (3 checks), 20 examples: 400
INSIDE_NORMAL = math.erf(math.sqrt(3) / math.sqrt(2))  # P(|N(0, 1)| <= sqrt(3))


def variance_z(w: torch.Tensor, variance: float, law: str) -> float:
    """How many standard errors mean(w^2) is from `variance`, under the given law."""
    w = w.detach().double().flatten()
    n = w.numel()
    if law == "normal":
        k = n
        ratio = (w.pow(2).sum().item() / variance) / k
        return (ratio ** (1 / 3) - (1 - 2 / (9 * k))) / math.sqrt(2 / (9 * k))
    return (w.pow(2).mean().item() - variance) / math.sqrt(4 * variance**2 / (5 * n))


def mean_z(w: torch.Tensor, variance: float) -> float:
    w = w.detach().double().flatten()
    return w.mean().item() / math.sqrt(variance / w.numel())
