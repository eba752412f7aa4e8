"""Edits at the same time: each changes only what it changes, and privacy is never lost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

PY = sys.executable


def _env(home: Path, editor: str = "true") -> dict[str, str]:
    return {
        **os.environ,
        "RELATIONAL_JOURNAL_HOME": str(home),
        "NO_COLOR": "1",
        "COLUMNS": "200",
        "EDITOR": editor,
    }


def _start(home: Path, *args: str, editor: str = "true") -> subprocess.Popen[str]:
    return subprocess.Popen(
        [PY, "-m", "relational_journal", *args],
        env=_env(home, editor),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )


def _run(home: Path, *args: str, editor: str = "true") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PY, "-m", "relational_journal", *args],
        env=_env(home, editor),
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def _entry(home: Path, entry_id: int) -> dict[str, Any]:
    done = _run(home, "list", "--include-private", "--json")
    assert done.returncode == 0, done.stderr
    found = [json.loads(line) for line in done.stdout.splitlines()]  # JSON Lines
    return next(e for e in found if e["id"] == entry_id)


def _editor(tmp_path: Path, name: str, script: str) -> str:
    path = tmp_path / name
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(0o755)
    return str(path)


def _wait_for(path: Path, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while not path.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.01)


def test_an_editor_edit_racing_private_never_loses_the_private_flag(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert _run(home, "write", "--text", "The call with Sam went badly.").returncode == 0
    ready = tmp_path / "ready"
    for attempt in range(10):
        ready.unlink(missing_ok=True)
        # The editor saves at a different moment each time: before, during and after
        # the other command's change.
        delay = attempt * 0.06
        editor = _editor(
            tmp_path,
            f"editor{attempt}.sh",
            f"touch {ready}\nsleep {delay}\nsed -i 's/badly/badly, try {attempt}/' \"$1\"\n",
        )
        flags = ["--private"] if attempt % 2 == 0 else ["--private", "--star"]
        in_editor = _start(home, "edit", "1", editor=editor)
        _wait_for(ready, in_editor)
        flagged = _run(home, "edit", "1", *flags)
        out, err = in_editor.communicate(timeout=60)
        assert flagged.returncode == 0, flagged.stderr
        assert in_editor.returncode == 0, err
        entry = _entry(home, 1)
        assert entry["private"] is True, attempt
        assert f"try {attempt}" in entry["body"]
        if "--star" in flags:
            assert entry["starred"] is True
        # Shared again for the next try, by the client's own --public.
        assert _run(home, "edit", "1", "--public", "--unstar").returncode == 0
    assert _run(home, "edit", "1", "--private").returncode == 0
    exported = _run(home, "export", "--format", "json")
    assert exported.returncode == 1 and exported.stdout == ""
    assert "no shared entries" in exported.stderr


def test_eight_tag_edits_at_once_keep_all_eight_tags(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert _run(home, "write", "--text", "After the session.", "--tag", "therapy").returncode == 0
    procs = [_start(home, "edit", "1", "--tag", f"t{n}") for n in range(8)]
    results = [(p.communicate(timeout=120), p.returncode) for p in procs]
    for (out, err), code in results:
        assert code == 0, err
        assert "✓" in out
    assert sorted(_entry(home, 1)["tags"]) == sorted(["therapy", *(f"t{n}" for n in range(8))])


def test_a_text_changed_elsewhere_while_in_the_editor_is_kept_as_a_draft(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert _run(home, "write", "--text", "Mum phoned on Sunday.").returncode == 0
    ready, go = tmp_path / "ready", tmp_path / "go"
    slow = _editor(
        tmp_path,
        "slow.sh",
        f"touch {ready}\nwhile [ ! -e {go} ]; do sleep 0.02; done\n"
        "printf 'Mum phoned on Sunday and I hung up first.\\n' > \"$1\"\n",
    )
    quick = _editor(tmp_path, "quick.sh", "printf 'Mum phoned on Saturday.\\n' > \"$1\"\n")
    in_editor = _start(home, "edit", "1", editor=slow)
    _wait_for(ready, in_editor)
    assert _run(home, "edit", "1", editor=quick).returncode == 0
    assert _run(home, "edit", "1", "--tag", "family", "--private").returncode == 0
    go.touch()
    out, err = in_editor.communicate(timeout=60)
    assert in_editor.returncode == 1
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "changed elsewhere" in lines[0] and "draft" in lines[0]
    assert "hung up" not in err  # the entry's text is never in an error
    entry = _entry(home, 1)
    assert entry["body"] == "Mum phoned on Saturday."
    assert entry["tags"] == ["family"] and entry["private"] is True
    drafts = json.loads(_run(home, "drafts", "--json").stdout)
    assert len(drafts) == 1
    assert drafts[0]["body"] == "Mum phoned on Sunday and I hung up first."
    assert drafts[0]["private"] is True  # private meanwhile: the draft is private too
    assert drafts[0]["id"] in lines[0]
    # `journal write --draft ID` goes on with it and saves it as an entry of its own.
    resumed = _run(home, "write", "--draft", drafts[0]["id"])
    assert resumed.returncode == 0, resumed.stderr
    out = _run(home, "list", "--include-private", "--json").stdout
    listed = [json.loads(line) for line in out.splitlines()]  # JSON Lines
    resumed_entry = next(e for e in listed if "hung up" in e["body"])
    assert resumed_entry["private"] is True


def test_an_editor_edit_keeps_the_flags_and_tags_set_while_it_was_open(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert _run(home, "write", "--text", "Quiet evening.", "--with", "Sam").returncode == 0
    ready, go = tmp_path / "ready", tmp_path / "go"
    slow = _editor(
        tmp_path,
        "slow.sh",
        f"touch {ready}\nwhile [ ! -e {go} ]; do sleep 0.02; done\n"
        "sed -i 's/Quiet/Quiet, then a long talk/' \"$1\"\n",
    )
    in_editor = _start(home, "edit", "1", editor=slow)
    _wait_for(ready, in_editor)
    changed = _run(home, "edit", "1", "--star", "--tag", "talk", "--feel", "calm", "--with", "Jo")
    assert changed.returncode == 0, changed.stderr
    go.touch()
    out, err = in_editor.communicate(timeout=60)
    assert in_editor.returncode == 0, err
    assert "changed elsewhere" in err and "✓" in out
    entry = _entry(home, 1)
    assert entry["body"] == "Quiet, then a long talk evening."
    assert entry["starred"] is True and entry["tags"] == ["talk"]
    assert {p["name"] for p in entry["people"]} == {"Sam", "Jo"}
    assert [f["word"] for f in entry["feelings"]] == ["calm"]
