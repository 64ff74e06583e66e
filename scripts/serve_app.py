"""Serve the workbook in app mode for a class: Voila on the notebooks folder, code hidden.

    python scripts/serve_app.py                      # http://127.0.0.1:8866/voila/render/00_start_here.ipynb
    python scripts/serve_app.py --port 9000
    python scripts/serve_app.py --ip 0.0.0.0         # a classroom: prints a join link with a token
    python scripts/serve_app.py --ip 0.0.0.0 --token pca2026   # a token of your own
    python scripts/serve_app.py --config my_class.py # other settings (default: classroom_config.py)

The same notebooks serve JupyterLab and app mode; nothing is copied. The server
(scripts/classroom.py) bounds the number of kernels, ends idle ones, ends a page's kernel when
its tab closes and keeps pre-rendered pages ready; every setting is in
scripts/classroom_config.py.

The server binds the loopback address by default, so only this computer can open it, with no
token. Another address (``--ip``) lets other machines on the network reach it: the script then
requires a token (a random one unless ``--token`` gives one, ``--no-token`` for none) and prints
the join link that carries it, so learners need only the link.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SCRIPTS = ROOT / "scripts"
SERVER = SCRIPTS / "classroom.py"
DEFAULT_CONFIG = SCRIPTS / "classroom_config.py"
LANDING = "00_start_here.ipynb"
# The Chinese edition: the same landing page in notebooks/zh-CN/, whose kernels speak Chinese
# (analgesia.words chooses the language by the notebook's folder). Each landing page links the
# other at its top, so a learner chooses there; the instructor can also hand out either link.
EDITIONS = {"zh-CN": "中文"}
LOOPBACK = "127.0.0.1"
DEFAULT_PORT = 8866
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{6,64}")

TEXT = {
    "open": "Open the workbook in a browser: {url}",
    "join": "Learners join with this link (it carries the token): {url}",
    "edition": "  {name}: {url}",
    "stop": "Stop the app with Ctrl+C.",
    "settings": ("Settings: {config}: up to {max_kernels} kernels (pages open at once, "
                 "preheated ones included); preheated: {pools}; a kernel with no page open "
                 "ends after {cull} s idle."),
    "warning": (
        "WARNING: serving on {ip}, not the loopback address {loopback}. Anyone who can reach "
        "this computer on port {port} {who} can open the workbook and run its notebooks here. "
        "Use this only on a trusted classroom network, and stop the app after class."
    ),
    "with_token": "and has the join link",
    "without_token": "(no token: --no-token)",
    "busy": "Port {port} on {ip} is in use; choose another with --port.",
    "bad_token": ("The token must be 6 to 64 letters, digits, '-' or '_' (it goes into a link); "
                  "got {token!r}."),
    "no_config": "The settings file {config} does not exist.",
    "preparing": ("Preparing {count} preheated pages (a minute or a few); learners can join "
                  "now, the first ones wait for their page."),
    "ready": "Ready: {count} preheated pages, after {seconds:.0f} s.",
}


def is_loopback(ip: str) -> bool:
    try:
        return ipaddress.ip_address(ip).is_loopback
    except ValueError:
        return ip == "localhost"


def landing_url(ip: str, port: int, token: str = "", edition: str = "") -> str:
    """The landing page's address (``edition``: a translation's folder, e.g. ``zh-CN``)."""
    host = socket.gethostname() if ip in ("0.0.0.0", "::", "") else ip
    if ":" in host:  # an IPv6 literal needs brackets in a URL
        host = f"[{host}]"
    query = f"?token={token}" if token else ""
    folder = f"{edition}/" if edition else ""
    return f"http://{host}:{port}/voila/render/{folder}{LANDING}{query}"


def choose_token(ip: str, token: str | None, no_token: bool = False) -> str:
    """The token the server requires: none on loopback unless one is given; on another
    address the given one, or a random one (12 hex digits: easy to type, hard to guess)."""
    if no_token:
        return ""
    if token is not None:
        if not TOKEN_PATTERN.fullmatch(token):
            raise ValueError(TEXT["bad_token"].format(token=token))
        return token
    return "" if is_loopback(ip) else secrets.token_hex(6)


def port_free(ip: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in ip else socket.AF_INET
    with socket.socket(family) as s:
        try:
            s.bind((ip, port))
        except OSError:
            return False
    return True


def server_command(ip: str, port: int, token: str = "", config: Path = DEFAULT_CONFIG,
                   open_browser: bool = False, extra: tuple[str, ...] = ()) -> list[str]:
    """The command that runs the classroom server; ``extra`` are traitlets overrides such as
    ``--MappingKernelManager.cull_idle_timeout=10`` (they win over the settings file)."""
    cmd = [sys.executable, str(SERVER), str(NOTEBOOKS), f"--port={port}",
           f"--Voila.ip={ip}", f"--config={config}", f"--Voila.token={token}"]
    if not open_browser:
        cmd.append("--no-browser")
    return [*cmd, *extra]


def read_settings(config: Path = DEFAULT_CONFIG) -> dict:
    """The settings an instructor needs to see, read from the config file as traitlets reads
    it: max kernels, preheated pool sizes per notebook, cull timeout."""
    from traitlets.config.loader import PyFileConfigLoader

    cfg = PyFileConfigLoader(config.name, path=str(config.parent)).load_config()
    pools = {name: entry.get("pool_size", 0)
             for name, entry in cfg.VoilaKernelManager.get("kernel_pools_config", {}).items()}
    preheat = bool(cfg.VoilaConfiguration.get("preheat_kernel", False))
    return {
        "max_kernels": int(cfg.ClassroomKernelManager.get("max_kernels", 0)),
        "pools": pools if preheat else {},
        "cull_idle_timeout": int(cfg.MappingKernelManager.get("cull_idle_timeout", 0)),
        "cull_interval": int(cfg.MappingKernelManager.get("cull_interval", 300)),
        "manager": str(cfg.VoilaConfiguration.get("multi_kernel_manager_class", "")),
    }


def describe(config: Path, settings: dict) -> str:
    pools = ", ".join(f"{name.split('_')[0]} x{size}"
                      for name, size in settings["pools"].items() if size > 0) or "none"
    return TEXT["settings"].format(config=config.name, max_kernels=settings["max_kernels"],
                                   pools=pools, cull=settings["cull_idle_timeout"])


def status_url(ip: str, port: int) -> str | None:
    """Where this script can read the server's status (it answers on loopback only)."""
    if ip in ("0.0.0.0", "::", "") or is_loopback(ip):
        host = "[::1]" if ip == "::1" else "127.0.0.1"
        return f"http://{host}:{port}/classroom/status"
    return None


def announce_ready(proc: subprocess.Popen, url: str, expected: int,
                   timeout: float = 1800, interval: float = 2.0) -> bool:
    """Print one line once every preheated page is rendered; False if that never happens."""
    t0 = time.monotonic()
    while proc.poll() is None and time.monotonic() - t0 < timeout:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if json.load(r).get("rendered", 0) >= expected:
                    print(TEXT["ready"].format(count=expected, seconds=time.monotonic() - t0),
                          flush=True)
                    return True
        except (OSError, ValueError):
            pass
        time.sleep(interval)
    return False


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--ip", default=os.environ.get("IP") or LOOPBACK,
                   help=f"address to listen on (default {LOOPBACK}: this computer only)")
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT") or DEFAULT_PORT),
                   help=f"port (default {DEFAULT_PORT})")
    p.add_argument("--token", default=os.environ.get("TOKEN") or None,
                   help="token learners need (in the join link); default: none on "
                        "127.0.0.1, a random one on any other address")
    p.add_argument("--no-token", action="store_true",
                   help="no token even on a network address (anyone reaching the port gets in)")
    p.add_argument("--config", type=Path, default=DEFAULT_CONFIG,
                   help=f"settings file (default {DEFAULT_CONFIG.relative_to(ROOT)})")
    p.add_argument("--open", action="store_true", help="open a browser on the landing page")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    config = args.config.resolve()
    if not config.is_file():
        print(TEXT["no_config"].format(config=config), file=sys.stderr)
        return 2
    try:
        token = choose_token(args.ip, args.token, args.no_token)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    if not port_free(args.ip, args.port):
        print(TEXT["busy"].format(port=args.port, ip=args.ip), file=sys.stderr)
        return 2
    if not is_loopback(args.ip):
        who = TEXT["with_token"] if token else TEXT["without_token"]
        print(TEXT["warning"].format(ip=args.ip, loopback=LOOPBACK, port=args.port, who=who),
              file=sys.stderr)
    settings = read_settings(config)
    print(describe(config, settings), flush=True)
    url = landing_url(args.ip, args.port, token)
    print(TEXT["join" if token else "open"].format(url=url), flush=True)
    for edition, name in EDITIONS.items():
        if (NOTEBOOKS / edition / LANDING).is_file():
            print(TEXT["edition"].format(
                name=name, url=landing_url(args.ip, args.port, token, edition)), flush=True)
    print(TEXT["stop"], flush=True)
    expected = sum(size for name, size in settings["pools"].items() if name != "default")
    proc = subprocess.Popen(server_command(args.ip, args.port, token, config, args.open),
                            cwd=ROOT)
    status = status_url(args.ip, args.port)
    if expected and status:
        print(TEXT["preparing"].format(count=expected), flush=True)
        threading.Thread(target=announce_ready, args=(proc, status, expected),
                         daemon=True).start()
    try:
        return proc.wait()
    except KeyboardInterrupt:
        try:
            proc.wait(timeout=30)  # Ctrl+C reached the server too: it ends its kernels
        except subprocess.TimeoutExpired:
            proc.terminate()
        return 0


if __name__ == "__main__":
    sys.exit(main())
