"""analgesia: a workbook that teaches patient-controlled analgesia through one published case.

Teaching, not prescribing: nothing here is a dosing recommendation for a patient.

The core (units, references, conversion, conversion_chain, pump, titration, transdermal, case)
is plain Python; the
``figures`` and ``widgets`` layers sit on top and are imported only when asked for.
"""

from . import (
    case,
    conversion,
    conversion_chain,
    pump,
    references,
    titration,
    transdermal,
    units,
    words,
)
from .conversion import (
    DoseResult,
    convert,
    convert_all,
    daily_dose,
    ome,
    reduce_for_cross_tolerance,
    rescue_dose,
)
from .conversion_chain import ChainResult
from .pump import DailyTotal, PcaPlan, PcaSettings, Reservoir, pca_from_daily_dose
from .references import DataFileError, tables
from .titration import titrate
from .tolerance import Tolerance, is_opioid_tolerant
from .transdermal import ome_from_patch, patch_combination, patch_count, patch_from_ome
from .units import DoseRange, InputError, Q, fmt, fmt_dose, ureg
from .words import disclaimer as _disclaimer

__version__ = "0.1.0"

# Modules loaded on first use (an.safety, an.titration, ...): keeps `import analgesia` fast.
_LAZY = ("guidance", "safety", "practice", "order_sheet", "pk", "demand", "critique", "figures",
         "widgets")


def __getattr__(name: str):
    if name == "DISCLAIMER":
        # The one sentence every notebook, app page and order sheet shows once
        # (data/teaching_text.csv), in the language in use when it is read.
        return _disclaimer()
    if name in _LAZY:
        import importlib

        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'analgesia' has no attribute {name!r}")

__all__ = [
    "DISCLAIMER",
    "words",
    "ChainResult",
    "DailyTotal",
    "DataFileError",
    "DoseRange",
    "DoseResult",
    "InputError",
    "PcaPlan",
    "PcaSettings",
    "Q",
    "Reservoir",
    "Tolerance",
    "case",
    "conversion",
    "conversion_chain",
    "convert",
    "convert_all",
    "daily_dose",
    "fmt",
    "fmt_dose",
    "is_opioid_tolerant",
    "ome",
    "ome_from_patch",
    "patch_combination",
    "patch_count",
    "patch_from_ome",
    "pca_from_daily_dose",
    "pump",
    "reduce_for_cross_tolerance",
    "references",
    "rescue_dose",
    "tables",
    "titrate",
    "titration",
    "transdermal",
    "units",
    "ureg",
]
