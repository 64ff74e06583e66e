"""The widget-free half of every panel: named inputs in, one result out.

A panel model holds what a learner typed (``inputs``, by name, as text or a choice) and the
last good ``result`` the core computed from it. It never refers to a widget, a figure or a
notebook, so a test, a script or another interface drives it directly::

    m = PumpModel()
    m.set(bolus="1 mg")            # True: recomputed
    m.result.readout               # named fields, not positions
    m.set(bolus="abc")             # False: m.error says why; m.result is the last good one
    m.lines()                      # what the panel shows, as plain text
    m.reset()                      # the inputs it started with, recomputed once

Why plain Python and not ``traitlets.HasTraits`` as in the jupyter-widgets tutorial: inputs
flow one way (control -> model), and the one way back (reset) is done by the GUI base, which
knows both sides. A dict of named inputs keeps the model free of the Jupyter stack (usable from
the static site, a script, a test), gives every model the same ``set``/``reset`` without one
trait declaration per input, and recomputes exactly once per change: two linked traits would
recompute on each side of a link, and once per trait on reset.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Generic, TypeVar

from ..units import InputError

R = TypeVar("R")


class PanelModel(Generic[R]):
    """Base for panel models: subclasses give :meth:`defaults` and :meth:`compute`.

    - ``inputs``: the current inputs by name (the values a GUI's controls hold);
    - ``result``: the last good result (``None`` before any);
    - ``error``: the core's message for the last input, ``""`` when it was good;
    - :meth:`lines`: what the panel shows, as plain text (override :meth:`result_lines`).

    ``compute`` parses ``self.inputs`` and calls the core; it raises ``ValueError``
    (:class:`analgesia.units.InputError`) on bad input, and then nothing but ``error``
    changes. Keyword arguments to the constructor override :meth:`defaults`; an unknown name
    is a programming error (``TypeError``).
    """

    def __init__(self, **inputs: Any) -> None:
        base = dict(self.defaults())
        unknown = sorted(set(inputs) - set(base))
        if unknown:
            raise TypeError(f"{type(self).__name__}: no input named {', '.join(unknown)}; "
                            f"inputs are {', '.join(base)}")
        self.initial: dict[str, Any] = {**base, **inputs}
        self.inputs: dict[str, Any] = dict(self.initial)
        self.result: R | None = None
        self.error: str = ""
        self.update()

    # --- what a subclass writes ---------------------------------------------------------------
    def defaults(self) -> Mapping[str, Any]:
        """Every input by name with its starting value (from data/ or the case)."""
        return {}

    def compute(self) -> R:  # pragma: no cover - abstract
        """Parse ``self.inputs``, call the core, return the result (raise ValueError)."""
        raise NotImplementedError

    def result_lines(self, result: R) -> tuple[str, ...]:
        """``result`` as the plain lines a panel shows (default: ``result.lines()``)."""
        return tuple(result.lines())  # type: ignore[attr-defined]

    # --- the contract -------------------------------------------------------------------------
    def update(self) -> bool:
        """Recompute from ``inputs``: True and a new ``result``, or False and ``error``."""
        try:
            result = self.compute()
        except ValueError as exc:
            self.error = str(exc)
            return False
        self.error = ""
        self.result = result
        return True

    def set(self, **changes: Any) -> bool:
        """Change some inputs by name and recompute once."""
        unknown = sorted(set(changes) - set(self.inputs))
        if unknown:
            raise TypeError(f"{type(self).__name__}: no input named {', '.join(unknown)}")
        self.inputs.update(changes)
        return self.update()

    def reset(self) -> bool:
        """Back to the inputs the model started with, recomputed once."""
        self.inputs = dict(self.initial)
        return self.update()

    def lines(self) -> tuple[str, ...]:
        """The last good result as plain text (empty before any)."""
        return () if self.result is None else self.result_lines(self.result)


class CallbackModel(PanelModel[Any]):
    """A model around a panel's own ``compute`` (for panels not yet split): same contract."""

    def __init__(self, compute, lines=None) -> None:
        # no first compute here: the panel's controls do not exist yet; the panel updates
        self._compute, self._lines = compute, lines
        self.initial, self.inputs = {}, {}
        self.result, self.error = None, ""

    def compute(self) -> Any:
        return self._compute()

    def result_lines(self, result: Any) -> tuple[str, ...]:
        if self._lines is not None:
            return tuple(self._lines(result))
        return tuple(result.lines()) if hasattr(result, "lines") else ()


class LineSequence:
    """A result that reads as its own lines too (``result[0]``, ``len(result)``, ``" ".join(
    result)``), for panels whose result was a tuple of lines before it had named fields."""

    def lines(self) -> tuple[str, ...]:  # pragma: no cover - each result writes it
        raise NotImplementedError

    def __getitem__(self, index):
        return self.lines()[index]

    def __len__(self) -> int:
        return len(self.lines())

    def __iter__(self):
        return iter(self.lines())


def worded_error(field: str, value: Any, allowed: str, message: str) -> InputError:
    """An :class:`InputError` (field, value, allowed range for code) that reads as
    ``message``: for a panel whose learners have read that wording before."""
    error = InputError(field, value, allowed)
    error.args = (message,)
    return error


def blank(value: Any) -> bool:
    """An empty text box ("" or spaces): the input was left out."""
    return not str(value).strip()


__all__ = ["CallbackModel", "LineSequence", "PanelModel", "blank", "worded_error"]
