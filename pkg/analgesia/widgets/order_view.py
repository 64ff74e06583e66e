"""Show an order sheet inside a panel: a framed preview and a download link to print from.

The link carries the page itself (a data: address), so it works offline in JupyterLab and in
Voila, and nothing is written on the server.
"""

from __future__ import annotations

import base64
import html as _html

TEXT = {
    "download": "Download the order sheet to print (HTML, one A4 page)",
    "filename": "pca_order_teaching_example.html",
}


def order_view(page: str, hook: str = "an-order-view") -> str:
    """HTML for a preview frame of ``page`` and a link that downloads it."""
    data = base64.b64encode(page.encode("utf-8")).decode("ascii")
    frame = (f'<iframe class="{hook}-frame" srcdoc="{_html.escape(page, quote=True)}" '
             'style="width:100%;height:640px;border:1px solid #999"></iframe>')
    link = (f'<a class="{hook}-download" download="{TEXT["filename"]}" '
            f'href="data:text/html;base64,{data}">{TEXT["download"]}</a>')
    return f"<div>{link}<br>{frame}</div>"
