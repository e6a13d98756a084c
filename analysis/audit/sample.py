"""The audit sample: a stratified random draw of units, the same for the same seed.

Allocation (:func:`allocate_kinds`): the ``n`` rows are shared equally between the eight
measures (a quote unit carries four measures, so it costs four rows), capped by what the corpus
has, leftovers going to the measures that still have units. Within a kind, units are shared
equally between outlets (so every outlet's accuracy is measured), and for ``frame`` and ``pair``
equally between the predicted classes yes / no (the stratum weights ``stratum_size /
stratum_sampled`` undo the over-sampling in every estimate). Each (kind, outlet, stratum) cell
is drawn without replacement by its own generator seeded from ``seed`` and the cell's name, so
the draw does not depend on the order of anything else.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from analysis.audit.items import KINDS, MEASURES, STRATIFIED


def allocate(total: int, capacities: list[int]) -> list[int]:
    """``total`` shared as equally as possible between slots with the given capacities
    (water filling; the remainder goes to the first open slots)."""
    alloc = [0] * len(capacities)
    remaining = int(total)
    while remaining > 0:
        open_slots = [i for i, c in enumerate(capacities) if alloc[i] < c]
        if not open_slots:
            break
        each = max(remaining // len(open_slots), 1)
        for i in open_slots:
            give = min(each, capacities[i] - alloc[i], remaining)
            alloc[i] += give
            remaining -= give
            if remaining == 0:
                break
    return alloc


def allocate_kinds(n_rows: int, available: dict[str, int]) -> dict[str, int]:
    """Units to draw per kind so that each measure gets about the same number of rows."""
    cost = {k: len(MEASURES[k]) for k in KINDS}
    per_measure = 0
    while any(per_measure < available.get(k, 0) for k in KINDS):
        if sum(cost[k] * min(per_measure + 1, available.get(k, 0)) for k in KINDS) > n_rows:
            break
        per_measure += 1
    units = {k: min(per_measure, available.get(k, 0)) for k in KINDS}
    left = n_rows - sum(cost[k] * units[k] for k in KINDS)
    for k in sorted(KINDS, key=lambda k: -cost[k]):
        while left >= cost[k] and units[k] < available.get(k, 0):
            units[k] += 1
            left -= cost[k]
    return units


def _cell_rng(seed: int, *names: str) -> np.random.Generator:
    key = "\x1f".join([str(seed), *names]).encode("utf-8")
    return np.random.default_rng(int.from_bytes(hashlib.sha256(key).digest()[:8], "little"))


def draw_units(units: pd.DataFrame, kind: str, n_units: int, *, seed: int) -> pd.DataFrame:
    """``n_units`` units of one kind: equal per outlet, within outlet equal per stratum (for
    stratified kinds); adds ``stratum_size`` and ``stratum_sampled`` (per outlet and stratum)."""
    if n_units <= 0 or units.empty:
        return units.iloc[:0].assign(stratum_size=pd.Series(dtype=int), stratum_sampled=pd.Series(dtype=int))
    outlets = sorted(units["outlet"].astype(str).unique())
    groups = {o: g for o, g in units.groupby(units["outlet"].astype(str), sort=True)}
    per_outlet = allocate(n_units, [len(groups[o]) for o in outlets])
    picked = []
    for outlet, n_outlet in zip(outlets, per_outlet, strict=True):
        g = groups[outlet]
        strata = sorted(g["stratum"].unique()) if kind in STRATIFIED else ["all"]
        cells = {s: g[g["stratum"] == s] if kind in STRATIFIED else g for s in strata}
        for stratum, n_cell in zip(strata, allocate(n_outlet, [len(cells[s]) for s in strata]), strict=True):
            cell = cells[stratum]
            if n_cell == 0:
                continue
            idx = _cell_rng(seed, kind, outlet, stratum).choice(len(cell), size=n_cell, replace=False)
            picked.append(cell.iloc[np.sort(idx)].assign(stratum_size=len(cell), stratum_sampled=n_cell))
    return pd.concat(picked, ignore_index=True)


def _order(sample: pd.DataFrame, kind: str, seed: int) -> pd.DataFrame:
    """A random order (seeded); frame units of one article stay together (one read per article)."""
    key = _cell_rng(seed, kind, "order").permutation(len(sample))
    sample = sample.assign(_key=key)
    if kind == "frame":
        first = sample.groupby("article_id")["_key"].transform("min")
        sample = sample.assign(_group=first).sort_values(["_group", "_key"], kind="stable")
    else:
        sample = sample.sort_values("_key", kind="stable")
    return sample.drop(columns=[c for c in ("_key", "_group") if c in sample.columns]).reset_index(drop=True)


def draw_sample(units: dict[str, pd.DataFrame], *, n: int = 200, seed: int = 0) -> pd.DataFrame:
    """The sampled units of every kind, in sheet order (kinds in :data:`KINDS` order, seeded
    random order within a kind), with a ``kind`` column."""
    counts = allocate_kinds(n, {k: len(units[k]) for k in KINDS})
    parts = []
    for kind in KINDS:
        drawn = draw_units(units[kind], kind, counts[kind], seed=seed)
        if len(drawn):
            parts.append(_order(drawn, kind, seed).assign(kind=kind))
    if not parts:
        return pd.DataFrame(columns=["kind", "unit_id"])
    return pd.concat(parts, ignore_index=True)
