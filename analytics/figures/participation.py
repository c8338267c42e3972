"""Turnout charts: against the target (bullet), between elections (dumbbell), against reach (scatter), gaps."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analytics import fmt, geography
from analytics.figures import maps
from analytics.figures.base import CATEGORICAL, base_layout
from analytics.figures.figure import Figure
from analytics.i18n import t
from analytics.queries.geo import Boundaries

BLUE, ORANGE, GREEN, PURPLE, BLACK = CATEGORICAL[0], CATEGORICAL[1], CATEGORICAL[2], CATEGORICAL[3], "#000000"
ROW_HEIGHT = 30  # pixels per area in the horizontal charts, so long lists stay readable
# Legends above the plot: below it they collide with the x-axis title once a phone screen wraps them.
LEGEND_TOP = {"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "left", "x": 0}


def _value(v) -> float | None:
    """A plain float, or None for any kind of missing value (None, NaN, pd.NA)."""
    return None if v is None or pd.isna(v) else float(v)


def _pct(v, lang: str) -> str:
    return fmt.percent(_value(v), lang)


def signed(v, lang: str) -> str:
    """A signed difference with one decimal and a typographic minus: '+4,1' / '−25,9'; '–' when unknown."""
    v = _value(v)
    if v is None:
        return "–"
    sign = "+" if v > 0 else "−" if v < 0 else ""
    return sign + fmt.number(abs(v), lang, decimals=1)


def points(v, lang: str) -> str:
    """A difference in percentage points: '+4,1 poin' / '−19,0 poin'; '–' when unknown."""
    return "–" if _value(v) is None else t("partisipasi.points", lang, value=signed(v, lang))


def area_labels(frame: pd.DataFrame) -> list[str]:
    """Area names for an axis, with the kecamatan added where a name repeats (categories must be unique)."""
    names = frame["nama"].astype(str)
    repeated = names.duplicated(keep=False)
    if "kecamatan" not in frame or not repeated.any():
        return list(names)
    return [f"{n} ({k})" if rep else n for n, k, rep in zip(names, frame["kecamatan"], repeated)]


def _height(rows: int) -> int:
    return max(280, 110 + ROW_HEIGHT * rows)


def _complete(frame: pd.DataFrame, *cols: str) -> pd.DataFrame:
    """Rows where every named column has a value, with those columns as plain floats."""
    out = frame.copy()
    for col in cols:
        out[col] = pd.to_numeric(out[col], errors="coerce").astype(float)
    return out.dropna(subset=list(cols))


def _legend_on_top(fig: go.Figure) -> go.Figure:
    fig.update_layout(legend=LEGEND_TOP, margin={"t": max(fig.layout.margin.t or 0, 40)})
    return fig


def turnout_map(values: pd.DataFrame, boundaries: Boundaries, measure: str, lang: str, *,
                hover: dict[str, str] | None = None, height: int = 440,
                width_px: int = geography.MAP_WIDTH_PX) -> go.Figure:
    """Areas coloured by turnout or by the gap to the target (diverging around zero), from area_metrics' frame,
    framed for a map `width_px` wide."""
    fig = maps.choropleth(values, boundaries, measure, t(f"metric.{measure}", lang), lang, hover=hover,
                          diverging=measure == "selisih_target_persen", height=height, width_px=width_px)
    # Turnout differs between areas by tenths of a point: whole numbers on the colour bar would repeat.
    fig.update_layout(coloraxis_colorbar_tickformat=",.1~f")
    return fig


def bullet(frame: pd.DataFrame, lang: str, title: str | None = None) -> go.Figure:
    """Turnout per area as bars with each area's target as a black tick; lowest turnout on top.

    `frame` has nama, partisipasi_persen, target_semua, terdaftar, memilih (area_metrics' columns)."""
    progress = pd.DataFrame({
        "nama": frame["nama"], "nilai_persen": frame["partisipasi_persen"], "target_persen": frame["target_semua"],
        "pembilang": frame["memilih"], "penyebut": frame["terdaftar"],
    })
    if "kecamatan" in frame:
        progress["kecamatan"] = frame["kecamatan"]
    return progress_bullet(progress, lang, title, value_name=t("partisipasi.hover.turnout", lang),
                           counts_name=t("partisipasi.hover.voted", lang),
                           axis_title=t("metric.partisipasi_persen", lang))


def progress_bullet(frame: pd.DataFrame, lang: str, title: str | None = None, *, value_name: str,
                    counts_name: str, axis_title: str) -> go.Figure:
    """Bars of nilai_persen per area with each area's target_persen as a black tick; lowest value on top.

    `frame` has nama, nilai_persen, target_persen, pembilang, penyebut (analytics.progress.segment_progress)."""
    data = _complete(frame, "nilai_persen").sort_values("nilai_persen", ascending=False)
    labels = area_labels(data)
    has_target = data["target_persen"].notna()
    hover = [
        "<br>".join(line for line in [
            f"<b>{label}</b>",
            f"{value_name}: {_pct(r.nilai_persen, lang)}",
            f"{t('partisipasi.hover.target', lang)}: {_pct(r.target_persen, lang)}",
            f"{t('partisipasi.hover.gap', lang)}: {points(r.nilai_persen - r.target_persen, lang)}"
            if _value(r.target_persen) is not None else "",
            f"{counts_name}: {fmt.number(_value(r.pembilang), lang)} / {fmt.number(_value(r.penyebut), lang)}",
        ] if line)
        for label, r in zip(labels, data.itertuples())
    ]
    fig = Figure()
    fig.add_bar(
        x=data["nilai_persen"], y=labels, orientation="h", name=value_name,
        marker_color=BLUE, text=[_pct(v, lang) for v in data["nilai_persen"]], textposition="inside",
        insidetextanchor="end", textfont={"color": "white"}, customdata=hover,
        hovertemplate="%{customdata}<extra></extra>",
    )
    if has_target.any():
        fig.add_scatter(
            x=data.loc[has_target, "target_persen"].astype(float),
            y=[lab for lab, ok in zip(labels, has_target) if ok],
            mode="markers", name=t("partisipasi.hover.target", lang),
            marker={"symbol": "line-ns", "size": 18, "line": {"width": 4, "color": BLACK}, "color": BLACK},
            customdata=[h for h, ok in zip(hover, has_target) if ok],
            hovertemplate="%{customdata}<extra></extra>",
        )
    # Reach counts attendances, so it can pass 100 %: widen the axis rather than cut a bar off.
    top = max([100.5, *(float(v) * 1.03 for v in data["nilai_persen"])])
    fig.update_layout(
        xaxis={"title": axis_title, "range": [0, top], "dtick": 20, "showgrid": True, "gridcolor": "#e6e6e6"},
        yaxis={"title": None, "automargin": True, "categoryorder": "array", "categoryarray": labels},
        bargap=0.35,
    )
    return _legend_on_top(base_layout(fig, lang, title, height=_height(len(data))))


def dumbbell(frame: pd.DataFrame, earlier: str, current: str, lang: str, title: str | None = None) -> go.Figure:
    """Turnout per area in an earlier election (orange) and the chosen one (blue), joined by a line.

    `frame` is turnout_change's: nama, partisipasi_persen_sebelumnya, partisipasi_persen, perubahan_poin."""
    data = _complete(frame, "partisipasi_persen", "partisipasi_persen_sebelumnya")
    data = data.sort_values("partisipasi_persen", ascending=False)
    labels = area_labels(data)
    hover = [
        f"<b>{label}</b><br>{earlier}: {_pct(r.partisipasi_persen_sebelumnya, lang)}<br>"
        f"{current}: {_pct(r.partisipasi_persen, lang)}<br>"
        f"{t('partisipasi.hover.change', lang)}: {points(r.perubahan_poin, lang)}"
        for label, r in zip(labels, data.itertuples())
    ]
    xs: list[float | None] = []
    ys: list[str | None] = []
    for label, a, b in zip(labels, data["partisipasi_persen_sebelumnya"], data["partisipasi_persen"]):
        xs += [a, b, None]
        ys += [label, label, None]
    fig = Figure()
    fig.add_scatter(x=xs, y=ys, mode="lines", line={"color": "#999999", "width": 3}, hoverinfo="skip",
                    showlegend=False)
    for col, name, colour, symbol in (("partisipasi_persen_sebelumnya", earlier, ORANGE, "circle"),
                                      ("partisipasi_persen", current, BLUE, "diamond")):
        # Different shapes as well as colours, so the two elections differ without colour vision.
        fig.add_scatter(x=data[col], y=labels, mode="markers", name=name,
                        marker={"color": colour, "size": 12, "symbol": symbol, "line": {"color": "white", "width": 1}},
                        customdata=hover, hovertemplate="%{customdata}<extra></extra>")
    fig.update_layout(
        xaxis={"title": t("metric.partisipasi_persen", lang), "showgrid": True, "gridcolor": "#e6e6e6"},
        yaxis={"title": None, "automargin": True, "categoryorder": "array", "categoryarray": labels},
    )
    return _legend_on_top(base_layout(fig, lang, title, height=_height(len(data))))


# Above this many points a scatter is drawn with WebGL (Scattergl): SVG markers make the browser crawl.
GL_POINTS = 2_000


def reach_scatter(frame: pd.DataFrame, stats: dict, lang: str, title: str | None = None) -> go.Figure:
    """Reach per 1,000 voters (x) against turnout (y) per kelurahan, coloured by kecamatan, with the fitted line.

    `frame` is outreach_vs_turnout's; `stats` is correlation()'s answer on the same columns."""
    data = _complete(frame, "dijangkau_per_1000", "partisipasi_persen")
    fig = Figure()
    reach_label = t("metric.dijangkau_per_1000", lang)
    turnout_label = t("partisipasi.hover.turnout", lang)

    def hover(part: pd.DataFrame, kecamatan: pd.Series) -> list[str]:
        return [
            f"<b>{nama}</b> ({kec})<br>{reach_label}: {fmt.number(x, lang, decimals=1)}"
            f"<br>{turnout_label}: {_pct(y, lang)}"
            for nama, kec, x, y in zip(part["nama"], kecamatan, part["dijangkau_per_1000"], part["partisipasi_persen"])
        ]

    groups = data["kecamatan"].nunique()
    if groups <= len(CATEGORICAL):
        for i, (kecamatan, part) in enumerate(data.groupby("kecamatan", sort=True)):
            fig.add_scatter(
                x=part["dijangkau_per_1000"], y=part["partisipasi_persen"], mode="markers", name=str(kecamatan),
                marker={"color": CATEGORICAL[i % len(CATEGORICAL)], "size": 10, "opacity": 0.85,
                        "line": {"color": "white", "width": 1}},
                customdata=hover(part, part["kecamatan"]), hovertemplate="%{customdata}<extra></extra>",
            )
    else:
        # More kecamatan than distinguishable colours (a province, the country): one colour, one trace, drawn by
        # WebGL once there are thousands of points. A trace per kecamatan was 7.000 traces and 15 s nationally.
        trace = go.Scattergl if len(data) > GL_POINTS else go.Scatter
        fig.add_trace(trace(
            x=data["dijangkau_per_1000"].to_numpy(), y=data["partisipasi_persen"].to_numpy(), mode="markers",
            name=t("level.kelurahan", lang),
            marker={"color": CATEGORICAL[0], "size": 5 if len(data) > GL_POINTS else 8, "opacity": 0.5},
            # Names as data and numbers formatted by plotly (the layout's separators follow the language): building
            # 80.000 hover strings in Python took seconds.
            hovertemplate=(f"<b>%{{customdata}}</b><br>{reach_label}: %{{x:,.1f}}"
                           f"<br>{turnout_label}: %{{y:.1f}} %<extra></extra>"),
        ))
        # One label per point, joined column-wise (not value by value from Arrow-backed columns, ~8 µs each) and
        # given as a list of str: see Figure.set_unchecked (~0,4 s of the page for the country's 83.000 kelurahan).
        labels = (data["nama"].astype("str") + " (" + data["kecamatan"].astype("str") + ")").tolist()
        fig.set_unchecked(len(fig.data) - 1, customdata=labels)
    if stats.get("slope") is not None and not data.empty:
        lo, hi = data["dijangkau_per_1000"].min(), data["dijangkau_per_1000"].max()
        fig.add_scatter(
            x=[lo, hi], y=[stats["intercept"] + stats["slope"] * lo, stats["intercept"] + stats["slope"] * hi],
            mode="lines", name=t("partisipasi.scatter.fit", lang), line={"color": BLACK, "dash": "dash", "width": 2},
            hoverinfo="skip",
        )
    # Inside the plot, in the corner the fitted line leaves empty (top left when r ≥ 0, top right when r < 0).
    right = (stats.get("r") or 0) < 0
    fig.add_annotation(text=stats_label(stats, lang), x=0.99 if right else 0.01, y=0.99, xref="paper",
                       yref="paper", xanchor="right" if right else "left", yanchor="top", showarrow=False,
                       font={"size": 14, "color": "#222222"}, bgcolor="rgba(255,255,255,0.85)")
    fig.update_layout(
        xaxis={"title": reach_label, "rangemode": "tozero", "tickformat": ",d"},
        yaxis={"title": t("metric.partisipasi_persen", lang)},
    )
    base_layout(fig, lang, title, height=500)
    legend_title = t("level.kecamatan", lang) if groups <= len(CATEGORICAL) else ""
    fig.update_layout(legend={**LEGEND_TOP, "title": {"text": legend_title}},
                      margin={"t": 60 if title else 40})
    return fig


def stats_label(stats: dict, lang: str) -> str:
    """'n = 68 · r = 0,85 [0,76; 0,90]' (Indonesian) or 'n = 68 · r = 0.85 [0.76, 0.90]'; '–' where unknown."""

    def two(v) -> str:
        v = _value(v)
        if v is None:
            return "–"
        return ("−" if v < 0 else "") + fmt.number(abs(v), lang, decimals=2)

    return t("partisipasi.scatter.annotation", lang, n=fmt.number(stats.get("n", 0), lang), r=two(stats.get("r")),
             low=two(stats.get("ci_low")), high=two(stats.get("ci_high")))


def gaps(frame: pd.DataFrame, lang: str, title: str | None = None) -> go.Figure:
    """Grouped bars per area: women's minus men's turnout, and disabled voters' minus all voters', in points.

    `frame` is turnout_gaps'; areas without results are left out."""
    data = _complete(frame, "selisih_perempuan_poin").sort_values("nama", ascending=False)
    labels = area_labels(data)
    fig = Figure()
    series = (
        ("selisih_perempuan_poin", "partisipasi.gaps.women", PURPLE, "partisipasi_perempuan_persen",
         "partisipasi_laki_laki_persen", "partisipasi.hover.women", "partisipasi.hover.men"),
        ("selisih_disabilitas_poin", "partisipasi.gaps.disabled", GREEN, "partisipasi_disabilitas_persen",
         "partisipasi_persen", "partisipasi.hover.disabled", "partisipasi.hover.all"),
    )
    for col, name_key, colour, a, b, a_key, b_key in series:
        values = pd.to_numeric(data[col], errors="coerce").astype(float)
        hover = [
            f"<b>{label}</b><br>{t(a_key, lang)}: {_pct(va, lang)}<br>{t(b_key, lang)}: {_pct(vb, lang)}<br>"
            f"{t('partisipasi.hover.gap', lang)}: {points(v, lang)}"
            for label, va, vb, v in zip(labels, data[a], data[b], values)
        ]
        fig.add_bar(
            x=values, y=labels, orientation="h", name=t(name_key, lang), marker_color=colour,
            text=[signed(v, lang) for v in values], textposition="outside", cliponaxis=False,
            customdata=hover, hovertemplate="%{customdata}<extra></extra>",
        )
    fig.add_vline(x=0, line_color="#555555", line_width=1)
    fig.update_layout(
        barmode="group",
        xaxis={"title": t("partisipasi.gaps.axis", lang), "showgrid": True, "gridcolor": "#e6e6e6",
               "zeroline": False},
        yaxis={"title": None, "automargin": True, "categoryorder": "array", "categoryarray": labels},
        bargap=0.25,
    )
    known = pd.concat([pd.to_numeric(data[col], errors="coerce") for col, *_ in series]).dropna().astype(float)
    if not known.empty:
        # Room on both sides for the value labels outside the bars, and zero always in view.
        low, high = min(known.min(), 0.0), max(known.max(), 0.0)
        pad = 0.18 * (high - low or 1.0)
        fig.update_xaxes(range=[low - pad, high + pad])
    return _legend_on_top(base_layout(fig, lang, title, height=_height(len(data) * 2)))
