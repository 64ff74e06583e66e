"""Reading the Tang 2025 case critically: findings by kind and severity, every printed number
recomputed, and the conversion findings redone with a factor of your own.

The prose of every finding (title, the paper's words with their section, what does not hold,
the range of defensible answers, the question for discussion, the evidence with its year)
lives in ``data/case_tang2025/findings.yaml``, so it can be reviewed and translated. This
package loads it and fills each ``{placeholder}`` with numbers computed by the package from
the printed values, the case report and the data tables: no number that follows by arithmetic
is typed in by hand.

- ``findings(kind=..., severity=...)``: the findings, filtered; ``finding(id)`` one of them;
- ``kinds()``, ``severities()``: what each kind and severity means; ``counts()`` how many;
- ``audit(report)``: each number in ``printed_values.csv``, ours beside the paper's;
- ``recompute(report, id, factor)``: a conversion finding redone with your factor.

The parts: :mod:`.findings_file` (reading findings.yaml), :mod:`.results` (what comes back),
:mod:`.arithmetic`, :mod:`.patch_numbers` and :mod:`.dose_numbers` (the numbers of each
finding), :mod:`.reading` (findings put together), :mod:`.auditing`, :mod:`.own_factor`.

Every public function raises only :class:`analgesia.units.InputError` for bad input.
Teaching, not prescribing.
"""

from __future__ import annotations

from .auditing import audit, audit_counts, audit_lines
from .findings_file import FINDINGS_PATH  # noqa: F401
from .own_factor import factor_specs, recompute
from .reading import (
    TEXT,  # noqa: F401
    count_lines,
    counts,
    finding,
    findings,
    kinds,
    severities,
    table_lines,
)
from .results import AuditRow, Evidence, FactorSpec, Finding, Quote

__all__ = [
    "AuditRow",
    "Evidence",
    "FactorSpec",
    "Finding",
    "Quote",
    "audit",
    "audit_counts",
    "audit_lines",
    "count_lines",
    "counts",
    "factor_specs",
    "finding",
    "findings",
    "kinds",
    "recompute",
    "severities",
    "table_lines",
]
