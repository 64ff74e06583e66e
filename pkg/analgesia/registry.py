"""The package's one pint unit registry: every Quantity in analgesia is made here.

Counted things (boluses, patches, ampoules, presses) are dimensionless units of their own, so
that ``3 patches`` reads as a count and not as a bare 3; ``mcg`` is the microgram (ISMP).
:mod:`analgesia.units` re-exports ``ureg`` and ``Quantity``: import them from there.
"""

from __future__ import annotations

import pint

# cache_folder=":auto:" keeps pint's parsed definitions on disk: it cuts about 0.1 s from
# every import after the first (benchmarks/bench_core.py).
try:
    ureg = pint.UnitRegistry(autoconvert_offset_to_baseunit=True, cache_folder=":auto:")
except OSError:  # a read-only home: build the registry without the disk cache
    ureg = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
# Counted things (boluses, patches, ampoules) are dimensionless.
ureg.define("patch = [] = patches")
ureg.define("ampoule = [] = ampoules")
ureg.define("press = [] = presses")
ureg.define("dose = [] = doses")
ureg.define("fraction = []")
ureg.define("mcg = microgram")
Quantity = ureg.Quantity

__all__ = ["Quantity", "ureg"]
