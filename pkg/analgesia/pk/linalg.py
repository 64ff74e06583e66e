"""The two numerical tools the models need, in plain numpy: the matrix exponential and a
bracketed root.

:func:`expm` is the scaling-and-squaring method with the degree-13 Padé approximant of
Higham (2005): for ``A`` with 1-norm at most theta_13, ``exp(A) ~ (V - U)^-1 (V + U)`` with
``U`` and ``V`` the odd and even parts of the Padé numerator; a larger ``A`` is scaled by
``2^-s`` first and the result squared ``s`` times. Higham NJ. The scaling and squaring method
for the matrix exponential revisited. SIAM J Matrix Anal Appl 2005;26:1179-1193
(https://doi.org/10.1137/04061101X). It is the method behind ``scipy.linalg.expm``; on the
models' matrices the two agree to about 1e-15 relative (tests/test_pk_engine.py).

:func:`find_root` is Brent's method (Brent RP. Algorithms for minimization without
derivatives, 1973, ch. 4): bisection safeguarded inverse quadratic interpolation, as
``scipy.optimize.brentq``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

PADE_DEGREE = 13
# Higham 2005, Table 2.3: the largest 1-norm for which the degree-13 approximant is accurate
# to double precision.
PADE_THETA = 5.371920351148152
ROOT_ITERATIONS = 200  # Brent converges in far fewer; a cap against a function that misbehaves


def _pade_coefficients(m: int) -> tuple[float, ...]:
    """b_j = (2m - j)! m! / ((2m)! j! (m - j)!), j = 0..m, scaled so b_m = 1 (Higham 2005)."""
    f = math.factorial
    raw = [f(2 * m - j) * f(m) / (f(2 * m) * f(j) * f(m - j)) for j in range(m + 1)]
    return tuple(b / raw[-1] for b in raw)


_B = _pade_coefficients(PADE_DEGREE)


def _squarings(a: np.ndarray) -> np.ndarray:
    """How many times each matrix of the stack must be halved to reach the Padé bound."""
    norm = np.abs(a).sum(axis=-2).max(axis=-1)  # 1-norm: largest column sum
    with np.errstate(divide="ignore"):
        s = np.ceil(np.log2(norm / PADE_THETA))
    return np.where(norm > PADE_THETA, s, 0).astype(int)


def expm(a: np.ndarray) -> np.ndarray:
    """exp(A) for a square matrix or a stack of them (``(..., n, n)``), in float64."""
    a = np.asarray(a, dtype=float)
    if a.ndim < 2 or a.shape[-1] != a.shape[-2]:
        raise ValueError(f"expm needs square matrices, got shape {a.shape}")
    s = _squarings(a)
    a = a / np.exp2(s)[..., None, None]
    b = _B
    eye = np.broadcast_to(np.eye(a.shape[-1]), a.shape)
    a2 = a @ a
    a4 = a2 @ a2
    a6 = a4 @ a2
    u = a @ (a6 @ (b[13] * a6 + b[11] * a4 + b[9] * a2)
             + b[7] * a6 + b[5] * a4 + b[3] * a2 + b[1] * eye)
    v = (a6 @ (b[12] * a6 + b[10] * a4 + b[8] * a2)
         + b[6] * a6 + b[4] * a4 + b[2] * a2 + b[0] * eye)
    r = np.linalg.solve(v - u, v + u)
    if r.ndim == 2:
        for _ in range(int(s)):
            r = r @ r
        return r
    flat, times = r.reshape(-1, *r.shape[-2:]), s.reshape(-1)
    for k in range(int(times.max(initial=0))):
        more = times > k
        flat[more] = flat[more] @ flat[more]
    return flat.reshape(r.shape)


def find_root(
    f: Callable[[float], float], low: float, high: float, xtol: float, rtol: float
) -> float:
    """A root of ``f`` in [low, high], where f(low) and f(high) differ in sign (Brent)."""
    a, b, fa, fb = low, high, f(low), f(high)
    if fa * fb > 0:
        raise ValueError(f"f({low}) and f({high}) have the same sign: no bracketed root")
    c, fc, d = a, fa, b - a
    e = d
    for _ in range(ROOT_ITERATIONS):
        if fb == 0:
            return b
        if fb * fc > 0:  # keep the root between b and c
            c, fc, d = a, fa, b - a
            e = d
        if abs(fc) < abs(fb):
            a, b, c, fa, fb, fc = b, c, b, fb, fc, fb
        tol = 2 * rtol * abs(b) + xtol / 2
        half = (c - b) / 2
        if abs(half) <= tol:
            return b
        d, e = _brent_step(a, b, c, fa, fb, fc, d, e, half, tol)
        a, fa = b, fb
        b += d if abs(d) > tol else math.copysign(tol, half)
        fb = f(b)
    return b


def _brent_step(a, b, c, fa, fb, fc, d, e, half, tol) -> tuple[float, float]:
    """The next step (d) and the one before (e): interpolation when it is safe, else bisection."""
    if abs(e) < tol or abs(fa) <= abs(fb):
        return half, half
    s = fb / fa
    if a == c:  # secant
        p, q = 2 * half * s, 1 - s
    else:  # inverse quadratic
        q, r = fa / fc, fb / fc
        p = s * (2 * half * q * (q - r) - (b - a) * (r - 1))
        q = (q - 1) * (r - 1) * (s - 1)
    if p > 0:
        q = -q
    p = abs(p)
    if 2 * p < min(3 * half * q - abs(tol * q), abs(e * q)):
        return p / q, d
    return half, half
