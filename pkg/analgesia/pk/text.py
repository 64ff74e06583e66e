"""Everything a learner reads from the drug-level models, in one catalogue.

Numbers in these lines are filled in from ``data/`` (the parameters, the label's rise and
fall times, the allowed absorption half-lives), never typed here.
"""

from __future__ import annotations

from .. import words

TEXT = words.catalogue("pk", {
    "assumption_sc": "ASSUMPTION: subcut absorption half-life {half_life} (no published value; "
    "allowed {low}-{high})",
    "patch_fitted": "fentanyl patch skin-depot half-life {half_life}: FITTED to label facts "
    "(rise over {rise}, ~{fall} to fall by half after removal), not measured",
    "steady_state": "steady state = F x rate / CL1 = {f} x {rate} / {cl} = {css}",
    "patch_steady_state": "steady state = F x release rate / CL = {f} x {rate} / {cl} = {css}",
    "ome": "level-equivalent oral morphine per day = level / steady state x daily dose x factor",
    "absorption_allowed": "a time from {low} to {high} (an ASSUMPTION)",
    "strength_allowed": "one of {strengths} (several patches: a list)",
    "f_sc": "F (subcut bioavailability)",
    "f_iv": "F (IV)",
    "f_transdermal": "F (transdermal bioavailability)",
    "absorption": "absorption half-life (ASSUMPTION)",
    "clearance": "CL (clearance)",
    "volume": "V (volume)",
    "lag": "lag",
    "depot": "depot half-life (FITTED)",
    "by_definition": "by definition",
    "set_by_user": "set by the user",
})

__all__ = ["TEXT"]
