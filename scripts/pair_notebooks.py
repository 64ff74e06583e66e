"""Keep each translated notebook's code cells those of its English notebook: code is written once.

    python scripts/pair_notebooks.py            # every edition under notebooks/<lang>/
    python scripts/pair_notebooks.py --check    # exit 1 if any code cell differs

A translated notebook (``notebooks/zh-CN/03_converting_doses.ipynb``) has the same cells as
its English notebook (``notebooks/03_converting_doses.ipynb``), in the same order: its
markdown cells are the translation; its code cells are copied here from the English, with
their tags. A notebook that does not exist yet is created as a copy of the English (the
markdown then waits for its translation). The notebook is then executed in its own folder
(scripts/execute_notebooks.py), where the package speaks the edition's language.
"""

from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
EDITIONS = ("zh-CN",)


class PairingError(ValueError):
    pass


def pair(english: Path, translated: Path) -> bool:
    """Copy the English code cells into ``translated``; True if the file changed."""
    source = nbformat.read(english, as_version=4)
    if not translated.exists():
        translated.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(source, translated)
        return True
    target = nbformat.read(translated, as_version=4)
    kinds = [c.cell_type for c in source.cells]
    if kinds != [c.cell_type for c in target.cells]:
        raise PairingError(f"{translated.relative_to(ROOT)}: its cells {len(target.cells)} "
                           f"do not follow {english.relative_to(ROOT)}'s {len(kinds)} in kind "
                           "and order: add or remove the same cells in both")
    changed = False
    for ours, theirs in zip(target.cells, source.cells, strict=True):
        if ours.cell_type != "code":
            continue
        tags = theirs.get("metadata", {}).get("tags")
        if ours.source != theirs.source or ours.get("metadata", {}).get("tags") != tags:
            ours.source = theirs.source
            ours.metadata = copy.deepcopy(theirs.metadata)
            ours.outputs, ours.execution_count = [], None
            changed = True
    if changed:
        nbformat.write(target, translated)
    return changed


def pairs() -> list[tuple[Path, Path]]:
    return [(english, NOTEBOOK_DIR / edition / english.name)
            for edition in EDITIONS for english in sorted(NOTEBOOK_DIR.glob("*.ipynb"))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; fail on a drift")
    args = parser.parse_args(argv)
    drift = []
    for english, translated in pairs():
        if args.check:
            if not translated.exists():
                drift.append(f"{translated.relative_to(ROOT)} is missing")
                continue
            a = [c.source for c in nbformat.read(english, as_version=4).cells
                 if c.cell_type == "code"]
            b = [c.source for c in nbformat.read(translated, as_version=4).cells
                 if c.cell_type == "code"]
            if a != b:
                drift.append(f"{translated.relative_to(ROOT)}: code differs from the English")
        else:
            try:
                if pair(english, translated):
                    print(f"paired {translated.relative_to(ROOT)} (execute it again)")
            except PairingError as exc:
                drift.append(str(exc))
    for line in drift:
        print(line, file=sys.stderr)
    return 1 if drift else 0


if __name__ == "__main__":
    raise SystemExit(main())
