"""Serve this folder on http://127.0.0.1:8000 (python3 serve.py [PORT] [--bind ADDRESS]).

The workbook runs in the browser; this only hands out files. Where a browser accepts gzip
and a precompressed ``X.gz`` lies beside ``X``, that is sent instead (about a third of the
bytes). Needs nothing but Python 3.
"""

import argparse
import email.utils
import functools
import http.server
import os
import sys


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".mjs": "text/javascript",
                      ".js": "text/javascript", ".json": "application/json",
                      ".ipynb": "application/json", ".whl": "application/zip"}

    def send_head(self):
        path = self.translate_path(self.path)
        gz = path + ".gz"
        if ("gzip" in self.headers.get("Accept-Encoding", "") and os.path.isfile(path)
                and os.path.isfile(gz)):
            ctype = self.guess_type(path)
            handle = open(gz, "rb")
            stat = os.fstat(handle.fileno())
            if self._not_modified(stat.st_mtime):
                handle.close()
                self.send_response(304)
                self.send_header("Vary", "Accept-Encoding")
                self.end_headers()
                return None
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(stat.st_size))
            self.send_header("Last-Modified", self.date_time_string(stat.st_mtime))
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Vary", "Accept-Encoding")
            self.end_headers()
            return handle
        return super().send_head()

    def _not_modified(self, mtime: float) -> bool:
        since = self.headers.get("If-Modified-Since")
        if not since:
            return False
        try:
            stamp = email.utils.parsedate_to_datetime(since).timestamp()
        except (TypeError, ValueError, IndexError, OverflowError):
            return False
        return int(mtime) <= stamp

    def end_headers(self):
        if not self._headers_buffer or b"Cache-Control" not in b"".join(self._headers_buffer):
            self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format, *args):
        if os.environ.get("SITE_QUIET"):
            return
        super().log_message(format, *args)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("port", nargs="?", type=int, default=8000)
    parser.add_argument("--bind", default="127.0.0.1")
    args = parser.parse_args()
    root = os.path.dirname(os.path.abspath(__file__))
    handler = functools.partial(Handler, directory=root)
    with http.server.ThreadingHTTPServer((args.bind, args.port), handler) as server:
        print(f"Serving the workbook on http://{args.bind}:{args.port}/ (Ctrl+C stops)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            sys.exit(0)


if __name__ == "__main__":
    main()
