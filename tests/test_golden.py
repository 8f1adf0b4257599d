"""One golden end-to-end test on the seed article.

The expected mentions live in ``tests/golden/uzbekistan-iom.txt`` as readable
text, one mention a line, checked by hand. Regenerate only on purpose, then
read the diff line by line:

    REGENERATE_GOLDEN=1 python -m pytest tests/test_golden.py
"""

import os
from pathlib import Path

import pipeline

GOLDEN = Path(__file__).parent / "golden" / "uzbekistan-iom.txt"
PUBLISHED = "2018-04-03"


def render(mentions):
    lines = [f"# the seed article, published {PUBLISHED}: start-stop TYPE text => normal [extra]"]
    for row in mentions.itertuples():
        extra = []
        if row.type == "PER":
            extra = [f"{key}={getattr(row, key)}" for key in ("first", "middle", "last")
                     if isinstance(getattr(row, key), str)]
        elif row.type == "DATE":
            extra = [f"{row.date_start}/{row.date_end}"]
        tail = f"  [{' '.join(extra)}]" if extra else ""
        lines.append(f"{row.start}-{row.stop} {row.type} {row.text} => {row.normal}{tail}")
    return "\n".join(lines) + "\n"


def test_seed_article(seed_path, tools):
    tables = pipeline.extract([seed_path], tools=tools,
                              published={seed_path.stem: PUBLISHED})
    got = render(tables.mentions)
    if os.environ.get("REGENERATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(got, encoding="utf-8")
    assert got == GOLDEN.read_text(encoding="utf-8")
