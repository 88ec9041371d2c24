"""A report of one article: its text with the annotations marked, then a numbered table of them.

Written as simple HTML (the subset Qt's rich-text engine prints well), so that the window can
print it or turn it into a PDF, and anything else can open it in a browser.
"""

from __future__ import annotations

from html import escape

from annotator.core.defaults import CONFIDENCE_NAMES, VERDICTS
from annotator.core.models import Annotation, Document, Label


def _tint(hex_colour: str, alpha: float = 0.28) -> str:
    """The label colour blended over white (printers and PDFs handle no transparency well)."""
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    mix = [round(255 - (255 - c) * alpha) for c in (red, green, blue)]
    return "#{:02x}{:02x}{:02x}".format(*mix)


def article_report_html(
    document: Document, annotations: list[Annotation], labels: list[Label], *, reviewer: str = "",
    verdicts: dict[str, str] | None = None,
) -> str:
    """The report of ``document`` and its ``annotations`` (numbered in reading order);
    ``verdicts``: the session's verdict titles by key (the standard ones by default)."""
    verdicts = VERDICTS if verdicts is None else verdicts
    by_name = {label.name: label for label in labels}
    ordered = sorted(annotations, key=lambda a: (a.start, a.end, a.id or 0))
    number = {a.id: n for n, a in enumerate(ordered, start=1)}
    text = document.text
    cuts = sorted({0, len(text), *(a.start for a in ordered), *(a.end for a in ordered)})
    starts: dict[int, list[Annotation]] = {}
    for a in ordered:
        starts.setdefault(a.start, []).append(a)
    body: list[str] = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        for a in starts.get(left, []):
            colour = by_name[a.label].color if a.label in by_name else "#777777"
            body.append(
                f'<sup style="color:{colour}; font-weight:bold">[{number[a.id]}]</sup>'
            )
        covering = [a for a in ordered if a.start <= left and a.end >= right]
        piece = escape(text[left:right]).replace("\n", "<br/>")
        if covering:
            inner = min(covering, key=lambda a: (a.end - a.start, a.id or 0))
            colour = by_name[inner.label].color if inner.label in by_name else "#777777"
            decoration = "underline" if len(covering) > 1 else "none"
            piece = (
                f'<span style="background-color:{_tint(colour)}; '
                f'text-decoration:{decoration}">{piece}</span>'
            )
        body.append(piece)
    counts = {name: 0 for name in by_name}
    for a in ordered:
        counts[a.label] = counts.get(a.label, 0) + 1
    tally = ", ".join(
        f"{n} {escape(by_name[name].title.lower() if name in by_name else name)}"
        for name, n in counts.items() if n
    ) or "no annotations"
    rows = "".join(
        "<tr>"
        f"<td align='right'>{number[a.id]}</td>"
        f"<td>{escape(by_name[a.label].title if a.label in by_name else a.label)}</td>"
        f"<td>{escape(a.quote[:600])}</td>"
        f"<td align='center'>{a.confidence} ({CONFIDENCE_NAMES.get(a.confidence, '?')})</td>"
        f"<td>{escape(verdicts.get(a.verdict, a.verdict) if a.verdict else '')}</td>"
        f"<td>{escape(a.note[:2000]).replace(chr(10), '<br/>')}"
        + "".join(f"<br/><a href='{escape(u)}'>{escape(u)}</a>" for u in a.evidence)
        + f"</td><td>{escape(a.reviewer)}</td>"
        "</tr>"
        for a in ordered
    )
    source = escape(document.source_path or "")
    made_by = f" · report by {escape(reviewer)}" if reviewer else ""
    return (
        "<html><head><meta charset='utf-8'/></head><body style='font-family: serif'>"
        f"<h1>{escape(document.title)}</h1>"
        f"<p style='color:#555555; font-size:small'>{source}<br/>SHA-256 {document.sha256}"
        f"<br/>{len(text):,} characters · {tally}{made_by}</p>"
        f"<p style='line-height:140%'>{''.join(body)}</p>"
        "<h2>Annotations</h2>"
        "<table border='1' cellspacing='0' cellpadding='4' width='100%'>"
        "<tr><th>#</th><th>Label</th><th>Text</th><th>Confidence</th><th>Verdict</th>"
        "<th>Note and evidence</th><th>Reviewer</th></tr>"
        f"{rows}</table></body></html>"
    )
