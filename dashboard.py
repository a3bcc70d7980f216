"""Casualty figures tracker: the dashboard. Layout only; the queries are tracker/views.py.

    streamlit run dashboard.py          (database: $TRACKER_DB or db/tracker.duckdb, built from seeds/ if missing)
"""
from __future__ import annotations

import io
import json
import tempfile
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from tracker import access, charts, export, inputs, reported, review, series, views
from tracker.extract import ExtractionError, extract
from tracker.ingest import ingest
from tracker.model import METRICS, PERIODS, QUALIFIERS, Article
from tracker.read import InputError
from tracker.store import Filters, Outcome, StoreError, db_path, write_batch
from tracker.tables import level_table

ROOT = Path(__file__).resolve().parent
ACCURACY = ROOT / "docs" / "accuracy.json"
MAX_UPLOADS = 20             # files in one submission (each at most server.maxUploadSize, 20 MB)
UPLOAD_TYPES = ["txt", "html", "htm", "jsonl", "json", "xml", "rss", "atom"]

st.set_page_config(page_title="Casualty figures tracker", layout="wide")
DB = db_path()


# --- data, cached by database version and filters --------------------------------------------------
@st.cache_data(show_spinner=False, max_entries=64)
def _options(version):
    return views.options(DB)


@st.cache_data(show_spinner=False, max_entries=64)
def _points(version, filters: Filters):
    return views.chart_points(DB, filters)


@st.cache_data(show_spinner=False, max_entries=64)
def _table(version, filters: Filters, level: str):
    return views.table(DB, filters, level=level)


@st.cache_data(show_spinner=False, max_entries=16)
def _official(version):
    return series.points(DB)


@st.cache_data(show_spinner=False, max_entries=16)
def _check(version, filters: Filters):
    return series.check(DB, filters)


@st.cache_data(show_spinner=False, max_entries=16)
def _revisions(version, filters: Filters):
    return reported.revisions(DB, filters)


@st.cache_data(show_spinner=False, max_entries=16)
def _latest(version, filters: Filters):
    return views.latest_totals(DB, filters)


@st.cache_data(show_spinner=False, max_entries=16)
def _disagreements(version, filters: Filters, ratio: float):
    return reported.disagreements(DB, filters, ratio)


def _download(fmt: str, filters: Filters, level: str = "reported") -> bytes:
    """Exactly the filtered rows, read and written by the same code as `tracker export`."""
    table = level_table(DB, level, filters)
    if fmt == "csv":
        buf = io.StringIO()
        export.export_table(table, "csv", buf)
        return buf.getvalue().encode("utf-8")
    buf = io.BytesIO()
    export.export_table(table, fmt, buf)
    return buf.getvalue()


@st.cache_resource
def _guard() -> access.Guard:
    """Failed sign-ins, counted across every session of this server."""
    return access.Guard()


def _access() -> access.Access:
    try:
        secrets = st.secrets.to_dict()
    except Exception:                     # no secrets file: nothing configured
        secrets = None
    try:
        return access.load(secrets)
    except access.AccessError as e:
        st.sidebar.error(f"Editing is off: {e}")
        return access.Access()


def _download_log() -> bytes:
    import pyarrow as pa

    buf = io.StringIO()
    export.export_table(pa.Table.from_pandas(review.history(DB), preserve_index=False), "csv", buf)
    return buf.getvalue().encode("utf-8")


# --- first run: a database from the seed articles ----------------------------------------------------
if not DB.exists():
    with st.spinner("Building the database from seeds/ and official/ (first run) ..."):
        ingest([str(ROOT / "seeds")], DB, progress=False, workers=1)   # no fork inside the server's threads
        series.import_config(DB, ROOT / "official" / "series.toml")

try:
    VERSION = views.version(DB)
    OPTS = _options(VERSION)
except StoreError as e:
    st.error(f"The database cannot be read: {e}")
    st.stop()

COLOUR = charts.colours([s for s, _ in OPTS.sources])


# --- filters, kept in the URL so that a view can be bookmarked or sent -----------------------------------
qp = st.query_params


def _list(key: str, allowed=None) -> list[str]:
    vals = [v for v in qp.get_all(key) for v in v.split("|") if v]
    return [v for v in vals if allowed is None or v in allowed]


def _day(key: str, default):
    try:
        return date.fromisoformat(qp.get(key)) if qp.get(key) else default
    except ValueError:
        return default


st.sidebar.title("Filters")
source_names = [s for s, _ in OPTS.sources]
counts = dict(OPTS.sources)
chosen_sources = st.sidebar.multiselect("Source", source_names, default=_list("source", set(source_names)),
                                        format_func=lambda s: f"{s} ({counts.get(s, 0):,})", key="f_source")
first, last = OPTS.first or date(2023, 1, 1), OPTS.last or date.today()
usual = OPTS.usual_first or first
lo, hi = _day("from", usual), _day("to", last)
dates = st.sidebar.date_input("Dates", value=(max(lo, first), min(hi, last)) if lo <= hi else (first, last),
                              min_value=min(first, lo), max_value=max(last, hi), key="f_dates")
chosen_metrics = st.sidebar.multiselect("Metric", METRICS, default=_list("metric", set(METRICS)) or
                                        ["killed", "injured", "displaced"], key="f_metric")
location = st.sidebar.text_input("Place (contains)", value=qp.get("place", ""), key="f_place")
chosen_periods = st.sidebar.multiselect("Period", PERIODS, default=_list("period", set(PERIODS)), key="f_period",
                                        help="total: running totals; interval: a stated window; incident: one event")
chosen_quals = st.sidebar.multiselect("Qualifier", QUALIFIERS, default=_list("qualifier", set(QUALIFIERS)), key="f_qual")
search = st.sidebar.text_input("Quote contains", value=qp.get("q", ""), key="f_q")
log_scale = st.sidebar.toggle("Log scale", value=qp.get("log") == "1", key="f_log")
as_of = st.sidebar.date_input("As known on", value=_day("asof", None), min_value=date(1900, 1, 1), key="f_asof",
                              help="Only what had been published by this day: the figures as they could be read then.")

d_from, d_to = (dates if isinstance(dates, (tuple, list)) and len(dates) == 2 else (first, last))
FILTERS = Filters(sources=tuple(chosen_sources), date_from=d_from, date_to=d_to, metrics=tuple(chosen_metrics),
                  location=location or None, periods=tuple(chosen_periods), search=search or None,
                  qualifiers=tuple(chosen_quals), as_of=as_of or None)

wanted = {"source": "|".join(chosen_sources), "metric": "|".join(chosen_metrics), "period": "|".join(chosen_periods),
          "qualifier": "|".join(chosen_quals), "place": location, "q": search, "log": "1" if log_scale else "",
          "from": d_from.isoformat() if d_from != usual else "", "to": d_to.isoformat() if d_to != last else "",
          "asof": as_of.isoformat() if as_of else ""}
for k, v in wanted.items():
    if v and qp.get(k) != v:
        qp[k] = v
    elif not v and k in qp:
        del qp[k]

st.sidebar.caption(f"{OPTS.figures:,} figures from {OPTS.articles:,} articles · database {DB.name}"
                   + (f" · as known on {as_of:%d %b %Y}" if as_of else ""))

# --- who may write: read-only unless the operator turned editing on and an editor signed in ---------------
ACCESS = _access()
EDITOR = st.session_state.get("editor") if ACCESS.editing else None
if ACCESS.editing:
    with st.sidebar.expander(f"Signed in as {EDITOR}" if EDITOR else "Editor sign-in", expanded=False):
        if EDITOR:
            if st.button("Sign out", key="sign_out"):
                del st.session_state["editor"]
                st.rerun()
        else:
            with st.form("sign_in", clear_on_submit=True):
                name = st.text_input("Name", key="si_name")
                password = st.text_input("Password", type="password", key="si_password")
                if st.form_submit_button("Sign in"):
                    who = _guard().sign_in(ACCESS, name, password)
                    if who:
                        st.session_state["editor"] = who
                        st.rerun()
                    st.error("Wrong name or password, or too many failed attempts (wait 15 minutes).")


# --- provenance ------------------------------------------------------------------------------------------
SHOWN: set[int] = set()


def show_evidence(figure_id: int) -> None:
    """A figure's provenance; its id goes into the URL (?figure=ID), so it can be sent as a link."""
    SHOWN.add(int(figure_id))
    if qp.get("figure") != str(figure_id):
        qp["figure"] = str(figure_id)
    ev = views.evidence(DB, int(figure_id), FILTERS)
    if ev is None:
        st.info("That figure is no longer in the database.")
        return
    with st.container(border=True):
        head, close = st.columns([6, 1])
        head.subheader("Evidence")
        if close.button("Close", key=f"close_{figure_id}"):
            del qp["figure"]
            st.rerun()
        start = int(ev["number_start"]) - int(ev["quote_start"])
        end = int(ev["number_end"]) - int(ev["quote_start"])
        st.html(f'<blockquote class="quote">{charts.marked(ev["quote"], [(start, end, ev["metric"])])}</blockquote>')
        bounds = f"{int(ev['low']):,}–{int(ev['high']):,}" if ev["low"] != ev["high"] else f"{int(ev['value']):,}"
        st.markdown(f"**{ev['metric']}** · “{ev['number_text']}” · value {bounds} ({ev['qualifier'].replace('_', ' ')})"
                    f" · {ev['period']} · dated {str(ev['date'])[:10]}")
        meta = {"Source": ev["source"] or "(the text's own)", "Credited as": ev["source_text"] or "—",
                "Article": ev["title"] or ev["doc"], "Publisher": ev["publisher"] or "—",
                "Published": str(ev["published"])[:10], "URL": ev["url"] or "—"}
        st.table(pd.DataFrame({"": list(meta.keys()), "value": list(meta.values())}).set_index(""))
        cited = ev["cited_by"]
        n_cited = cited["article_id"].nunique() if len(cited) else 1
        st.markdown(f"**Cited by {n_cited} article{'s' if n_cited != 1 else ''}**"
                    + (f" (the same reported figure as each words it; first published {str(cited['published'].min())[:10]}):"
                       if len(cited) > 1 else ""))
        if len(cited) > 1:
            st.dataframe(views.days(cited[["published", "number_text", "source_text", "title", "publisher", "url", "quote"]]),
                         hide_index=True, width="stretch",
                         column_config={"url": st.column_config.LinkColumn("url")})
        if ev["status"] != "extracted":
            st.markdown(f"**{ev['status'].capitalize()} by an editor.** The figure shown everywhere is the corrected one.")
        hist = review.history(DB, figure_id=int(figure_id))
        if len(hist):
            with st.expander(f"History ({len(hist)} correction{'s' if len(hist) > 1 else ''})"):
                st.dataframe(hist[["made_at", "editor", "action", "changes", "original", "reason", "state"]],
                             hide_index=True, width="stretch")
        if EDITOR and ev["status"] != "rejected":
            edit_figure(ev)
        others = ev["others"]
        if len(others):
            st.markdown(f"Other sources' {ev['metric']} figures for {ev['date']}:")
            st.dataframe(views.days(others[["source", "number_text", "period", "quote", "title"]]), hide_index=True, width="stretch")
        else:
            st.caption(f"No other source gives a {ev['metric']} figure for {ev['date']}.")


def edit_figure(ev: dict) -> None:
    """An editor corrects any field (the original is kept in the correction's record) or rejects the figure."""
    fid = int(ev["figure_id"])
    with st.expander("Correct or reject this figure"):
        with st.form(f"correct_{fid}"):
            c1, c2, c3 = st.columns(3)
            value = c1.number_input("Value", min_value=0, value=int(ev["value"]), step=1)
            low = c2.number_input("Low", min_value=0, value=int(ev["low"]), step=1)
            high = c3.number_input("High", min_value=0, value=int(ev["high"]), step=1)
            c1, c2, c3 = st.columns(3)
            metric = c1.selectbox("Metric", METRICS, index=METRICS.index(ev["metric"]))
            qualifier = c2.selectbox("Qualifier", QUALIFIERS, index=QUALIFIERS.index(ev["qualifier"]))
            period = c3.selectbox("Period", PERIODS, index=PERIODS.index(ev["period"]))
            c1, c2, c3 = st.columns(3)
            day = c1.date_input("Date", value=pd.Timestamp(ev["date"]).date() if pd.notna(ev["date"]) else None,
                                min_value=date(1900, 1, 1))
            source = c2.text_input("Source", value=ev["source"] or "")
            location = c3.text_input("Place", value=ev["location"] or "")
            group = st.text_input("Who was counted", value=ev["group"] or "")
            reason = st.text_input("Why (kept with the correction)", key=f"why_{fid}")
            if st.form_submit_button("Save correction", type="primary"):
                now = {"value": value, "low": low, "high": high, "metric": metric, "qualifier": qualifier,
                       "period": period, "date": day, "source": source, "location": location, "group": group}
                before = {"value": ev["value"], "low": ev["low"], "high": ev["high"], "metric": ev["metric"],
                          "qualifier": ev["qualifier"], "period": ev["period"],
                          "date": pd.Timestamp(ev["date"]).date() if pd.notna(ev["date"]) else None,
                          "source": ev["source"] or "", "location": ev["location"] or "", "group": ev["group"] or ""}
                changes = {k: v for k, v in now.items() if v != before[k]}
                if "value" in changes and "low" not in changes and "high" not in changes:
                    changes["low"] = changes["high"] = changes["value"]
                _write(lambda: review.correct(DB, fid, changes, reason or None, EDITOR), "Corrected")
        with st.form(f"reject_{fid}"):
            why = st.text_input("Reason for rejecting", key=f"reject_why_{fid}")
            if st.form_submit_button("Reject this figure"):
                _write(lambda: review.reject(DB, fid, why, EDITOR), "Rejected")


def add_missed_figure(art: dict) -> None:
    """Select the span of a number the extractor missed: its words as written, then which occurrence."""
    with st.expander("Add a figure the extractor missed"):
        words = st.text_input("The number as written in the text (e.g. 'forty-two', '1,200')", key="add_words")
        if not words.strip():
            return
        text = art["text"]
        spots = [i for i in range(len(text)) if text.startswith(words, i)][:50]
        if not spots:
            st.warning("Those words are not in the text (they must match exactly).")
            return
        pick = st.selectbox("Which occurrence", spots, key="add_spot",
                            format_func=lambda i: "…" + text[max(0, i - 60):i] + "[" + words + "]"
                            + text[i + len(words):i + len(words) + 60] + "…")
        with st.form("add_figure"):
            c1, c2, c3 = st.columns(3)
            metric = c1.selectbox("Metric", METRICS)
            period = c2.selectbox("Period", PERIODS, index=2)
            qualifier = c3.selectbox("Qualifier", QUALIFIERS)
            c1, c2, c3 = st.columns(3)
            source = c1.text_input("Source")
            day = c2.date_input("Date", value=pd.Timestamp(art["published"]).date(), min_value=date(1900, 1, 1))
            location = c3.text_input("Place")
            group = st.text_input("Who was counted", value="people")
            reason = st.text_input("Why", value="missed by the extractor")
            if st.form_submit_button("Add figure", type="primary"):
                fields = {"metric": metric, "period": period, "qualifier": qualifier, "source": source or None,
                          "date": day, "location": location or None, "group": group or None}
                _write(lambda: review.add(DB, int(art["article_id"]), int(pick), int(pick) + len(words), fields,
                                          reason, EDITOR), "Added")


def _write(action, verb: str) -> None:
    try:
        done = action()
    except (review.ReviewError, StoreError) as e:
        st.error(str(e))
        return
    st.session_state["done"] = f"{verb}: correction #{done.correction_id} (figure {done.figure_id})."
    st.rerun()


def _selected_point(event) -> int | None:
    try:
        points = event.selection.points if hasattr(event, "selection") else event["selection"]["points"]
    except (KeyError, AttributeError, TypeError):
        return None
    for p in points or []:
        custom = p.get("customdata")
        if custom:
            return int(custom[0])
    return None


# --- the page -----------------------------------------------------------------------------------------------
st.title("Casualty figures tracker")
if st.session_state.get("done"):
    st.success(st.session_state.pop("done"))
if OPTS.figures == 0:
    st.info("No figures yet. Add articles with `python -m tracker ingest FILES`"
            + (" or in **Add an article** below." if EDITOR else "."))

# One view at a time (only the chosen one is queried and drawn), kept in the URL like the filters.
VIEWS = ["Over time", "Sources side by side", "Table", "Articles", "Corrections", "Methodology"]
if EDITOR:
    VIEWS.insert(4, "Add an article")          # not even reachable by URL without a signed-in editor
view = st.radio("View", VIEWS, index=VIEWS.index(qp.get("view")) if qp.get("view") in VIEWS else 0,
                horizontal=True, label_visibility="collapsed", key="view")
if view != VIEWS[0]:
    qp["view"] = view
elif "view" in qp:
    del qp["view"]

if view == 'Over time':
    points = _points(VERSION, FILTERS) if OPTS.figures else pd.DataFrame()
    if points.empty:
        st.info("No figures match these filters. Widen the dates, or clear the source, place or quote filters.")
    else:
        st.caption("Each point is a reported figure: what a body said for that day, however many articles repeat it "
                   "(the hover says how many). Lines: running totals; markers: interval and incident counts. "
                   "Triangles: 'at least' / 'up to'; bars and bands: ranges. Dashed: a body's official series. "
                   "Click a point for its evidence.")
        official = _official(VERSION)
        if not official.empty:
            shown_sources = set(points["source"])
            official = official[official["source"].isin(shown_sources)
                                & (official["date"] >= pd.Timestamp(d_from)) & (official["date"] <= pd.Timestamp(d_to))]
        checked = _check(VERSION, FILTERS) if not official.empty else pd.DataFrame()
        picked = None
        for metric in [m for m in (chosen_metrics or METRICS) if m in set(points["metric"])]:
            fig = charts.metric_chart(points, metric, COLOUR, log_scale, official)
            event = st.plotly_chart(fig, key=f"chart_{metric}", on_select="rerun", selection_mode="points",
                                    config={"toImageButtonOptions": {"format": "png", "filename": f"figures-{metric}"},
                                            "displaylogo": False})
            picked = _selected_point(event) or picked
            if not checked.empty:
                mine = checked[checked["metric"] == metric]
                differ = mine[mine["status"] == "differs"]
                if len(mine):
                    with st.expander(f"{len(differ)} of {len(mine)} reported {metric} figures differ from the official "
                                     f"series (more than 5% from it on each of the four days up to their date)"):
                        st.dataframe(views.days(differ[["date", "source", "number_text", "official", "official_date",
                                                        "articles", "quote", "title"]]), hide_index=True, width="stretch")
        if picked:
            show_evidence(picked)

if view == 'Sources side by side':
    latest = _latest(VERSION, FILTERS) if OPTS.figures else pd.DataFrame()
    if latest.empty:
        st.info("No running totals credited to a source match these filters.")
    else:
        for metric, g in latest.groupby("metric", sort=False):
            st.markdown(f"**{metric.capitalize()}** — latest reported running total per source")
            st.dataframe(views.days(g[["source", "number_text", "value", "date", "articles", "quote", "title"]]), hide_index=True,
                         width="stretch")
        ratio = st.slider("Show figures that disagree by more than", 1.0, 5.0, 1.05, 0.05, format="%.2fx")
        pairs = _disagreements(VERSION, FILTERS, ratio)
        bodies = pairs[pairs["kind"] == "bodies differ"] if len(pairs) else pairs
        st.markdown(f"**{len(pairs)} disagreements** (running totals for the same metric, day, group and place): "
                    f"{len(bodies)} between bodies, {len(pairs) - len(bodies)} between articles crediting one body")
        for _, p in pairs.head(30).iterrows():
            with st.container(border=True):
                st.markdown(f"{p['metric']} · {str(p['date'])[:10]} · {p['kind']} · ratio {p['ratio']}")
                a, b = st.columns(2)
                a.markdown(f"**{p['source_a']}**: {p['said_a']} (cited by {p['articles_a']})")
                a.html(f"<blockquote>{charts.marked(p['quote_a'], [])}</blockquote>")
                b.markdown(f"**{p['source_b']}**: {p['said_b']} (cited by {p['articles_b']})")
                b.html(f"<blockquote>{charts.marked(p['quote_b'], [])}</blockquote>")
        revs = _revisions(VERSION, FILTERS)
        st.markdown(f"**{len(revs)} revisions flagged**: a body's running total that went down from one report to "
                    "the next, or rose by more than its own daily counts explain")
        for _, r in revs.head(30).iterrows():
            with st.container(border=True):
                st.markdown(f"{r['source']} · {r['metric']} · **{r['flag']}** · {str(r['date_before'])[:10]} → "
                            f"{str(r['date_after'])[:10]}")
                a, b = st.columns(2)
                a.markdown(f"Before: **{r['said_before']}**")
                a.html(f"<blockquote>{charts.marked(r['quote_before'], [])}</blockquote>")
                b.markdown(f"After: **{r['said_after']}**")
                b.html(f"<blockquote>{charts.marked(r['quote_after'], [])}</blockquote>")

if view == 'Table':
    LEVELS = {"Reported figures": "reported", "Every mention": "mentions"}
    level_name = st.radio("Rows", list(LEVELS), horizontal=True, key="t_level",
                          index=1 if qp.get("rows") == "mentions" else 0,
                          help="A reported figure is what a body said for a day, however many articles repeat it.")
    level = LEVELS[level_name]
    if level == "mentions":
        qp["rows"] = "mentions"
    elif "rows" in qp:
        del qp["rows"]
    df, total = _table(VERSION, FILTERS, level) if OPTS.figures else (pd.DataFrame(), 0)
    if df.empty:
        st.info("No figures match these filters.")
    else:
        noun = "reported figures" if level == "reported" else "mentions"
        st.markdown(f"**{total:,} {noun}** match" + (f" (the newest {len(df):,} shown; downloads hold all)" if total > len(df) else ""))
        c1, c2, c3 = st.columns(3)
        for col, fmt, mime in ((c1, "csv", "text/csv"),
                               (c2, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                               (c3, "parquet", "application/octet-stream")):
            col.download_button(f"Download {fmt.upper()}", data=lambda fmt=fmt: _download(fmt, FILTERS, level),
                                file_name=f"{noun.replace(' ', '-')}.{fmt}", mime=mime, key=f"dl_{fmt}", on_click="ignore")
        shown = st.dataframe(views.days(df), hide_index=True, width="stretch", key="table",
                             on_select="rerun", selection_mode="single-row")
        rows = shown.selection.rows if hasattr(shown, "selection") else []
        if rows:
            show_evidence(int(df.iloc[rows[0]]["figure_id"]))

if view == 'Articles':
    q = st.text_input("Find an article (title or text contains)", key="a_q")
    arts = views.articles(DB, q or None)
    if arts.empty:
        st.info("No stored articles" + (" match." if q else " yet."))
    else:
        chosen = st.dataframe(views.days(arts), hide_index=True, width="stretch", key="articles", on_select="rerun",
                              selection_mode="single-row")
        rows = chosen.selection.rows if hasattr(chosen, "selection") else []
        if rows:                                   # the chosen article goes into the URL (?article=ID)
            qp["article"] = str(int(arts.iloc[rows[0]]["article_id"]))
        wanted_article = qp.get("article")
        if wanted_article and wanted_article.isdigit():
            found = views.article(DB, int(wanted_article))
            if found:
                art, figs = found
                st.subheader(art["title"] or art["doc"])
                st.caption(f"{art['publisher'] or ''} · published {art['published']} · {art['url'] or art['origin'] or ''}")
                spans = [(int(r.number_start), int(r.number_end), f"{r.metric} · {r.source or 'no source'} · {r.date}")
                         for r in figs.itertuples()]
                st.html(f'<div class="article">{charts.marked(art["text"], spans)}</div>')
                if EDITOR:
                    add_missed_figure(art)

if view == 'Add an article':
    st.markdown("Paste an article or upload files (.txt, .html, .jsonl/.json, RSS/Atom feeds). The figures found "
                "are shown for review before anything is stored.")
    with st.form("paste"):
        text = st.text_area("Article text", height=180)
        c1, c2, c3 = st.columns(3)
        pub = c1.date_input("Published", value=date.today())
        title = c2.text_input("Title")
        url = c3.text_input("URL")
        uploads = st.file_uploader(f"or upload files (up to {MAX_UPLOADS}, 20 MB each)", accept_multiple_files=True,
                                   type=UPLOAD_TYPES)
        read_it = st.form_submit_button("Find figures")
    if read_it:
        found, problems = [], []
        if text.strip():
            try:
                found.append(Article(f"pasted-{abs(hash(text)) % 10**8}", inputs.normalise(text), pub, title or None,
                                     url or None, None, origin="pasted"))
            except InputError as e:
                problems.append(str(e))
        if len(uploads or []) > MAX_UPLOADS:
            problems.append(f"{len(uploads)} files chosen; add at most {MAX_UPLOADS} at a time.")
            uploads = []
        with tempfile.TemporaryDirectory() as tmp:
            for up in uploads or []:
                path = Path(tmp) / Path(up.name).name
                path.write_bytes(up.getvalue())
                for item in inputs.read(str(path), pub):
                    if isinstance(item, InputError):
                        problems.append(str(item).replace(str(path), up.name))
                    else:
                        found.append(item)
        pending = []
        for art in found:
            try:
                pending.append((art, extract(art)))
            except ExtractionError as e:
                problems.append(f"{art.origin}: {e}")
        for p in problems:
            st.error(p)
        if not found and not problems:
            st.warning("Paste a text or choose a file first.")
        st.session_state["review"] = pending
    pending = st.session_state.get("review") or []
    if pending:
        for art, figs in pending:
            st.markdown(f"**{art.title or art.id}** · {art.published} · {len(figs)} figures")
            if figs:
                st.dataframe(pd.DataFrame([{k: getattr(f, k) for k in ("metric", "number_text", "value", "qualifier", "date",
                                                                        "period", "source", "quote")} for f in figs]),
                             hide_index=True, width="stretch")
        if st.button(f"Store {len(pending)} article(s)", type="primary"):
            outcome = Outcome()
            write_batch(DB, pending, outcome, added_by=EDITOR)
            st.session_state["review"] = []
            st.success(outcome.line())

if view == 'Corrections':
    log = review.history(DB)
    if log.empty:
        st.info("No corrections yet. Editors correct, reject or add figures from a figure's evidence "
                "(click a point or a table row) and from the Articles view.")
    else:
        orphans = log[log["state"] == "orphaned"]
        st.markdown(f"**{len(log)} corrections** by {log['editor'].nunique()} editor(s)"
                    + (f"; **{len(orphans)} orphaned**: a re-extraction no longer finds their figure, so they are "
                       "kept here, unapplied, for an editor to redo" if len(orphans) else ""))
        st.dataframe(log[["made_at", "editor", "action", "state", "figure_id", "changes", "original", "reason", "title"]],
                     hide_index=True, width="stretch")
        st.download_button("Download the log (CSV)", data=lambda: _download_log(), file_name="corrections.csv",
                           mime="text/csv", key="dl_log", on_click="ignore")

if view == 'Methodology':
    st.markdown("""
**What is counted.** A *figure* is one mention, in one sentence, of a number of people **killed**, **injured**,
**missing** or **displaced**, of **attacks** (strikes, raids, shellings) or of buildings **damaged** or destroyed.
Ages, dates, durations, money, percentages and counts of other things are not figures.

**Qualifier.** *exact*; *at least* ("more than", "over"); *up to* ("fewer than"); *about* ("nearly", "some",
"an estimated"). Vague quantities take their customary lower bound: dozens 24, hundreds 200, thousands 2,000.
A range keeps both ends; charts show them as error bars.

**Period.** *total*: a running total or current stock as of a day ("the death toll rose to ..."); *interval*: a
stated window ("in the past 24 hours"); *incident*: one event, dated to the day it happened.

**Source.** The body the text credits ("according to", "X said", carried over "It said ..."), under one
canonical name per body (the alias table is `tracker/sources.toml`). A figure the text states on its own
authority has no source.

**Reported figures.** Many articles repeat one body's figure, often rounded ("over 27,000" for 27,708). Each
mention is linked to a *reported figure*: the same body, metric, group, place and day, with values that can be
the same report (exact, a rounding of it within 5%, or an overlapping range). Charts and the table count
reported figures and say how many articles cite each; the exact rules are in `tracker/linking.py`.
Two reported figures of one body on one day, or of two bodies, are listed side by side as disagreements; a
running total that goes down, or rises beyond the body's own daily counts, is flagged as a revision.
*As known on* shows only what had been published by a day. Official series imported with
`python -m tracker import-series` are drawn dashed under the press figures of the same body.

**Corrections.** Editors (when the operator allows editing) reject figures, correct any field or add a
figure the extractor missed. The figure shown is then the corrected one, marked as such, with its history in
its evidence; the **Corrections** view lists every change (who, when, what, why). Corrections survive a
re-extraction; one whose figure the extractor no longer finds is kept there as *orphaned*.

**How figures are found.** Regular expressions, not a learned model: numbers first, then the words around
them for what was counted, its qualifier, the day and the credit. Relative days ("Wednesday", "yesterday")
are resolved against the article's date.

**Known limits.** English only. Period is right for about three figures in four. A paragraph that keeps
reporting a body's figures without naming it again credits nobody. Linking needs the same day: a figure
restated the next day is a new reported figure of that day.
""")
    if ACCURACY.exists():
        acc = json.loads(ACCURACY.read_text())
        st.markdown(f"**Measured accuracy** on the development set ({acc['gold']} gold figures, {acc['docs']} documents, "
                    f"scored with `../shared/eval/score.py` on {acc['measured']}): figure F1 **{acc['figure_f1']:.3f}**, "
                    f"strict F1 (source and date right too) **{acc['strict_f1']:.3f}**.")
        st.dataframe(pd.DataFrame(acc["per_metric"]).T, width="content")
    else:
        st.caption("Accuracy not measured yet: run `python benchmarks/accuracy.py`.")

# A figure named in the URL (a shared link, or one opened before a reload) that no view showed yet.
if qp.get("figure") and not SHOWN:
    try:
        show_evidence(int(qp["figure"]))
    except ValueError:
        del qp["figure"]
