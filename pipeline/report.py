"""One self-contained HTML report of an output folder, optionally against gold.

No network requests: styles and the search script are inline. Each document
shows its text with the mentions highlighted, predicted and gold side by side
when gold is given; a search box filters documents by entity (text, normal
form or entity id), and ``report.html#q=Свинг`` opens with that filter applied.
The most mentioned entities of each type head the page, each a link that
filters the documents to those that mention it.
"""

import html
from collections import Counter

from .const import TYPES
from .score import score, table_rows
from .show import segments

STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; margin: 2em auto; max-width: 1200px; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: 2px 8px; text-align: right; }
th:first-child, td:first-child { text-align: left; }
#entities th, #entities td:nth-child(2), #entities td:nth-child(5) { text-align: left; }
#contents { columns: 3 18em; font-size: 90%; }
#contents li { break-inside: avoid; }
.legend mark::after { content: ""; }
.doc { border-top: 2px solid #888; margin-top: 1.5em; }
.cols { display: flex; gap: 2em; }
.col { flex: 1; min-width: 0; }
.text { white-space: pre-wrap; }
mark { border-radius: 3px; padding: 0 2px; }
mark::after { content: " " attr(data-type); font-size: 70%; font-weight: bold; }
mark.PER { background: #ffd6d6; } mark.ORG { background: #d6e4ff; }
mark.LOC { background: #d6ffd9; } mark.DATE { background: #fff2c2; }
#search { font-size: 16px; width: 24em; padding: 4px; }
.hidden { display: none; }
"""

SCRIPT = """
const box = document.getElementById('search');
const docs = Array.from(document.querySelectorAll('.doc'));
function apply() {
  const query = box.value.trim().toLowerCase();
  let shown = 0;
  for (const doc of docs) {
    const hit = !query || doc.dataset.entities.includes(query);
    doc.classList.toggle('hidden', !hit);
    shown += hit;
  }
  document.getElementById('shown').textContent = shown + ' of ' + docs.length + ' documents';
}
box.addEventListener('input', apply);
for (const link of document.querySelectorAll('a.entity')) {
  link.addEventListener('click', () => { box.value = link.dataset.q; apply(); });
}
const hash = decodeURIComponent(location.hash.slice(1));
if (hash.startsWith('q=')) { box.value = hash.slice(2); }
apply();
"""


def highlight(text, spans):
    """HTML of ``text`` with ``(start, stop, type, title)`` spans marked; overlaps skipped."""
    parts = []
    for piece, span in segments(text, spans):
        if span is None:
            parts.append(html.escape(piece))
        else:
            kind, title = span[2], span[3]
            parts.append(f'<mark class="{kind}" data-type="{kind}" title="{html.escape(title)}">'
                         f"{html.escape(piece)}</mark>")
    return "".join(parts)


def _pct(value):
    return "–" if value is None else f"{100 * value:.1f}"


def _score_table(scores):
    rows = ["<table id=\"score-table\"><tr><th>type</th><th>gold</th><th>pred</th><th>P</th>"
            "<th>R</th><th>strict F1</th><th>partial F1</th><th>token F1</th></tr>"]
    for row in table_rows(scores):
        rows.append(f"<tr><td>{row['type']}</td><td>{row['gold']}</td><td>{row['pred']}</td>"
                    f"<td>{_pct(row['precision'])}</td><td>{_pct(row['recall'])}</td>"
                    f"<td><b>{_pct(row['f1'])}</b></td><td>{_pct(row['partial_f1'])}</td>"
                    f"<td>{_pct(row['token_f1'])}</td></tr>")
    rows.append("</table>")
    normal, value = scores["normal"]["all"], scores["date_value"]
    notes = []
    if normal["scored"]:
        notes.append(f"normal-form accuracy {_pct(normal['accuracy'])}% ({normal['scored']} matches)")
    if value["scored"]:
        notes.append(f"date-value accuracy {_pct(value['accuracy'])}% ({value['scored']} matches)")
    if notes:
        rows.append(f"<p>{'; '.join(notes)}</p>")
    return "".join(rows)


NAMES = {"PER": "people", "ORG": "organisations", "LOC": "places", "DATE": "dates"}


def _legend():
    """What the colours and the marks mean."""
    marks = " ".join(f'<mark class="{kind}">{kind}</mark> {NAMES[kind]}' for kind in TYPES)
    return (f'<p class="legend">{marks}. Each highlighted mention is followed by its type; '
            "hover over it for its normal form (the nominative, as the tables give it).</p>")


def _contents(docs, outputs):
    """Every document with its mentions by type, each a link to it."""
    items = []
    for row in docs.itertuples():
        counts = Counter(outputs.doc_mentions(row.doc_id).type)
        shown = ", ".join(f"{counts[kind]} {kind}" for kind in TYPES if counts[kind])
        status = " — failed" if row.status != "ok" else ""
        items.append(f'<li><a href="#{html.escape(row.doc_id)}">{html.escape(row.doc_id)}</a> '
                     f"<small>({shown or 'no mentions'}{status})</small></li>")
    return f'<h2>Documents</h2><ol id="contents">{"".join(items)}</ol>'


#: Entities listed per type at the top of the report.
TOP_ENTITIES = 10


def _top_entities(entities):
    """The most mentioned entities of each type, each a link that filters the documents."""
    if entities is None or not len(entities):
        return ""
    rows = []
    for kind in TYPES:
        top = entities[entities.type == kind].sort_values(["mentions", "name"],
                                                          ascending=[False, True]).head(TOP_ENTITIES)
        for entity in top.itertuples():
            aliases = getattr(entity, "aliases", None)
            names = ", ".join(alias["name"] for alias in list(aliases)[:5]) if aliases is not None else ""
            link = html.escape(f"#q={entity.entity_id.lower()}")
            rows.append(f"<tr><td>{kind}</td><td><a href=\"{link}\" class=\"entity\" "
                        f"data-q=\"{html.escape(entity.entity_id.lower())}\">{html.escape(entity.name)}</a>"
                        f"</td><td>{entity.mentions}</td><td>{entity.documents}</td>"
                        f"<td>{html.escape(names)}</td></tr>")
    return ("<h2>Top entities</h2><table id=\"entities\"><tr><th>type</th><th>entity</th>"
            "<th>mentions</th><th>documents</th><th>also written</th></tr>" + "".join(rows) + "</table>")


def build_report(outputs, gold=None):
    """The report's HTML for an Outputs (and an optional GoldSet)."""
    docs = outputs.docs
    counts = Counter(outputs.mentions.type)
    gold_docs = {doc.doc_id: doc for doc in gold} if gold is not None else {}
    parts = [
        "<!doctype html><html lang=\"ru\"><head><meta charset=\"utf-8\">",
        "<title>ru-entities report</title>", f"<style>{STYLE}</style></head><body>",
        "<h1>ru-entities report</h1>",
        "<table id=\"summary\"><tr><th>documents</th><th>ok</th><th>errors</th>"
        + "".join(f"<th>{kind}</th>" for kind in TYPES) + "</tr>",
        f"<tr><td>{len(docs)}</td><td>{int((docs.status == 'ok').sum())}</td>"
        f"<td>{int((docs.status == 'error').sum())}</td>"
        + "".join(f"<td>{counts.get(kind, 0)}</td>" for kind in TYPES) + "</tr></table>",
    ]
    if gold is not None:
        result = score(gold, outputs.mentions, set(docs.doc_id))
        parts.append("<h2>Scores against gold</h2>" + _score_table(result.scores))
    parts.append(_legend())
    parts.append(_top_entities(outputs.entities))
    parts.append(_contents(docs, outputs))
    parts.append('<p><input id="search" type="search" placeholder="Filter documents by entity…"> '
                 '<span id="shown"></span></p>')
    for row in docs.itertuples():
        mentions = outputs.doc_mentions(row.doc_id)
        if row.doc_id in gold_docs:
            text = gold_docs[row.doc_id].text
        else:
            text = outputs.text(row.doc_id) if row.status == "ok" else ""
        entities = {value.lower() for column in ("text", "normal", "entity_id")
                    if column in mentions for value in mentions[column] if isinstance(value, str)}
        pred = [(m.start, m.stop, m.type, f"{m.type}: {m.normal}") for m in mentions.itertuples()]
        columns = [("Predicted", highlight(text, pred))]
        if row.doc_id in gold_docs:
            doc = gold_docs[row.doc_id]
            entities |= {m.text.lower() for m in doc.mentions}
            columns.append(("Gold", highlight(doc.text, [
                (m.start, m.stop, m.type, f"{m.type}: {m.normal or m.text}") for m in doc.mentions])))
        status = "" if row.status == "ok" else f"<p class=\"error\">error: {html.escape(row.error)}</p>"
        body = "".join(f'<div class="col {title.lower()}"><h3>{title}</h3><div class="text">{content}</div></div>'
                       for title, content in columns)
        parts.append(f'<article class="doc" id="{html.escape(row.doc_id)}" '
                     f'data-entities="{html.escape(" | ".join(sorted(entities)))}">'
                     f"<h2>{html.escape(row.doc_id)} <small>({len(mentions)} mentions)</small></h2>"
                     f'{status}<div class="cols">{body}</div></article>')
    parts.append(f"<script>{SCRIPT}</script></body></html>")
    return "\n".join(parts)
