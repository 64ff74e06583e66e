"""Practice patients: load the cases in ``data/practice_cases/``, solve them with the package,
and compare a learner's answer with the worked solution.

- :func:`load_cases` reads every ``*.yaml`` and ``*.yml`` in the folder, validates it and
  solves it; a malformed file, or one whose numbers the package cannot work through, becomes
  a :class:`CaseError` (file, field, line, what is expected) and the other cases still load.
- :func:`solve` reproduces each expected answer with the package's own functions
  (``daily_dose``, the conversion chain ``conversion_chain.chain``: equivalent -> titrate ->
  cut -> convert, then ``pca_from_daily_dose`` or ``rescue_dose``); tests check it against
  the hand-worked values.
- :func:`compare` says, field by field, how far an answer lies from the worked range
  (absolute and %); :func:`check` runs the workbook's checker on the worked order.

The parts: :mod:`.cases` (the case as data, the answer fields and their labels),
:mod:`.yaml_file`, :mod:`.fields` and :mod:`.method` (reading a file), :mod:`.loading` (the
folder), :mod:`.solving` (the worked answer), :mod:`.grading` (answers and the checker).

An instructor adds a case by dropping a YAML file into the folder. Teaching, not prescribing.
"""

from __future__ import annotations

# Names not in __all__ (marked noqa) were importable from analgesia.practice before it became
# a package; the widgets, notebooks and tests use some of them. __all__ is the fuzzed API.
from .cases import (
    CASES_DIR,
    FIELDS,  # noqa: F401
    KINDS,  # noqa: F401
    LABELS,  # noqa: F401
    PICKS,  # noqa: F401
    SEXES,  # noqa: F401
    TEXT,  # noqa: F401
    TEXT_FIELDS,  # noqa: F401
    UNITS,  # noqa: F401
    CaseError,
    Opioid,  # noqa: F401
    Patient,  # noqa: F401
    PracticeCase,
    PracticeSet,
    ReasoningStep,  # noqa: F401
    SpreadEntry,  # noqa: F401
)
from .grading import (
    MAX_ANSWER,  # noqa: F401
    ROUNDING,  # noqa: F401
    Difference,
    check,
    compare,
    parse_answer,
    unexpected_findings,
)
from .loading import load_cases
from .method import LOCKOUT_RULES, SOURCE_FORMS  # noqa: F401
from .solving import (
    Solution,
    _prior,  # noqa: F401
    solve,
)
from .yaml_file import MAX_BYTES, PATTERNS  # noqa: F401

__all__ = [
    "CASES_DIR",
    "CaseError",
    "Difference",
    "PracticeCase",
    "PracticeSet",
    "Solution",
    "check",
    "compare",
    "load_cases",
    "parse_answer",
    "solve",
    "unexpected_findings",
]
