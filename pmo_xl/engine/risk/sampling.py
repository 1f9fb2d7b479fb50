"""Random durations: triangular and PERT quantiles, and rank correlation within groups of tasks.

Every duration is drawn by its inverse distribution function from a uniform
number, so a zero-width estimate (optimistic = most likely = pessimistic)
gives exactly its most likely value, and correlation is introduced on the
uniforms (a Gaussian copula) without changing any task's distribution.

* Triangular: the closed-form inverse.
* PERT: a Beta(1 + 4c, 1 + 4(1 − c)) on [optimistic, pessimistic], c being
  where the most likely value sits (0–1).  Its inverse is read from a table
  computed once by integrating the density on a fine grid
  (:data:`PERT_GRID_POINTS` quantiles for each of :data:`PERT_MODE_STEPS` + 1
  positions of the mode), linearly interpolated in both; the error is below
  1e-4 of the estimate's width.
* Correlation: the tasks of a group share a common normal factor; with rank
  correlation ``r`` between any two of them, the normals are correlated by
  ``ρ = 2 sin(π r / 6)`` (the Spearman–Pearson relation of the normal
  copula).  The normal distribution function is Abramowitz & Stegun's
  7.1.26 (error below 1.5e-7).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

TRIANGULAR = "triangular"
PERT = "pert"
DISTRIBUTIONS = (TRIANGULAR, PERT)

PERT_GRID_POINTS = 4096
PERT_MODE_STEPS = 200


def triangular_quantile(u: np.ndarray, low: np.ndarray, mode: np.ndarray, high: np.ndarray) -> np.ndarray:
    """The triangular distribution's quantiles at ``u`` (rows: tasks, columns: iterations)."""
    width = high - low
    safe = np.where(width > 0, width, 1.0)
    split = (mode - low) / safe
    rising = u < split
    # one square root for both sides: √(u·w·(m − a)) below the mode, √((1 − u)·w·(b − m)) above
    root = np.sqrt(np.where(rising, u * (safe * (mode - low)), (1.0 - u) * (safe * (high - mode))))
    values = np.where(rising, low + root, high - root)
    return np.where(width > 0, values, mode)


@lru_cache(maxsize=1)
def _pert_table() -> np.ndarray:
    """Quantiles of the standard PERT Beta on [0, 1], one row per mode position 0, 1/200, … 1."""
    x = np.linspace(0.0, 1.0, 20001)
    u = np.linspace(0.0, 1.0, PERT_GRID_POINTS + 1)
    table = np.empty((PERT_MODE_STEPS + 1, u.size))
    for row, c in enumerate(np.linspace(0.0, 1.0, PERT_MODE_STEPS + 1)):
        alpha, beta = 1 + 4 * c, 1 + 4 * (1 - c)
        with np.errstate(divide="ignore", invalid="ignore"):
            density = np.exp((alpha - 1) * np.log(x) + (beta - 1) * np.log1p(-x))
        density = np.nan_to_num(density, nan=0.0, posinf=0.0)
        cumulative = np.concatenate(([0.0], np.cumsum((density[1:] + density[:-1]) / 2)))
        cumulative /= cumulative[-1]
        table[row] = np.interp(u, cumulative, x)
    return table


def pert_quantile(u: np.ndarray, low: np.ndarray, mode: np.ndarray, high: np.ndarray) -> np.ndarray:
    """The PERT distribution's quantiles at ``u`` (rows: tasks, columns: iterations).

    Interpolated linearly in ``u`` and in the mode's position between the table's rows.
    """
    width = high - low
    safe = np.where(width > 0, width, 1.0)
    position = np.clip((mode - low) / safe, 0.0, 1.0) * PERT_MODE_STEPS
    below = np.minimum(np.floor(position).astype(np.intp), PERT_MODE_STEPS - 1)
    row_weight = position - below
    table = _pert_table()
    scaled = u * PERT_GRID_POINTS
    column = np.minimum(scaled.astype(np.intp), PERT_GRID_POINTS - 1)
    fraction = scaled - column

    def along_u(rows):
        return table[rows, column] * (1.0 - fraction) + table[rows, column + 1] * fraction

    standard = along_u(below) * (1.0 - row_weight) + along_u(below + 1) * row_weight
    return np.where(width > 0, low + safe * standard, mode)


def quantile(distribution: str, u, low, mode, high) -> np.ndarray:
    """The quantiles of ``distribution`` (:data:`TRIANGULAR` or :data:`PERT`)."""
    if distribution == TRIANGULAR:
        return triangular_quantile(u, low, mode, high)
    if distribution == PERT:
        return pert_quantile(u, low, mode, high)
    raise ValueError(f"unknown distribution {distribution!r}; expected one of {', '.join(DISTRIBUTIONS)}")


def normal_cdf(z: np.ndarray) -> np.ndarray:
    """The standard normal distribution function (Abramowitz & Stegun 7.1.26, error < 1.5e-7)."""
    x = np.abs(z) / np.sqrt(2.0)
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    erf = 1.0 - poly * np.exp(-x * x)
    return 0.5 * (1.0 + np.where(z >= 0, erf, -erf))


def normal_correlation(rank_correlation: float) -> float:
    """The correlation of the copula's normals that gives ``rank_correlation`` (Spearman) between uniforms."""
    return float(2.0 * np.sin(np.pi * rank_correlation / 6.0))


def uniforms(rng: np.random.Generator, n_tasks: int, n_iterations: int, group: np.ndarray | None = None,
             rank_correlation: float = 0.0) -> np.ndarray:
    """Uniform numbers (tasks × iterations), rank-correlated by ``rank_correlation`` within each ``group``.

    ``group`` gives each task's group number (-1: a task on its own).
    """
    if group is None or rank_correlation <= 0:
        return rng.random((n_tasks, n_iterations), dtype=np.float32)
    rho = min(max(normal_correlation(rank_correlation), 0.0), 1.0)
    own = rng.standard_normal((n_tasks, n_iterations))
    groups = int(group.max()) + 1 if group.size else 0
    shared = rng.standard_normal((max(groups, 1), n_iterations))
    in_group = group >= 0
    z = own
    z[in_group] = np.sqrt(rho) * shared[group[in_group]] + np.sqrt(1.0 - rho) * own[in_group]
    u = normal_cdf(z).astype(np.float32)
    return np.clip(u, 0.0, np.nextafter(np.float32(1.0), np.float32(0.0)))
