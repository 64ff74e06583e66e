"""Save the README's screenshot, docs/app.png: the dose converter in app mode (Voila) at
1280x720 in Debian's Chromium, as a small PNG; with ``--edition zh-CN`` the Chinese edition's
converter (notebooks/zh-CN/), docs/panel-zh-CN.png, for README.zh-CN.md.

    python scripts/screenshot.py [--out docs/app.png]
    python scripts/screenshot.py --edition zh-CN
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

MAX_BYTES = 150 * 1024


def main(argv: list[str] | None = None) -> int:
    from _app import chromium, open_notebook, voila

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=None)
    p.add_argument("--edition", default="", help="a translation's folder under notebooks/")
    args = p.parse_args(argv)
    if args.out is None:
        name = f"panel-{args.edition}.png" if args.edition else "app.png"
        args.out = ROOT / "docs" / name
    folder = f"{args.edition}/" if args.edition else ""
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with voila() as base, chromium() as context:
        page = context.new_page()
        open_notebook(page, base, f"{folder}03_converting_doses.ipynb", ".an-converter-dose input")
        box = page.locator(".an-converter-dose input")
        box.fill("200 mg/day")
        box.press("Enter")
        page.wait_for_function("() => document.querySelector('.an-converter > .an-message')"
                               ".innerText.trim() === ''")
        page.wait_for_timeout(800)  # let the chart redraw
        page.locator(".an-converter").evaluate("el => el.scrollIntoView({block: 'start'})")
        page.screenshot(path=str(args.out), animations="disabled")
        page.close()
    size = args.out.stat().st_size
    print(f"{args.out} ({size // 1024} KB)")
    return 0 if size <= MAX_BYTES else 1


if __name__ == "__main__":
    sys.exit(main())
