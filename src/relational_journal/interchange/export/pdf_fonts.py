"""Fonts for the PDF: DejaVu for the text, and fallbacks for the scripts DejaVu lacks.

fontconfig (`fc-match`) is asked first, where it is installed; then the folders
Debian, Fedora, Arch and macOS put fonts in. Chinese, Japanese and Korean come
from Noto Sans CJK or Droid Sans Fallback, emoji from Noto Color Emoji or Noto
Emoji, and other symbols from Symbola. A character no font has is printed as a
visible marker such as [U+1F642] (see pdf.Glyphs), never as "?".

Only the command line calls these functions: the exporter itself is given the
paths and reads nothing but the font files.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

FONT_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/TTF",
    "/usr/share/fonts/dejavu-sans-fonts",
    "/usr/share/fonts/dejavu-serif-fonts",
    "/usr/local/share/fonts",
    "/Library/Fonts",
    "~/Library/Fonts",
    "~/.local/share/fonts",
)
FONT_FILES = {
    "serif": "DejaVuSerif.ttf",
    "serif-B": "DejaVuSerif-Bold.ttf",
    "serif-I": "DejaVuSerif-Italic.ttf",
    "sans": "DejaVuSans.ttf",
    "sans-B": "DejaVuSans-Bold.ttf",
    "mono": "DejaVuSansMono.ttf",
}
# Used when present; without them bold italic prints bold, and sans italic upright.
OPTIONAL_FILES = {"serif-BI": "DejaVuSerif-BoldItalic.ttf", "sans-I": "DejaVuSans-Oblique.ttf"}

# (what it is for, fontconfig family names, known files with their face index), best first.
FALLBACKS: tuple[tuple[str, tuple[str, ...], tuple[tuple[str, int], ...]], ...] = (
    (
        "cjk",
        ("Noto Sans CJK SC", "Droid Sans Fallback"),
        (
            ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
            ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
            ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc", 2),
            ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
            ("/usr/share/fonts/truetype/droid/DroidSansFallback.ttf", 0),
        ),
    ),
    (
        "emoji",
        ("Noto Color Emoji", "Noto Emoji"),
        (
            ("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf", 0),
            ("/usr/share/fonts/noto/NotoColorEmoji.ttf", 0),
            ("/usr/share/fonts/google-noto-emoji/NotoColorEmoji.ttf", 0),
            ("/usr/share/fonts/truetype/noto/NotoEmoji-Regular.ttf", 0),
        ),
    ),
    (
        "symbols",
        ("Symbola",),
        (
            ("/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf", 0),
            ("/usr/share/fonts/truetype/ancient-scripts/Symbola.ttf", 0),
            ("/usr/share/fonts/TTF/Symbola.ttf", 0),
        ),
    ),
)

Runner = Callable[[Sequence[str]], str | None]


def fc_match(args: Sequence[str]) -> str | None:
    """fontconfig's answer, or None when fontconfig is missing or fails."""
    try:
        done = subprocess.run(
            ["fc-match", *args], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _match(family: str, run: Runner) -> tuple[str, int] | None:
    """The file fontconfig gives for `family`, only if it really is that family."""
    out = run(["-f", "%{file}\n%{index}\n%{family}\n", family])
    if not out:
        return None
    lines = out.split("\n")
    if len(lines) < 3 or family.casefold() not in lines[2].casefold():
        return None  # fontconfig substituted another family
    path = lines[0].strip()
    try:
        index = int(lines[1].strip() or 0)
    except ValueError:
        index = 0
    return (path, index) if path and Path(path).is_file() else None


def find_unicode_fonts(
    dirs: Iterable[str] = FONT_DIRS, run: Runner | None = fc_match
) -> dict[str, str] | None:
    """Paths of the DejaVu fonts if this computer has them all, else None."""
    folders = list(dirs)
    if run is not None:
        found = _match("DejaVu Serif", run)
        if found:
            folders.insert(0, str(Path(found[0]).parent))
    for folder in folders:
        base = Path(folder).expanduser()
        paths = {key: base / name for key, name in FONT_FILES.items()}
        if all(p.is_file() for p in paths.values()):
            fonts = {key: str(p) for key, p in paths.items()}
            for key, name in OPTIONAL_FILES.items():
                if (base / name).is_file():
                    fonts[key] = str(base / name)
            return fonts
    return None


def find_fallback_fonts(
    run: Runner | None = fc_match,
    known: Sequence[tuple[str, tuple[str, ...], tuple[tuple[str, int], ...]]] = FALLBACKS,
) -> tuple[tuple[str, str, int], ...]:
    """(what for, path, face index) of one font per script DejaVu lacks, where one exists."""
    out: list[tuple[str, str, int]] = []
    for role, families, files in known:
        found: tuple[str, int] | None = None
        for family in families if run is not None else ():
            found = _match(family, run) if run is not None else None
            if found:
                break
        if found is None:
            found = next(((p, i) for p, i in files if Path(p).is_file()), None)
        if found is not None:
            out.append((role, *found))
    return tuple(out)
