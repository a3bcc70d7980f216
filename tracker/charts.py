"""Plotly figures for the dashboard: one chart per metric, a colour per source that never changes."""
from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

# Okabe-Ito, then Paul Tol's muted scheme: both read apart by colour-blind viewers.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
           "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499"]
NO_SOURCE = "(no source)"
OTHERS = "(other sources)"
MAX_LINES = 8                # sources drawn by name in one chart; the rest share one grey group
SYMBOL = {"interval": "circle-open", "incident": "diamond"}


def colours(sources_by_count: list[str]) -> dict[str, str]:
    """A colour for each source, fixed by its rank in the whole database (not by the current filter)."""
    out = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(sources_by_count)}
    out[NO_SOURCE] = "#8c8c8c"
    out[OTHERS] = "#c7c7c7"
    return out


def _rgba(hex_colour: str, alpha: float) -> str:
    h = hex_colour.lstrip("#")
    return f"rgba({int(h[0:2], 16)}, {int(h[2:4], 16)}, {int(h[4:6], 16)}, {alpha})"


def metric_chart(points: pd.DataFrame, metric: str, colour: dict[str, str], log: bool = False,
                 official: pd.DataFrame | None = None) -> go.Figure:
    """Running totals as a line per source; interval and incident counts as markers, never on a line;
    a body's official series (if imported) as a dashed line beneath its reports."""
    fig = go.Figure()
    if official is not None and not official.empty:
        for (name, source), g in official[official["metric"] == metric].groupby(["name", "source"], sort=False):
            c = colour.get(source, "#555555")
            fig.add_trace(go.Scatter(x=g["date"], y=g["value"], mode="lines", name=f"{name}", legendgroup=str(source),
                                     line=dict(color=_rgba(c, 0.55), width=1.5, dash="dash"),
                                     hovertemplate=f"<b>{html.escape(str(name))}</b><br>%{{x|%d %b %Y}}: %{{y:,}}<extra></extra>"))
    pts = points[points["metric"] == metric].copy()
    ranked = pts[pts["source"] != NO_SOURCE]["source"].value_counts().index.tolist()
    keep = set(ranked[:MAX_LINES]) | {NO_SOURCE}
    pts.loc[~pts["source"].isin(keep), "source"] = OTHERS
    hover = ("<b>%{customdata[1]}</b> — %{customdata[2]}<br>%{x|%d %b %Y}<br>%{customdata[3]}"
             "<br><i>%{customdata[4]}</i><extra></extra>")
    for (source, period), g in pts.groupby(["source", "period"], sort=False):
        g = g.sort_values("date")
        c = colour.get(source, "#555555")
        notes = period + " · cited by " + g["articles"].astype(str) + " article" + (g["articles"] > 1).map({True: "s", False: ""})
        notes = notes + (g["reported"] > 1).map({True: " · other figures that day", False: ""})
        notes = notes + g["corrected"].fillna(False).astype(bool).map({True: " · corrected by an editor", False: ""})
        custom = pd.DataFrame({"id": g["figure_id"], "said": g["number_text"].map(html.escape), "source": html.escape(str(source)),
                               "title": g["title"].fillna("").str.slice(0, 90).map(html.escape), "note": notes}).to_numpy()
        above = (g["high"] - g["value"]).clip(lower=0)
        below = (g["value"] - g["low"]).clip(lower=0)
        error = dict(type="data", array=above, arrayminus=below, visible=bool((above + below).any()), color=c, thickness=1)
        symbols = ["triangle-up" if q == "at_least" else "triangle-down" if q == "at_most" else
                   SYMBOL.get(period, "circle") for q in g["qualifier"]]
        if period == "total" and bool((g["high"] > g["low"]).any()):
            # a series built from ranges: the band between the bounds, under the line
            fig.add_trace(go.Scatter(x=g["date"], y=g["high"], mode="lines", line=dict(width=0), showlegend=False,
                                     legendgroup=str(source), hoverinfo="skip"))
            fig.add_trace(go.Scatter(x=g["date"], y=g["low"], mode="lines", line=dict(width=0), fill="tonexty",
                                     fillcolor=_rgba(c, 0.18), showlegend=False, legendgroup=str(source), hoverinfo="skip"))
        if period == "total":
            fig.add_trace(go.Scatter(x=g["date"], y=g["value"], mode="lines+markers", name=str(source),
                                     legendgroup=str(source), line=dict(color=c, width=2),
                                     marker=dict(color=c, size=7, symbol=symbols), error_y=error,
                                     customdata=custom, hovertemplate=hover))
        else:
            fig.add_trace(go.Scatter(x=g["date"], y=g["value"], mode="markers", name=f"{source} · {period}",
                                     legendgroup=str(source), marker=dict(color=c, size=9, symbol=symbols,
                                                                          line=dict(color=c, width=1.5)),
                                     error_y=error, customdata=custom, hovertemplate=hover))
    fig.update_layout(height=380, margin=dict(l=10, r=10, t=40, b=10), title=dict(text=metric.capitalize(), x=0),
                      legend=dict(orientation="h", y=-0.15), hovermode="closest", dragmode="zoom",
                      yaxis=dict(type="log" if log else "linear", title="people" if metric not in ("attacks", "damaged") else ""),
                      xaxis=dict(title=""))
    return fig


def marked(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Text as safe HTML, each (start, end, label) span in a <mark>: nothing in the text can become markup."""
    out, pos = [], 0
    for start, end, label in sorted(spans):
        if start < pos:
            continue
        out.append(html.escape(text[pos:start]))
        out.append(f'<mark title="{html.escape(label)}">{html.escape(text[start:end])}</mark>')
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out).replace("\n", "<br>")
