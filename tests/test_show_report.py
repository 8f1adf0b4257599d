"""`show` in a plain terminal and `report` in a real headless browser."""

import os
import re
import shutil
import subprocess

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.evaluate import evaluate

from .conftest import ROOT



@pytest.fixture(scope="module")
def evaluated(tmp_path_factory, tools):
    """The corpus run through evaluate, plus a document with no mentions at all."""
    root = tmp_path_factory.mktemp("report")
    (root / "texts").mkdir()
    (root / "gold").mkdir()
    for path in (ROOT / "corpus" / "texts").glob("*.txt"):
        shutil.copy(path, root / "texts" / path.name)
    for path in (ROOT / "corpus" / "gold").glob("*.ann"):
        shutil.copy(path, root / "gold" / path.name)
    shutil.copy(ROOT / "corpus" / "meta.csv", root / "meta.csv")
    (root / "texts" / "zz-empty.txt").write_text("Ничего примечательного не произошло.\n", encoding="utf-8")
    (root / "gold" / "zz-empty.ann").write_text("", encoding="utf-8")
    evaluate(root, "brat", root / "out", tools=tools)
    return root


def run_cli(*args):
    return CliRunner().invoke(app, [str(arg) for arg in args])


def test_show_marks_mentions(evaluated):
    result = run_cli("show", evaluated / "out", "uzbekistan-iom", "--width", "80")
    assert result.exit_code == 0, result.output
    assert "[Уильямом Свингом](PER: Уильям Свинг)" in result.output
    assert "[2 апреля](DATE)" in result.output
    assert re.search(r"DATE .* 2 апреля +\(value 2018-04-02\)", result.output)
    assert all(len(line) <= 80 for line in result.output.splitlines()[:20] if "]" not in line)


def test_show_document_without_mentions(evaluated):
    result = run_cli("show", evaluated / "out", "zz-empty")
    assert result.exit_code == 0
    assert "zz-empty: 0 mentions" in result.output and "Ничего примечательного" in result.output


def test_show_unknown_document(evaluated):
    result = run_cli("show", evaluated / "out", "no-such-doc")
    assert result.exit_code == 2 and "no document 'no-such-doc'" in result.output


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    if os.environ.get("CI") == "true":
        pytest.fail("chromium is needed for the report test (.ci/run installs Debian's chromium)")
    pytest.skip("no chromium on this machine")


def browse(page, *flags, fragment=""):
    profile = page.parent / f"profile{len(flags)}{len(fragment)}"
    command = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", f"--user-data-dir={profile}", *flags,
               page.as_uri() + fragment]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture(scope="module")
def page(evaluated):
    path = evaluated / "report.html"
    result = run_cli("report", evaluated / "out", "--html", path, "--gold", evaluated, "--format", "brat")
    assert result.exit_code == 0, result.output
    return path


def test_report_is_self_contained(page):
    html = page.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "http://" not in html.replace("http://ut.uz", "")


def _documents(page):
    """The corpus's documents and the empty one added to it."""
    return len(list((page.parent / "texts").glob("*.txt")))


@pytest.mark.browser
def test_report_in_a_browser(page):
    dom = browse(page, "--dump-dom", "--virtual-time-budget=3000")
    documents = dom.count('<article class="doc')
    assert documents == _documents(page) > 40
    assert 'id="score-table"' in dom and "<td>micro</td>" in dom
    # gold and predicted side by side, with highlighted spans in both
    article = dom[dom.index('id="uzbekistan-iom"'):]
    article = article[:article.index("</article>")]
    assert 'class="col predicted"' in article and 'class="col gold"' in article
    assert article.count('<mark class="PER"') >= 8
    assert f"{documents} of {documents} documents" in dom
    empty = dom[dom.index('id="zz-empty"'):]
    assert "(0 mentions)" in empty[:300]


@pytest.mark.browser
def test_report_search_filters_documents(page):
    dom = browse(page, "--dump-dom", "--virtual-time-budget=3000", fragment="#q=свинг")
    shown = re.search(rf"(\d+) of {_documents(page)} documents", dom)
    assert shown and 1 <= int(shown.group(1)) < _documents(page)
    assert 'id="uzbekistan-iom"' in dom
    visible = re.findall(r'<article class="doc" id="([^"]+)"', dom)
    assert "uzbekistan-iom" in visible and "zz-empty" not in visible


@pytest.mark.browser
def test_report_screenshot(page, tmp_path):
    """A laptop-sized screenshot that shows a page, not a blank or an error:
    many colours (the highlights), mostly light background, dark text."""
    import matplotlib.image

    shot = tmp_path / "report.png"
    browse(page, f"--screenshot={shot}", "--window-size=1280,800", "--virtual-time-budget=3000")
    pixels = matplotlib.image.imread(shot)[:, :, :3]
    assert pixels.shape[:2] == (800, 1280)
    colours = {tuple(pixel) for pixel in (pixels[::8, ::8].reshape(-1, 3) * 255).astype(int)}
    assert len(colours) > 50
    brightness = pixels.mean(axis=2)
    assert (brightness > 0.9).mean() > 0.5 and (brightness < 0.3).mean() > 0.005


def test_show_names_each_mentions_entity(evaluated):
    result = run_cli("show", evaluated / "out", "uzbekistan-iom", "--width", "80")
    assert "entity PER:Уильям Свинг" in result.output
    assert "entity ORG:Международная организация по миграции" in result.output


@pytest.mark.browser
def test_report_lists_top_entities_that_filter_documents(page):
    html = page.read_text(encoding="utf-8")
    assert '<h2>Top entities</h2>' in html
    first = re.search(r'class="entity" data-q="(per:[^"]+)"', html).group(1)
    dom = browse(page, "--dump-dom", "--virtual-time-budget=3000", fragment=f"#q={first}")
    shown = re.search(rf"(\d+) of {_documents(page)} documents", dom)
    assert shown and 1 <= int(shown.group(1)) < _documents(page)


def test_show_and_report_explain_their_marks_and_the_report_lists_documents(evaluated, page):
    shown = run_cli("show", evaluated / "out", "uzbekistan-iom")
    assert "[text](TYPE: normal form)" in shown.output.splitlines()[1]
    html = page.read_text(encoding="utf-8")
    assert 'class="legend"' in html and "organisations" in html
    contents = re.search(r'<ol id="contents">(.*?)</ol>', html).group(1)
    assert contents.count("<li>") == _documents(page)
    assert '<a href="#uzbekistan-iom">uzbekistan-iom</a>' in contents and "PER" in contents
