"""Change over time: the daily tone and intensity of the tagged feelings, as plain data.

Tone is computed as the review computes it: the mean pleasantness (-1 to 1)
of the vocabulary feelings tagged that day. Intensity is the mean of the
intensities given (0 to 10). The formats draw the series (SVG in HTML, lines
in the PDF, a sparkline in the terminal); the words describing it are here,
so every drawing says the same thing in text as well.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

# Four tone levels, two eighths of a cell apart, so each reads as its own height.
SPARK = "▁▃▅▇"
SPARK_NONE = "·"
SPARK_LEGEND = "tone: ▁ heavier  ▃  ▅  ▇ lighter, from the feelings tagged; · none tagged"
MIN_TREND_EPISODES = 3


@dataclass(frozen=True)
class ChartDay:
    day: date
    entries: int
    tone: float | None  # mean pleasantness of the tagged vocabulary feelings, -1..1
    intensity: float | None  # mean intensity given, 0..10


def daily_series(
    first: date,
    last: date,
    per_day: Iterable[tuple[str, int]],
    feelings: Iterable[tuple[str, str, int, int, int]],
    pleasantness: Mapping[str, float],
) -> tuple[ChartDay, ...]:
    """Every day from `first` to `last`, from the per-day rows of storage/brief_rows.py."""
    entries = dict(per_day)
    tone: dict[str, list[float]] = {}
    strength: dict[str, list[int]] = {}
    for day, word, times, isum, icount in feelings:
        p = pleasantness.get(word)
        if p is not None:
            acc = tone.setdefault(day, [0.0, 0.0])
            acc[0] += p * times
            acc[1] += times
        if icount:
            s = strength.setdefault(day, [0, 0])
            s[0] += isum
            s[1] += icount
    out = []
    cursor = first
    while cursor <= last:
        key = cursor.isoformat()
        t = tone.get(key)
        given = strength.get(key)
        out.append(
            ChartDay(
                cursor,
                entries.get(key, 0),
                t[0] / t[1] if t and t[1] else None,
                given[0] / given[1] if given and given[1] else None,
            )
        )
        cursor += timedelta(days=1)
    return tuple(out)


def spark_glyph(tone: float | None) -> str:
    if tone is None:
        return SPARK_NONE
    index = int((max(-1.0, min(1.0, tone)) + 1) / 2 * len(SPARK))
    return SPARK[min(index, len(SPARK) - 1)]


def sparkline(tones: Sequence[float | None]) -> str:
    """One glyph per day (or per bucket): the tone's height, '·' where nothing was tagged."""
    return "".join(spark_glyph(t) for t in tones)


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def signed(value: float) -> str:
    """'+0.4', '-0.3', '0.0' (never '-0.0')."""
    text = f"{value:+.1f}"
    return "0.0" if text in ("+0.0", "-0.0") else text


def _tone_word(value: float) -> str:
    if value <= -0.5:
        return "mostly unpleasant"
    if value < -0.15:
        return "leaning unpleasant"
    if value <= 0.15:
        return "mixed"
    if value < 0.5:
        return "leaning pleasant"
    return "mostly pleasant"


def describe(days: Sequence[ChartDay], sessions: Sequence[date] = ()) -> str:
    """The chart in one or two sentences, for readers who do not see it."""
    toned = [d for d in days if d.tone is not None]
    strong = [d for d in days if d.intensity is not None]
    if not toned and not strong:
        return "No feelings were tagged in these entries, so there is no tone to show."
    parts = []
    if toned:
        half = max(1, len(toned) // 2)
        early = _mean([d.tone for d in toned[:half] if d.tone is not None])
        late = _mean([d.tone for d in toned[half:] if d.tone is not None])
        if len(toned) >= 2 and early is not None and late is not None:
            parts.append(
                f"Tone on {len(toned)} days with tagged feelings: {_tone_word(early)} "
                f"({signed(early)}) in the earlier days, {_tone_word(late)} ({signed(late)}) "
                "in the later ones"
            )
        else:
            only = toned[0].tone or 0.0
            parts.append(f"Tone on 1 day with tagged feelings: {_tone_word(only)} ({signed(only)})")
    if strong:
        peak = max(strong, key=lambda d: (d.intensity or 0, d.day))
        mean = _mean([d.intensity for d in strong if d.intensity is not None]) or 0.0
        parts.append(
            f"intensity {mean:.1f} of 10 on average, highest on "
            f"{peak.day.day} {peak.day:%b} ({peak.intensity:.1f})"
        )
    text = "; ".join(parts) + "."
    if sessions:
        text += " Sessions: " + ", ".join(f"{s.day} {s:%b}" for s in sessions) + "."
    return text[0].upper() + text[1:]


@dataclass(frozen=True)
class PersonTrend:
    """Warmer and harder coded responses (RO and RS) with one person, earlier and later."""

    name: str
    episodes: int
    earlier_warm: int
    earlier_coded: int
    later_warm: int
    later_coded: int

    def sentence(self) -> str:
        return (
            f"{self.name}, {self.episodes} episodes: in the earlier half "
            f"{self.earlier_warm} of {self.earlier_coded} coded responses were warmer; "
            f"in the later half {self.later_warm} of {self.later_coded}."
        )


def person_trends(
    episodes: Iterable[tuple[str, str | None, str | None]],
    valence: Mapping[str, str],
) -> tuple[PersonTrend, ...]:
    """Per person with 3 or more episodes (rows in time order): earlier half against later.

    `valence` maps an RO or RS code to "positive" or "negative" (ccrt.yaml).
    """
    by_person: dict[str, list[tuple[str | None, str | None]]] = {}
    for name, ro, rs in episodes:
        by_person.setdefault(name, []).append((ro, rs))
    out = []
    for name, rows in by_person.items():
        if len(rows) < MIN_TREND_EPISODES:
            continue
        half = len(rows) // 2
        counts = []
        for part in (rows[:half], rows[half:]):
            warm = coded = 0
            for ro, rs in part:
                for code in (ro, rs):
                    v = valence.get((code or "").upper())
                    if v in ("positive", "negative"):
                        coded += 1
                        warm += v == "positive"
            counts.append((warm, coded))
        (ew, ec), (lw, lc) = counts
        if ec and lc:
            out.append(PersonTrend(name, len(rows), ew, ec, lw, lc))
    return tuple(out)
