"""At the bedside: monitoring, naloxone, the double check, patient selection, subcutaneous
volume, alarms, the reservoir's end and breakthrough pain on a patch. A TEACHING EXAMPLE.

Every line a learner reads comes from a data row with its source:

- ``data/monitoring.csv``: what to watch while the pump runs (also printed on the order sheet);
- ``data/naloxone.csv``: when and how naloxone is given, one ``rule_set`` per source, so the
  learner sees the spread between sources; the dilution is worked out with units:
  concentration = ampoule / diluted volume, volume of an increment = dose / concentration;
- ``data/bedside.csv``: bedside practice by topic (selection, proxy, double_check,
  concentration, loading, subcut_site, alarm, reservoir, breakthrough_on_patch, neurotoxicity,
  laxative, sedatives, renal, hepatic, lockout), text with its source;
- numbers that are rules (the subcutaneous volume limit, the lockout for subcutaneous PCA, the
  loading dose, the rescue fraction) are read from the one rule row that holds them
  (``data/pca_safety_rules.csv``, ``data/rules.csv``), chosen by the workbook's teaching
  defaults (``rulebook``): this module holds no clinical number.

The module gathers three jobs and re-exports their names: the tables and their lines
(:mod:`analgesia.bedside_tables`), naloxone (:mod:`analgesia.naloxone`) and the pump at the
bedside (:mod:`analgesia.bedside_pump`).

Pure functions: no widgets, no plotly. Bad input is an :class:`~analgesia.units.InputError`
naming the field; a malformed data file a :class:`~analgesia.references.DataFileError` naming
file, row and column.
"""

from __future__ import annotations

from .bedside_pump import TEXT as PUMP_TEXT  # noqa: F401 - each part's words, for a reader
from .bedside_pump import (
    LoadingDose,
    LockoutTeaching,
    PatchBreakthrough,
    ReservoirEnd,
    SubcutVolume,
    breakthrough_on_patch,
    loading_dose,
    lockout_teaching,
    reservoir_end,
    subcut_volume,
)
from .bedside_tables import (
    BEDSIDE_SCHEMA,
    MONITORING_SCHEMA,
    RULE_CHOICES,
    TOPICS,
    BedsideLine,
    MonitoringItem,
    cited,
    line,
    lines,
    monitoring,
    monitoring_lines,
    rule,
    short_cite,
    topics,
)
from .bedside_tables import TEXT as TABLES_TEXT  # noqa: F401
from .naloxone import (
    DEFAULT_NALOXONE,
    NALOXONE_ORDER,
    NALOXONE_QUANTITIES,
    NALOXONE_SCHEMA,
    NaloxonePlan,
    naloxone_plan,
    naloxone_rule_sets,
    naloxone_spread,
)
from .naloxone import TEXT as NALOXONE_TEXT  # noqa: F401

__all__ = [
    "BEDSIDE_SCHEMA",
    "DEFAULT_NALOXONE",
    "MONITORING_SCHEMA",
    "NALOXONE_ORDER",
    "NALOXONE_QUANTITIES",
    "NALOXONE_SCHEMA",
    "RULE_CHOICES",
    "TOPICS",
    "BedsideLine",
    "LoadingDose",
    "LockoutTeaching",
    "MonitoringItem",
    "NaloxonePlan",
    "PatchBreakthrough",
    "ReservoirEnd",
    "SubcutVolume",
    "breakthrough_on_patch",
    "cited",
    "line",
    "lines",
    "loading_dose",
    "lockout_teaching",
    "monitoring",
    "monitoring_lines",
    "naloxone_plan",
    "naloxone_rule_sets",
    "naloxone_spread",
    "reservoir_end",
    "rule",
    "short_cite",
    "subcut_volume",
    "topics",
]
