"""The HTML as a reader sees it: entry Markdown drawn, printing with care, no sideways scroll."""

from __future__ import annotations

import html
import io
import os
import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from relational_journal.interchange.export import ExportContext, Overview, export
from relational_journal.models import Entry, FeelingFelt, PersonRef

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFTOTEXT = shutil.which("pdftotext")
needs_browser = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")

BODY = (
    "Mum rang and I said *sorry* three times.\n\n**Questions for session:**\n\n"
    "- why so fast?\n- what if I listened?\n\n> You always make it about you.\n\n"
    "# What I noticed\n\nSee [the note](https://example.org/n). <script>alert(1)</script>"
)


def entry(n: int, body: str = BODY, **kw: object) -> Entry:
    about = datetime(2026, 11, 2, 20, 15, tzinfo=UTC) + timedelta(days=n)
    base: dict[str, object] = {
        "id": n,
        "body": body,
        "about": about,
        "written_at": about,
        "title": f"Evening {n}",
        "people": (PersonRef("Sam", "partner", "present"),),
        "feelings": (FeelingFelt("hurt", "sad", 6),),
    }
    base.update(kw)
    return Entry(**base)  # type: ignore[arg-type]


def page_of(entries: list[Entry], **kw: object) -> str:
    base: dict[str, object] = {
        "generated_at": datetime(2026, 11, 18, 9, 0, tzinfo=UTC),
        "title": "Shared entries",
        "overview": Overview(len(entries), "2026-11-03", "2026-11-16", (("Sam", 1),)),
    }
    base.update(kw)
    out = io.StringIO()
    export("html", entries, out, ExportContext(**base))  # type: ignore[arg-type]
    return out.getvalue()


def test_entry_markdown_is_rendered_and_raw_html_escaped() -> None:
    page = page_of([entry(1)])
    body = page[page.index('<div class="body">') :]
    assert "<strong>Questions for session:</strong>" in body and "**" not in body
    assert "<em>sorry</em>" in body and "*sorry*" not in body
    assert "<blockquote>" in body and "&gt; You" not in body
    assert "<li>why so fast?</li>" in body
    assert "<h3>What I noticed</h3>" in body  # under the entry's own heading
    assert "the note (https://example.org/n)" in body and "<a " not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "<script" not in page


def _chromium(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "HOME": str(tmp_path)},
    )


LONG_WORD = "https://example.org/" + "a-very-long-address-without-any-space-" * 6
WIDE_NAME = "Maximiliana-Theodora-Wolfeschlegelsteinhausen"


@needs_browser
def test_nothing_scrolls_sideways_on_a_400_pixel_screen(tmp_path: Path) -> None:
    wide = entry(
        1,
        f"{LONG_WORD}\n\n{'Unbreakable' * 12}\n\n```\n{'code ' * 40}\n```",
        title="Title" * 20,
        people=(PersonRef(WIDE_NAME, "friend", "present"),),
        tags=("t" * 80,),
    )
    page = page_of([wide, entry(2)])
    # The exported page allows no script; a copy without that rule measures itself, in a
    # frame exactly 400 px wide, and writes the widest thing it finds into the outer title.
    page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)
    probe = (
        "<script>const over=[...document.querySelectorAll('body *')].filter("
        "e=>e.getBoundingClientRect().right>innerWidth+1&&!e.closest('table,pre'))"
        ".map(e=>e.tagName);parent.document.title="
        "'W'+document.documentElement.scrollWidth+'/'+innerWidth+' '+over.join(',')+'.'"
        "</script></body>"
    )
    page = page.replace("</body>", probe)
    outer = tmp_path / "outer.html"
    outer.write_text(
        '<!DOCTYPE html><html><head><title>none</title></head><body style="margin:0">'
        f'<iframe width="400" height="1500" srcdoc="{html.escape(page)}"></iframe>'
        "</body></html>",
        encoding="utf-8",
    )
    done = _chromium(
        ["--window-size=800,1600", "--virtual-time-budget=5000", "--dump-dom", outer.as_uri()],
        tmp_path,
    )
    found = re.search(r"<title>W(\d+)/(\d+) ([^<]*)\.</title>", done.stdout)
    assert found, done.stdout[-300:]
    width, viewport, overflowing = int(found[1]), int(found[2]), found[3]
    assert viewport == 400
    assert width <= viewport and overflowing == ""


@needs_browser
@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler) not installed")
def test_printed_page_puts_the_safety_plan_alone_and_keeps_entry_heads(tmp_path: Path) -> None:
    long = "\n\n".join(
        ["I went quiet when the key turned in the door, and the brace came first. " * 6] * 3
    )
    entries = [entry(n, long) for n in range(1, 9)]
    plan = (("Signs that a hard time is coming", "Not sleeping."),)
    source = tmp_path / "share.html"
    source.write_text(page_of(entries, safety_plan=plan), encoding="utf-8")
    printed = tmp_path / "printed.pdf"
    done = _chromium(
        ["--no-pdf-header-footer", f"--print-to-pdf={printed}", source.as_uri()], tmp_path
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert PDFTOTEXT is not None
    text = subprocess.run(
        [PDFTOTEXT, "-layout", str(printed), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = [[x.strip() for x in p.split("\n") if x.strip()] for p in text.split("\f")]
    pages = [p for p in pages if p]
    plan_page = next(p for p in pages if "MY SAFETY PLAN" in (x.upper() for x in p))
    assert "Not sleeping." in plan_page and not any("Evening" in x for x in plan_page)
    when = re.compile(r"^Entry \d+ · \w+day \d+ \w+ 2026, 20:15")
    for lines in pages:
        assert not when.match(lines[-1]), lines[-1]  # a date never ends a page
        assert not lines[-1].startswith("Evening "), lines[-1]
        assert not lines[0].startswith(("People", "Feelings")), lines[0]
