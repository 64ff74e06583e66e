"""analgesia: a workbook that teaches patient-controlled analgesia through one published case.

Teaching, not prescribing: nothing here is a dosing recommendation for a patient.
"""

from .pump import DailyTotal, PcaPlan, PcaSettings, Reservoir, pca_from_daily_dose
from .units import DoseRange, InputError, Q, fmt, fmt_dose, ureg

__all__ = [
    "DailyTotal",
    "DoseRange",
    "InputError",
    "PcaPlan",
    "PcaSettings",
    "Q",
    "Reservoir",
    "fmt",
    "fmt_dose",
    "pca_from_daily_dose",
    "ureg",
]
