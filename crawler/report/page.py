"""The dashboard as one static HTML page: inline CSS and SVG, readable opened from disk.

Per portal: records per day as a bar plot (dates across, counts up; stale days marked by
a band, a triangle and the word "stale", today's bar partial), the threshold under which a
day is stale, failures by reason, the share of generic fallbacks, the last run's status
and time, and every number in a table as well. Nothing is fetched when the page opens;
the one inline script only measures the drawn plots into ``data-`` attributes
(``data-plots-rendered`` on ``<html>``, ``data-bbox`` and ``data-drawn-bars`` on each
plot), so a test can tell a page that rendered from one that did not.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from html import escape

from crawler import reasons
from crawler.record.times import BUDAPEST
from crawler.report.portals import Portal
from crawler.report.stale import FRACTION, WINDOW_DAYS, baseline
from crawler.run import days as rollup

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# The plot's geometry, in SVG units (the SVG scales to the page's width).
WIDTH, HEIGHT = 960, 250
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 14, 44
BAR_COLOUR = "#2f6db3"
STALE_COLOUR = "#c62828"
STALE_BAND = "#fbe3e1"


@dataclass(frozen=True)
class Dashboard:
    portals: list[Portal]
    stale: Mapping[str, list[date]]  # crawler.report.stale.stale_days
    today: date  # Budapest: the first day not yet over
    now: datetime
    span: int  # days plotted, today included
    source: str  # the OUTPUT_DIR read, as given
    meanings: Mapping[int, str]  # exit status -> what it means

    @property
    def shown(self) -> list[date]:
        return [self.today - timedelta(days=n) for n in range(self.span - 1, -1, -1)]

    def stale_now(self, portal: Portal) -> bool:
        return self.today - timedelta(days=1) in self.stale.get(portal.name, [])


def render(board: Dashboard) -> str:
    stale_names = [p.name for p in board.portals if board.stale_now(p)]
    title = (
        f"Crawler runs: {len(board.portals)} portals, "
        + (f"STALE: {', '.join(stale_names)}" if stale_names else "none stale")
        + f" ({board.today.isoformat()})"
    )
    sections = "\n".join(_portal_section(board, n, p) for n, p in enumerate(board.portals))
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>{STYLE}</style>
</head>
<body>
<header>
<h1>Crawler runs</h1>
<p>{len(board.portals)} portals in <code>{escape(board.source)}</code>, the last {board.span}
days to {_long_date(board.today)} (Budapest days; today is not over yet). Generated
{escape(_when(board.now))}.</p>
</header>
<main>
<section aria-labelledby="summary">
<h2 id="summary">Portals</h2>
{_summary_table(board)}
{_rule()}
</section>
{sections}
</main>
<script>{SCRIPT}</script>
</body>
</html>
"""


def _summary_table(board: Dashboard) -> str:
    yesterday = board.today - timedelta(days=1)
    rows = []
    for n, portal in enumerate(board.portals):
        records = portal.records()
        base = baseline(records, yesterday)
        window = _window(board, portal)
        failures = _failure_total(window)
        rows.append(
            "<tr>"
            f'<th scope="row"><a href="#{_id(n, portal)}">{escape(portal.name)}</a></th>'
            f"<td>{_state_badge(board, portal)}</td>"
            f"<td>{_last_run_cell(board, portal)}</td>"
            f'<td class="num">{_number(records.get(yesterday)) if records else "–"}</td>'
            f'<td class="num">{_baseline(base)}</td>'
            f'<td class="num">{window.records:,}</td>'
            f'<td class="num">{_share(window)}</td>'
            f'<td class="num">{failures:,}</td>'
            "</tr>"
        )
    return (
        "<table>\n<caption>Every portal at a glance; records and failures over the last "
        f"{board.span} days</caption>\n<thead><tr>"
        '<th scope="col">Portal</th><th scope="col">State</th>'
        '<th scope="col">Last run</th><th scope="col">Records yesterday</th>'
        f'<th scope="col">{WINDOW_DAYS}-day median</th>'
        f'<th scope="col">Records ({board.span} days)</th>'
        '<th scope="col">Generic fallback</th>'
        f'<th scope="col">Failures ({board.span} days)</th>'
        "</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>"
    )


def _rule() -> str:
    return (
        '<p class="rule"><strong>Stale</strong>: a whole day (not today) on which the '
        "portal's records fell under a quarter of the median of its previous "
        f"{WINDOW_DAYS} days (zero records included), while at least one other portal "
        "published. Days without a run count as zero, from the portal's first day on "
        "record. A portal is marked STALE when yesterday was such a day: "
        "<code>scrapy report --check</code> then exits 3.</p>"
    )


def _portal_section(board: Dashboard, n: int, portal: Portal) -> str:
    window = _window(board, portal)
    rebuilt = (
        '<p class="note">days.json was missing or unreadable: these days are rebuilt from '
        "the per-run reports still on disk (kept for <code>REPORT_RETENTION_DAYS</code>); "
        "the spider's next run writes it again.</p>"
        if portal.rebuilt
        else ""
    )
    return f"""<section aria-labelledby="{_id(n, portal)}">
<h2 id="{_id(n, portal)}">{escape(portal.name)} {_state_badge(board, portal)}</h2>
<p>{_last_run_sentence(board, portal)}</p>
{rebuilt}<figure>
{_plot(board, n, portal)}
<figcaption>Records published per day (bars). {_stale_caption(board, portal)}
The dashed line is a quarter of the {WINDOW_DAYS}-day median: a whole day under it is stale
while another portal published. Today's bar (pale) is the day so far.</figcaption>
</figure>
<p>Generic fallback (markup the site module did not recognise):
<strong>{_share(window)}</strong> of the articles extracted in the last {board.span} days.</p>
<h3>Failures by reason, last {board.span} days</h3>
{_failure_table(window)}
<details>
<summary>Numbers per day</summary>
{_day_table(board, portal)}
</details>
</section>"""


def _plot(board: Dashboard, n: int, portal: Portal) -> str:
    shown = board.shown
    records = portal.records()
    stale = set(board.stale.get(portal.name, []))
    thresholds = {
        day: FRACTION * base for day in shown if (base := baseline(records, day)) is not None
    }
    peak = max([*(records.get(d, 0) for d in shown), *thresholds.values(), 0])
    step, top = _ticks(peak)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    slot = plot_w / len(shown)
    base_y = TOP + plot_h

    def x(i: int) -> float:
        return LEFT + i * slot

    def y(value: float) -> float:
        return base_y - value / top * plot_h

    parts: list[str] = []
    # Bands under everything, marks over everything: neighbouring stale days never hide
    # each other's marks.
    for i, day in enumerate(shown):
        if day in stale:
            parts.append(
                f'<rect class="stale-band" x="{x(i):.1f}" y="{TOP}" width="{slot:.1f}" '
                f'height="{plot_h}" fill="{STALE_BAND}"><title>{day.isoformat()}: stale'
                "</title></rect>"
            )
    for value in range(0, top + 1, step):
        parts.append(
            f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" '
            f'y2="{y(value):.1f}"/><text class="ytick" x="{LEFT - 6}" y="{y(value) + 4:.1f}">'
            f"{value:,}</text>"
        )
    bars = []
    for i, day in enumerate(shown):
        if day not in records:
            continue
        count = records[day]
        today = day == board.today
        kind = "bar stale" if day in stale else "bar today" if today else "bar"
        fill = STALE_COLOUR if day in stale else BAR_COLOUR
        pale = ' fill-opacity="0.4"' if today else ""
        label = f"{day.isoformat()}: {count:,} records" + (
            " (stale)" if day in stale else " (so far)" if today else ""
        )
        bars.append(
            f'<rect class="{kind}" x="{x(i) + slot * 0.12:.1f}" y="{y(count):.1f}" '
            f'width="{slot * 0.76:.1f}" height="{base_y - y(count):.1f}" fill="{fill}"{pale}>'
            f"<title>{label}</title></rect>"
        )
    parts.append(f'<g class="bars">{"".join(bars)}</g>')
    points = " ".join(
        f"{x(i) + slot / 2:.1f},{y(thresholds[day]):.1f}"
        for i, day in enumerate(shown)
        if day in thresholds
    )
    if points:
        parts.append(f'<polyline class="threshold" points="{points}"/>')
    for i, day in enumerate(shown):
        if day in stale:
            cx = x(i) + slot / 2
            parts.append(
                f'<g class="stale-mark"><path d="M{cx - 5:.1f},{TOP} h10 l-5,8 z" '
                f'fill="{STALE_COLOUR}"/><text class="stale-word" '
                f'transform="translate({cx - 3.5:.1f},{TOP + 12}) rotate(90)">stale</text></g>'
            )
    for i, day in enumerate(shown):
        if (board.today - day).days % 7 == 0:
            cx = x(i) + slot / 2
            parts.append(
                f'<line class="tick" x1="{cx:.1f}" x2="{cx:.1f}" y1="{base_y}" '
                f'y2="{base_y + 4}"/><text class="xtick" x="{cx:.1f}" y="{base_y + 17}">'
                f"{_short_date(day)}</text>"
            )
    parts.append(
        f'<line class="axis" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{base_y}" y2="{base_y}"/>'
        f'<line class="axis" x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{base_y}"/>'
        f'<text class="axis-title" x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 6}">'
        "day (Budapest)</text>"
        f'<text class="axis-title" transform="translate(14,{TOP + plot_h / 2:.1f}) '
        'rotate(-90)">records</text>'
    )
    ident = _id(n, portal)
    stale_shown = [d for d in shown if d in stale]
    description = (
        f"Bars: records per day from {shown[0].isoformat()} to {shown[-1].isoformat()}, "
        f"highest {max((records.get(d, 0) for d in shown), default=0):,}. "
        + (
            f"Stale days: {', '.join(d.isoformat() for d in stale_shown)}."
            if stale_shown
            else "No stale day."
        )
    )
    return (
        f'<svg class="plot" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" data-portal="{escape(portal.name)}">'
        f'<title id="{ident}-title">Records per day: {escape(portal.name)}</title>'
        f'<desc id="{ident}-desc">{escape(description)}</desc>' + "".join(parts) + "</svg>"
    )


def _ticks(peak: float) -> tuple[int, int]:
    """A round step (1, 2 or 5 times a power of ten) giving at most five gridlines above
    zero, and the axis top: the first gridline with some room above ``peak``."""
    if peak <= 0:
        return 1, 1
    room = peak * 1.08
    step = 1
    for power in range(0, 10):
        for factor in (1, 2, 5):
            step = factor * 10**power
            if room / step <= 5:
                return step, step * math.ceil(room / step)
    return step, step * math.ceil(room / step)


def _stale_caption(board: Dashboard, portal: Portal) -> str:
    shown = set(board.shown)
    days = [d for d in board.stale.get(portal.name, []) if d in shown]
    if not days:
        return "No stale day in this span."
    return (
        f"Stale days (red bar, pale red band, triangle and the word “stale”): "
        f"{', '.join(_short_date(d) for d in days)}."
    )


def _failure_table(window: rollup.Day) -> str:
    rows = _failures(window)
    if not rows:
        return "<p>None.</p>"
    body = "\n".join(
        f'<tr><th scope="row"><code>{escape(reason)}</code></th><td>{escape(kind)}</td>'
        f'<td class="num">{count:,}</td></tr>'
        for reason, kind, count in rows
    )
    return (
        '<table class="failures">\n<thead><tr><th scope="col">Reason</th>'
        '<th scope="col">What it is</th><th scope="col">Count</th></tr></thead>\n'
        f"<tbody>\n{body}\n</tbody>\n</table>"
    )


def _failures(window: rollup.Day) -> list[tuple[str, str, int]]:
    """(reason, what it is, count), most first: pages that gave no record by reason, and
    failed requests (``errors``) by reason."""
    rows = [(reason, _dropped_kind(reason), n) for reason, n in window.dropped.items()]
    rows += [(reason, "request failed", n) for reason, n in window.errors.items()]
    return sorted(rows, key=lambda row: (-row[2], row[0], row[1]))


def _dropped_kind(reason: str) -> str:
    category = reasons.category_of(reason)
    if category is reasons.Category.NOT_OURS:
        return "not ours (no failure)"
    if category is reasons.Category.EXTRACTION:
        return "no record: extraction"
    return "no record: fetch"


def _failure_total(day: rollup.Day) -> int:
    """Failures only: a page found to be another section's is not one."""
    return sum(n for _, kind, n in _failures(day) if not kind.startswith("not ours"))


def _day_table(board: Dashboard, portal: Portal) -> str:
    stale = set(board.stale.get(portal.name, []))
    records = portal.records()
    rows = []
    for day in reversed(board.shown):
        entry = portal.days.get(day)
        base = baseline(records, day)
        mark = "stale" if day in stale else ("today, not over" if day == board.today else "")
        if entry is None:
            rows.append(
                f'<tr><th scope="row">{day.isoformat()}</th><td class="num">0</td>'
                f'<td class="num">–</td><td class="num">{_baseline(base)}</td>'
                f"<td>no run</td><td>–</td><td>–</td><td>{mark}</td></tr>"
            )
            continue
        statuses = ", ".join(f"{s}×{n}" for s, n in entry.statuses.items())
        failures = _failure_total(entry)
        rows.append(
            f'<tr{" class=stale" if day in stale else ""}><th scope="row">{day.isoformat()}'
            f'</th><td class="num">{entry.runs:,}</td><td class="num">{entry.records:,}</td>'
            f'<td class="num">{_baseline(base)}</td><td>{escape(statuses)}</td>'
            f'<td class="num">{failures:,}</td><td class="num">{_share(entry)}</td>'
            f"<td>{mark}</td></tr>"
        )
    return (
        f"<table>\n<caption>{escape(portal.name)}, newest day first</caption>\n<thead><tr>"
        '<th scope="col">Day</th><th scope="col">Runs</th><th scope="col">Records</th>'
        f'<th scope="col">{WINDOW_DAYS}-day median before</th>'
        '<th scope="col">Exit statuses (status×runs)</th><th scope="col">Failures</th>'
        '<th scope="col">Generic fallback</th><th scope="col">Mark</th></tr></thead>\n'
        "<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>"
    )


def _window(board: Dashboard, portal: Portal) -> rollup.Day:
    shown = set(board.shown)
    return rollup.total(entry for day, entry in portal.days.items() if day in shown)


def _state_badge(board: Dashboard, portal: Portal) -> str:
    if board.stale_now(portal):
        return '<span class="badge stale">STALE</span>'
    return '<span class="badge ok">not stale</span>'


def _status_text(board: Dashboard, portal: Portal) -> tuple[str, bool]:
    last = portal.last_run or {}
    status = last.get("status")
    if not isinstance(status, int):
        return "unknown (last_run.json unreadable)", False
    meaning = board.meanings.get(status, "unknown status")
    return f"{status}: {meaning}", status == 0


def _last_run_cell(board: Dashboard, portal: Portal) -> str:
    text, healthy = _status_text(board, portal)
    finished = portal.last_finished()
    when = f"<br><small>{escape(_when(finished, board.now))}</small>" if finished else ""
    mark = "ok" if healthy else "bad"
    return f'<span class="status {mark}">{escape(text)}</span>{when}'


def _last_run_sentence(board: Dashboard, portal: Portal) -> str:
    text, healthy = _status_text(board, portal)
    last = portal.last_run or {}
    finished = portal.last_finished()
    parts = [
        f'Last run: <span class="status {"ok" if healthy else "bad"}">status {escape(text)}</span>'
    ]
    if finished:
        parts.append(f"finished {escape(_when(finished, board.now))}")
    if isinstance(last.get("records_written"), int):
        parts.append(f"{last['records_written']:,} records")
    sentence = ", ".join(parts) + "."
    if isinstance(last.get("problem"), str):
        sentence += f" Problem: {escape(last['problem'])}."
    return sentence


def _share(day: rollup.Day) -> str:
    if not day.extracted:
        return "– (nothing extracted)"
    share = 100 * day.generic_fallback / day.extracted
    return f"{share:.1f} % ({day.generic_fallback:,} of {day.extracted:,})"


def _baseline(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.1f}".removesuffix(".0")


def _number(value: int | None) -> str:
    return f"{value:,}" if value is not None else "0 (no run)"


def _when(moment: datetime, now: datetime | None = None) -> str:
    local = moment.astimezone(BUDAPEST)
    text = local.strftime("%Y-%m-%d %H:%M %Z")
    if now is None:
        return text
    seconds = (now - moment).total_seconds()
    if seconds < 0:
        return text
    if seconds < 3600:
        ago = f"{int(seconds // 60)} min ago"
    elif seconds < 2 * 86400:
        ago = f"{int(seconds // 3600)} h ago"
    else:
        ago = f"{int(seconds // 86400)} days ago"
    return f"{text} ({ago})"


def _short_date(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}"


def _long_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _id(n: int, portal: Portal) -> str:
    return f"portal-{n}-{re.sub(r'[^A-Za-z0-9_-]', '-', portal.name)}"


STYLE = """
body { font: 15px/1.45 system-ui, "DejaVu Sans", sans-serif; color: #1b1f24;
  max-width: 1040px; margin: 0 auto; padding: 0 16px 40px; background: #fff; }
h1 { margin: 18px 0 4px; font-size: 26px; }
h2 { margin: 32px 0 6px; font-size: 21px; border-top: 1px solid #d0d7de; padding-top: 14px; }
h3 { font-size: 16px; margin: 16px 0 4px; }
table { border-collapse: collapse; margin: 6px 0 10px; font-size: 14px; }
caption { text-align: left; color: #57606a; font-size: 13px; padding-bottom: 3px; }
th, td { border: 1px solid #d0d7de; padding: 3px 8px; text-align: left; vertical-align: top; }
thead th { background: #f3f5f8; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.stale th, tr.stale td { background: #fdecea; }
.badge { display: inline-block; font-size: 12px; font-weight: 700; padding: 1px 7px;
  border-radius: 9px; vertical-align: middle; white-space: nowrap; }
.badge.stale { background: #c62828; color: #fff; }
.badge.ok { background: #e6f2ea; color: #1e6b35; border: 1px solid #9fcfae; }
.status.bad { color: #b3261e; font-weight: 600; }
.status.ok { color: #1e6b35; }
.note { background: #fff8e1; border-left: 4px solid #e0b400; padding: 4px 10px; }
.rule { color: #3d444d; font-size: 14px; max-width: 80ch; }
figure { margin: 8px 0; }
figcaption { color: #57606a; font-size: 13px; max-width: 90ch; }
svg.plot { width: 100%; height: auto; display: block; }
svg.plot text { font: 11px system-ui, "DejaVu Sans", sans-serif; fill: #3d444d; }
svg.plot .ytick { text-anchor: end; }
svg.plot .xtick, svg.plot .axis-title { text-anchor: middle; }
svg.plot .axis-title { font-size: 12px; fill: #57606a; }
svg.plot .stale-word { font-size: 10px; fill: #c62828; font-weight: 700; }
svg.plot .grid { stroke: #e6e9ed; }
svg.plot .axis, svg.plot .tick { stroke: #57606a; }
svg.plot .threshold { fill: none; stroke: #6e4b00; stroke-width: 1.5; stroke-dasharray: 5 4; }
details { margin: 8px 0; }
summary { cursor: pointer; color: #0b5cad; }
"""

# Measures what the browser drew, so a headless browser's --dump-dom can prove the plots
# rendered (a broken SVG has an empty bounding box and no bar of any height).
SCRIPT = """
(function () {
  var plots = document.querySelectorAll("svg.plot"), rendered = 0;
  for (var i = 0; i < plots.length; i++) {
    var svg = plots[i], bars = svg.querySelectorAll("g.bars rect"), drawn = 0;
    for (var j = 0; j < bars.length; j++) {
      if (bars[j].getBBox().height > 0) drawn++;
    }
    var box = svg.querySelector("g.bars").getBBox(), shown = svg.getBoundingClientRect();
    svg.setAttribute("data-bbox", Math.round(box.width) + "x" + Math.round(box.height));
    svg.setAttribute("data-drawn-bars", drawn);
    svg.setAttribute("data-screen", Math.round(shown.width) + "x" + Math.round(shown.height));
    if (box.width > 0 && box.height > 0 && shown.width > 0) rendered++;
  }
  document.documentElement.setAttribute("data-plots-rendered", rendered);
})();
"""
