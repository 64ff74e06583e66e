"""Show an order sheet inside a panel: a framed preview, a Print button and a download link.

The Print button prints the preview frame alone (``window.print()`` on the frame), so the
learner gets the one A4 page without the workbook around it. The link carries the page itself
(a data: address), so it works offline in JupyterLab and in Voila, and nothing is written on
the server.
"""

from __future__ import annotations

import base64

from .. import words
from ..markup import BR, Markup, element

TEXT = words.catalogue("order_view", {
    "print": "Print the order sheet",
    "download": "Download the order sheet to print (HTML, one A4 page)",
    "filename": "pca_order_teaching_example.html",
    "frame_title": "order sheet preview",
})

# The button's only code: find the preview frame beside it and print that frame. The frame
# runs no script (its sandbox has no allow-scripts); allow-same-origin lets this page reach the
# frame's window and allow-modals lets it open the print dialog.
PRINT_JS = ("var f=this.parentElement.querySelector('iframe');"
            "if(f&&f.contentWindow){f.contentWindow.focus();f.contentWindow.print();}")


def order_view(page: str, hook: str = "an-order-view") -> Markup:
    """HTML for a preview frame of ``page``, a button that prints it and a link that downloads it.

    ``page`` is a whole document from :func:`analgesia.order_sheet.order_sheet_html` (its text
    already escaped there); here it is escaped once more as the frame's ``srcdoc`` attribute,
    and the frame is sandboxed without scripts, so nothing in it can run.
    """
    data = base64.b64encode(str(page).encode("utf-8", errors="replace")).decode("ascii")
    frame = element("iframe", class_=f"{hook}-frame", srcdoc=page,
                    sandbox="allow-same-origin allow-modals",
                    title=TEXT["frame_title"],
                    style="width:100%;height:640px;border:1px solid #999")
    button = element("button", TEXT["print"], type="button", class_=f"{hook}-print an-print",
                     onclick=PRINT_JS, style="margin:0.3em 1em 0.3em 0")
    link = element("a", TEXT["download"], class_=f"{hook}-download",
                   download=TEXT["filename"], href=f"data:text/html;base64,{data}")
    return element("div", button, link, BR, frame)
