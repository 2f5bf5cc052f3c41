"""Generated report blocks as HTML for the on-screen section view (the
printed output is the PDF/DOCX writers' job; this only shows the clerk the
text and tables an auto section produces)."""
from __future__ import annotations

from html import escape

from core.report.document import Para, Table


def _para_html(b: Para) -> str:
    t = b.text
    if b.kind == "bullet" and not (b.bold_prefix + t).lstrip().startswith("-"):
        t = "- " + t
    elif b.kind == "plus" and not (b.bold_prefix + t).lstrip().startswith("+"):
        t = "+ " + t
    pre = f"<b>{escape(b.bold_prefix)}</b>" if b.bold_prefix else ""
    style = "margin: 0 0 6px 0;"
    if b.kind == "body":
        style += " text-indent: 24px;"
    elif b.kind in ("bullet", "plus"):
        style += " margin-left: 12px;"
    elif b.kind == "center":
        style += " text-align: center;"
    body = escape(t)
    if b.kind == "note":
        body = f"<i>{body}</i>"
    return f'<p style="{style}">{pre}{body}</p>'


def _cell_html(c, tag: str) -> str:
    attrs = []
    if c.colspan > 1:
        attrs.append(f'colspan="{c.colspan}"')
    if c.rowspan > 1:
        attrs.append(f'rowspan="{c.rowspan}"')
    attrs.append(f'align="{c.align}"')
    text = escape(c.text).replace("\n", "<br>")
    if c.bold and tag == "td":
        text = f"<b>{text}</b>"
    return f"<{tag} {' '.join(attrs)}>{text}</{tag}>"


def _table_html(t: Table) -> str:
    out = []
    if t.title:
        out.append(f'<p style="margin: 6px 0 4px 0;" align="center"><b>{escape(t.title)}</b></p>')
    out.append('<table border="1" cellspacing="0" cellpadding="3" style="border-collapse: collapse;" width="100%">')
    for r in t.header:
        out.append("<tr>" + "".join(_cell_html(c, "th") for c in r) + "</tr>")
    for r in t.rows:
        out.append("<tr>" + "".join(_cell_html(c, "td") for c in r) + "</tr>")
    out.append("</table>")
    if t.note:
        out.append(f'<p style="margin: 2px 0 6px 0;"><i>{escape(t.note)}</i></p>')
    return "".join(out)


def blocks_html(blocks) -> str:
    parts = []
    for b in blocks:
        if isinstance(b, Para):
            parts.append(_para_html(b))
        elif isinstance(b, Table):
            parts.append(_table_html(b))
    if not parts:
        return '<p style="color: #6b7380;"><i>Không có nội dung.</i></p>'
    return "".join(parts)


def has_tables(blocks) -> bool:
    return any(isinstance(b, Table) for b in blocks)
