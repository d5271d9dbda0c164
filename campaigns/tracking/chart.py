"""Deliveries per week per channel against the plan, drawn as SVG on the server (no script, no library):
a bar per channel per week for what was done, a tick for what was planned."""

from __future__ import annotations

from django.utils.html import escape

from campaigns.tracking.coverage import WeeklySeries, week_monday

PALETTE = ("#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f",
           "#d62728")
WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 760, 280, 48, 56, 16


def weekly_chart_svg(series: WeeklySeries, channel_labels: dict[str, str]) -> str:
    """The chart as an ``<svg>`` element (text escaped), or a sentence when there is nothing to draw."""
    if not series.weeks:
        return '<p class="help-block help-info">Chưa có lượt đăng/phát nào trong khoảng thời gian này.</p>'
    peak = max(max(cell.planned, cell.reached) for cell in series.points.values()) or 1
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    slot = plot_w / len(series.weeks)
    bar = max(2.0, min(18.0, (slot - 6) / max(1, len(series.channels))))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT + 20 * len(series.channels)}" '
             f'width="100%" role="img" aria-labelledby="loa-chart-title" class="loa-coverage-chart">',
             '<title id="loa-chart-title">Số lượt đã thực hiện theo tuần và kênh, so với kế hoạch</title>',
             f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - 8}" y2="{TOP + plot_h}" stroke="#555"/>',
             f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="#555"/>']
    for fraction in (0, 0.5, 1):
        y = TOP + plot_h * (1 - fraction)
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end">'
                     f'{round(peak * fraction)}</text>')
    for w_index, week in enumerate(series.weeks):
        x0 = LEFT + w_index * slot + 3
        monday = week_monday(week)
        parts.append(f'<text x="{x0 + slot / 2 - 3:.1f}" y="{TOP + plot_h + 14}" font-size="10" text-anchor="middle">'
                     f'{escape(week[-3:])}</text>')
        parts.append(f'<text x="{x0 + slot / 2 - 3:.1f}" y="{TOP + plot_h + 26}" font-size="9" text-anchor="middle" '
                     f'fill="#555">{monday:%d/%m}</text>')
        for c_index, channel in enumerate(series.channels):
            cell = series.cell(channel, week)
            color = PALETTE[c_index % len(PALETTE)]
            x = x0 + c_index * bar
            height = plot_h * cell.reached / peak
            label = escape(f"{channel_labels.get(channel, channel)} · tuần {week}: {cell.reached}/{cell.planned}")
            parts.append(f'<rect x="{x:.1f}" y="{TOP + plot_h - height:.1f}" width="{bar - 1:.1f}" '
                         f'height="{height:.1f}" fill="{color}"><title>{label}</title></rect>')
            if cell.planned:
                y = TOP + plot_h - plot_h * cell.planned / peak
                parts.append(f'<line x1="{x - 1:.1f}" y1="{y:.1f}" x2="{x + bar:.1f}" y2="{y:.1f}" '
                             f'stroke="#000" stroke-width="2"><title>{label}</title></line>')
    for c_index, channel in enumerate(series.channels):
        y = HEIGHT + 20 * c_index
        parts.append(f'<rect x="{LEFT}" y="{y - 10}" width="12" height="12" '
                     f'fill="{PALETTE[c_index % len(PALETTE)]}"/>')
        parts.append(f'<text x="{LEFT + 18}" y="{y}" font-size="12">'
                     f'{escape(channel_labels.get(channel, channel))}</text>')
    parts.append(f'<text x="{WIDTH - 8}" y="{HEIGHT}" font-size="11" text-anchor="end">'
                 'Cột: đã thực hiện · vạch đen: kế hoạch</text>')
    parts.append("</svg>")
    return "".join(parts)
