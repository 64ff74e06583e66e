"""Show an order sheet inside a panel: a framed preview and a download link to print from.

The link carries the page itself (a data: address), so it works offline in JupyterLab and in
Voila, and nothing is written on the server.
"""

from __future__ import annotations

import base64

from ..markup import BR, Markup, element

TEXT = {
    "download": "Download the order sheet to print (HTML, one A4 page)",
    "filename": "pca_order_teaching_example.html",
}


def order_view(page: str, hook: str = "an-order-view") -> Markup:
    """HTML for a preview frame of ``page`` and a link that downloads it.

    ``page`` is a whole document from :func:`analgesia.order_sheet.order_sheet_html` (its text
    already escaped there); here it is escaped once more as the frame's ``srcdoc`` attribute,
    and the frame is sandboxed, so nothing in it can run script.
    """
    data = base64.b64encode(str(page).encode("utf-8", errors="replace")).decode("ascii")
    frame = element("iframe", class_=f"{hook}-frame", srcdoc=page, sandbox="",
                    style="width:100%;height:640px;border:1px solid #999")
    link = element("a", TEXT["download"], class_=f"{hook}-download",
                   download=TEXT["filename"], href=f"data:text/html;base64,{data}")
    return element("div", link, BR, frame)
