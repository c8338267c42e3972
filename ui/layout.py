"""Page furniture every page shares: the synthetic-data notice and KPI tiles."""

from __future__ import annotations

import streamlit as st

from analytics.i18n import t
from analytics.queries import options
from ui import data


def sample_notice(lang: str) -> None:
    """A visible warning on every page while the database holds the synthetic sample."""
    if data.query(options.dataset_info).get("sintetis") == "ya":
        st.warning(t("notice.sample", lang), icon=":material/science:")
