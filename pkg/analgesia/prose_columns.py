"""Which columns of each data table are prose a learner reads, and so are translated.

Only these cells are replaced by ``data/locale/<language>/texts/<table>.yaml``: ids, codes,
numbers, units, quotes from the paper and citations stay as they are in every language (a
quote is the paper's own words; a citation names a document by its own title).
"""

from __future__ import annotations

PROSE_COLUMNS: dict[str, tuple[str, ...]] = {
    "adjuvants": ("class", "role_in_case", "guideline_view"),
    "bedside": ("what",),
    "chinese_guidance": ("quantity", "counterpart"),
    "definitions": ("definition",),
    "factor_tables": ("title",),
    "input_bounds": ("field",),
    "monitoring": ("what", "when"),
    "naloxone": ("what",),
    "pca_modes": ("label", "who_presses", "for_whom"),
    # Table 1 (data/case_tang2025/table1.csv): only the cells shown and never parsed. Not
    # phase (a code: validated against case.TABLE1_PHASES, the rows' index), nrs_before,
    # nrs_after and breakthrough_count (parsed into scores and counts by case._table1_rows),
    # management (a notebook counts the rows that name senna).
    "table1": ("time", "method", "sleep", "anxiety", "adverse_reactions"),
    "teaching_text": ("en",),
    # The case's history (data/case_tang2025/timeline.csv): not category (a code the figures
    # order and colour by, and notebooks filter on), dates, location or quote.
    "timeline": ("event", "detail"),
    "titration_rules": ("action",),
}
# printed_values.csv has no prose column: its quantity label is read by
# case_report._agree ("approx" in the label makes a comparison approximate).

__all__ = ["PROSE_COLUMNS"]
