"""The exact linear engine: pure numpy, no units, time in minutes, amounts in mg.

Every model is linear, x' = M x, with the infusion (or patch release) rate carried as a
constant state (augmented system) and three counting states: eliminated, not absorbed,
given. A :class:`Layout` names every state's position, so a model writes its matrix as
flows between named compartments (:meth:`System.flow`), never as bare indices.

Between events, x(t + tau) = expm(M tau) x(t) exactly. On a uniform grid of step h the powers
expm(M h)^k are computed once (by doubling, and cached per matrix), so a stretch without
events is one batched matrix product; an event between grid points is reached and left with
exact partial steps (one batched :func:`~analgesia.pk.linalg.expm` for all of them).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from enum import IntEnum
from typing import NamedTuple

import numpy as np

from .linalg import expm

EPS = 1e-9  # relative: two times closer than this (in grid steps) are one time
_POWER_CACHE_SIZE = 8  # grids kept: a panel switches among a few models and steps
# Round-off leaves specks such as -1e-20 mg where a state has decayed to nothing: values above
# -this x the largest state are set to 0 (a larger negative value is left for tests to catch).
_SPECK = 1e-12


class Kind(IntEnum):
    """What an event does to the state."""

    RATE = 0  # set the rate state to ``value`` (mg/min)
    BOLUS = 1  # add ``value`` (mg) x the system's bolus vector


class Event(NamedTuple):
    """One change at ``time`` (min from the start)."""

    time: float
    kind: Kind
    value: float


@dataclass(frozen=True)
class Layout:
    """The states of an augmented system, by name: the drug compartments (in order), then
    eliminated, not absorbed, given and the input rate."""

    compartments: tuple[str, ...]
    central: str  # concentration = amount here / volume
    entry: str  # where boluses and the infusion go in

    def index(self, compartment: str) -> int:
        return self.compartments.index(compartment)

    @property
    def eliminated(self) -> int:
        return len(self.compartments)

    @property
    def not_absorbed(self) -> int:
        return self.eliminated + 1

    @property
    def given(self) -> int:
        return self.not_absorbed + 1

    @property
    def rate(self) -> int:
        return self.given + 1

    @property
    def size(self) -> int:
        return self.rate + 1


@dataclass(frozen=True, eq=False)
class System:
    """x' = M x on the states of ``layout`` (1/min); a bolus adds its dose x ``bolus``.

    A model fills the matrix once, right after :meth:`empty`, with :meth:`flow` and
    :meth:`split_input`; after that it is only read (the grid cache is keyed on its bytes).
    """

    layout: Layout
    matrix: np.ndarray
    bolus: np.ndarray

    @classmethod
    def empty(cls, layout: Layout, boluses: bool) -> System:
        """No flows yet; the rate state feeds ``entry`` and is counted as given. With
        ``boluses`` a dose goes into ``entry`` and is counted as given too."""
        m = np.zeros((layout.size, layout.size))
        entry = layout.index(layout.entry)
        m[entry, layout.rate] = 1.0
        m[layout.given, layout.rate] = 1.0
        b = np.zeros(layout.size)
        if boluses:
            b[entry] = 1.0
            b[layout.given] = 1.0
        return cls(layout, m, b)

    def flow(self, source: str | int, target: str | int, k: float) -> None:
        """First-order transfer ``source`` -> ``target`` with rate constant k (1/min); a
        target may be a counting state (``layout.eliminated``, ``layout.not_absorbed``)."""
        i = self.layout.index(source) if isinstance(source, str) else source
        j = self.layout.index(target) if isinstance(target, str) else target
        self.matrix[i, i] -= k
        self.matrix[j, i] += k

    def split_input(self, fraction: float) -> None:
        """Only ``fraction`` of the rate input reaches ``entry``; the rest is not absorbed."""
        entry = self.layout.index(self.layout.entry)
        self.matrix[entry, self.layout.rate] = fraction
        self.matrix[self.layout.not_absorbed, self.layout.rate] = 1.0 - fraction

    def evolve(self, state: np.ndarray, minutes: float) -> np.ndarray:
        """The state ``minutes`` later, with no event in between: expm(M t) x."""
        return expm(self.matrix * minutes) @ state

    def start(self, rate: float = 0.0) -> np.ndarray:
        """Everything empty, the input running at ``rate`` (mg/min)."""
        y = np.zeros(self.layout.size)
        y[self.layout.rate] = rate
        return y


@functools.lru_cache(maxsize=_POWER_CACHE_SIZE)
def _powers_cached(key: bytes, n: int, h: float, steps: int) -> np.ndarray:
    # Keyed on the matrix itself (its bytes): a new parameter or data file gives a new key, so
    # a stale grid can never be served; references.reload() need not clear it.
    m = np.frombuffer(key, dtype=float).reshape(n, n)
    powers = np.empty((steps + 1, n, n))
    powers[0] = np.eye(n)
    if steps:
        powers[1] = expm(m * h)
    filled = 1
    while filled < steps:  # doubling: P[filled + j] = P[j] @ P[filled]
        count = min(filled, steps - filled)
        np.matmul(
            powers[1 : 1 + count], powers[filled], out=powers[filled + 1 : filled + 1 + count]
        )
        filled += count
    powers.setflags(write=False)
    return powers


def powers(m: np.ndarray, h: float, steps: int) -> np.ndarray:
    """expm(M h)^k for k = 0..steps, cached per (M, h, steps)."""
    m = np.ascontiguousarray(m, dtype=float)
    return _powers_cached(m.tobytes(), m.shape[0], float(h), int(steps))


def clear_cache() -> None:
    """Forget the cached grid powers (a benchmark measuring a first call)."""
    _powers_cached.cache_clear()


class _Plan(NamedTuple):
    """Where each event falls: its grid interval, its offset in it, and the partial steps."""

    grid_index: list[int]
    offsets: list[float]
    taus: list[float]


def _plan(events: list[Event], steps: int, h: float) -> _Plan:
    """Group events by grid interval [t_k, t_k+1) and list the partial steps they need: from
    the grid point to the first event, between events, and from the last to the next point."""
    grid_index, offsets = [], []
    for event in events:
        k = min(int(math.floor(event.time / h + EPS)), steps)
        grid_index.append(k)
        offset = event.time - k * h
        offsets.append(max(offset, 0.0) if offset > EPS * h else 0.0)
    taus: list[float] = []
    i = 0
    while i < len(events):
        k, prev = grid_index[i], 0.0
        while i < len(events) and grid_index[i] == k:
            taus.append(offsets[i] - prev)
            prev = offsets[i]
            i += 1
        if k < steps:
            taus.append(h - prev)
    return _Plan(grid_index, offsets, taus)


def _step_matrices(m: np.ndarray, taus: list[float], h: float, one_step: np.ndarray) -> list:
    """expm(M tau) for each partial step (None: no time passes), one batched expm."""
    needed = sorted({t for t in taus if t > EPS * h and abs(t - h) > EPS * h})
    partial = {}
    if needed:
        mats = expm(m[None, :, :] * np.array(needed)[:, None, None])
        partial = dict(zip(needed, mats, strict=True))
    out = []
    for tau in taus:
        if tau <= EPS * h:
            out.append(None)
        elif abs(tau - h) <= EPS * h:
            out.append(one_step)
        else:
            out.append(partial[tau])
    return out


def _apply(system: System, y: np.ndarray, event: Event) -> np.ndarray:
    if event.kind == Kind.RATE:
        y = y.copy()
        y[system.layout.rate] = event.value
        return y
    return y + event.value * system.bolus


def march(system: System, events: list[Event], steps: int, h: float) -> np.ndarray:
    """Exact states on the grid k h (k = 0..steps), events sorted by time, from empty.

    Values on the grid are right-continuous (a bolus at a grid time shows at that time).
    """
    n = system.layout.size
    grid = powers(system.matrix, h, steps)
    plan = _plan(events, steps, h)
    mats = iter(_step_matrices(system.matrix, plan.taus, h, grid[1]))
    out = np.empty((steps + 1, n))
    y, current, i = np.zeros(n), 0, 0
    while i < len(events):
        k = plan.grid_index[i]
        np.matmul(grid[: k - current + 1], y, out=out[current : k + 1])
        y = out[k].copy()
        while i < len(events) and plan.grid_index[i] == k:
            mat = next(mats)
            y = _apply(system, y if mat is None else mat @ y, events[i])
            if plan.offsets[i] == 0.0:
                out[k] = y
            i += 1
        if k < steps:
            mat = next(mats)
            y = y if mat is None else mat @ y
        current = k + 1
    if current <= steps:
        np.matmul(grid[: steps - current + 1], y, out=out[current:])
    tol = _SPECK * float(np.max(np.abs(out))) if out.size else 0.0
    out[(out < 0) & (out >= -tol)] = 0.0
    return out


__all__ = ["Event", "Kind", "Layout", "System", "clear_cache", "march", "powers"]
