"""Serve the workbook in app mode: Voila on the notebooks folder, code and tracebacks hidden.

    python scripts/serve_app.py                      # http://127.0.0.1:8866/voila/render/00_start_here.ipynb
    python scripts/serve_app.py --port 9000
    python scripts/serve_app.py --ip 0.0.0.0         # a classroom: other machines can connect

The same notebooks serve JupyterLab and app mode; nothing is copied. The server binds the
loopback address by default, so only this computer can open it. Another address (``--ip``) lets
other machines on the network reach it: the script prints a warning, because anyone who can
reach the port can run the workbook's kernels on this computer.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
LANDING = "00_start_here.ipynb"
LOOPBACK = "127.0.0.1"
DEFAULT_PORT = 8866

TEXT = {
    "open": "Open the workbook in a browser: {url}",
    "stop": "Stop the app with Ctrl+C.",
    "warning": (
        "WARNING: serving on {ip}, not the loopback address {loopback}. Anyone who can reach "
        "this computer on port {port} can open the workbook and run its notebooks here. Use "
        "this only on a trusted classroom network, and stop the app after class."
    ),
    "busy": "Port {port} on {ip} is in use; choose another with --port.",
}


def landing_url(ip: str, port: int) -> str:
    host = socket.gethostname() if ip in ("0.0.0.0", "::") else ip
    if ":" in host:  # an IPv6 literal needs brackets in a URL
        host = f"[{host}]"
    return f"http://{host}:{port}/voila/render/{LANDING}"


def is_loopback(ip: str) -> bool:
    try:
        return ipaddress.ip_address(ip).is_loopback
    except ValueError:
        return ip == "localhost"


def port_free(ip: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in ip else socket.AF_INET
    with socket.socket(family) as s:
        try:
            s.bind((ip, port))
        except OSError:
            return False
    return True


def voila_command(ip: str, port: int, open_browser: bool = False) -> list[str]:
    cmd = [sys.executable, "-m", "voila", str(NOTEBOOKS), f"--port={port}",
           f"--Voila.ip={ip}", "--show_tracebacks=False", "--strip_sources=True"]
    if not open_browser:
        cmd.append("--no-browser")
    return cmd


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--ip", default=os.environ.get("IP") or LOOPBACK,
                   help=f"address to listen on (default {LOOPBACK}: this computer only)")
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT") or DEFAULT_PORT),
                   help=f"port (default {DEFAULT_PORT})")
    p.add_argument("--open", action="store_true", help="open a browser on the landing page")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not port_free(args.ip, args.port):
        print(TEXT["busy"].format(port=args.port, ip=args.ip), file=sys.stderr)
        return 2
    if not is_loopback(args.ip):
        print(TEXT["warning"].format(ip=args.ip, loopback=LOOPBACK, port=args.port),
              file=sys.stderr)
    print(TEXT["open"].format(url=landing_url(args.ip, args.port)), flush=True)
    print(TEXT["stop"], flush=True)
    try:
        return subprocess.call(voila_command(args.ip, args.port, args.open), cwd=ROOT)
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
