"""Which columns of each data table are prose a learner reads, and so are translated.

Only these cells are replaced by ``data/locale/<language>/texts/<table>.yaml``: ids, codes,
numbers, units, quotes from the paper and citations stay as they are in every language (a
quote is the paper's own words; a citation names a document by its own title).
"""

from __future__ import annotations

PROSE_COLUMNS: dict[str, tuple[str, ...]] = {
    "adjuvants": ("class", "role_in_case", "guideline_view"),
    "bedside": ("what",),
    "definitions": ("definition",),
    "factor_tables": ("title",),
    "input_bounds": ("field",),
    "monitoring": ("what", "when"),
    "naloxone": ("what",),
    "pca_modes": ("label", "who_presses", "for_whom"),
    "teaching_text": ("en",),
    "titration_rules": ("action",),
}

__all__ = ["PROSE_COLUMNS"]
