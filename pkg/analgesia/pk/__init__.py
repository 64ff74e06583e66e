"""Drug levels: hydromorphone (subcut or IV) and transdermal fentanyl concentration-time curves.

Teaching models, not patient predictions: typical-patient parameters, no variability.

One module per job, bottom to top:

- :mod:`.linalg`: the matrix exponential and a bracketed root, in plain numpy;
- :mod:`.engine`: the exact linear engine (named states, events, grid powers);
- :mod:`.parameters`: ``data/pk_parameters.csv``, read once through ``references``;
- :mod:`.events`: the time grid, rate changes, boluses and patch release as events;
- :mod:`.result`: :class:`PkResult` and the one function that builds it;
- :mod:`.hydromorphone`: Jeleazcov 2014 + Moulin 1991 + the subcut absorption ASSUMPTION;
- :mod:`.fentanyl`: the patch -> skin depot -> body model (depot half-life FITTED);
- :mod:`.transition`: pump off, patch on.

Every name below (and ``ROUTES``, ``PARAMETER_FILE_NAME`` and the text
catalogue ``TEXT``) was importable from ``analgesia.pk`` when it was one module, and still is.
"""

from __future__ import annotations

from .fentanyl import (
    FentanylPatchModel,
    Patch,
    fentanyl_patch_model,
    fit_depot_half_life,
    patch_schedule,
)
from .hydromorphone import (
    ROUTES,  # noqa: F401 - importable as before, not an entry point
    HydromorphoneModel,
    absorption_range,
    ec50,
    hydromorphone_model,
    simulate_pca,
)
from .parameters import (
    PARAMETER_FILE_NAME,  # noqa: F401 - importable as before, not an entry point
    ModelParameter,
    PkParameter,
    PkParameterTable,
    load_pk_parameters,
)
from .result import PkResult
from .text import TEXT  # noqa: F401 - the catalogue (a Mapping), importable as before
from .transition import TransitionResult, transition

__all__ = [
    "FentanylPatchModel",
    "HydromorphoneModel",
    "ModelParameter",
    "Patch",
    "PkParameter",
    "PkParameterTable",
    "PkResult",
    "TransitionResult",
    "absorption_range",
    "ec50",
    "fentanyl_patch_model",
    "fit_depot_half_life",
    "hydromorphone_model",
    "load_pk_parameters",
    "patch_schedule",
    "simulate_pca",
    "transition",
]
