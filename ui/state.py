"""Per-session state: the database and the person acting."""

from __future__ import annotations

import streamlit as st

from core.services import database
from core.store import Database
from core.store.db import StoreError
from ui.markdown import plain

DEFAULT_USER = "alex.clerk"


def db() -> Database:
    try:
        return database()
    except StoreError as exc:
        st.error(plain(exc))
        st.stop()
        raise


def current_user() -> str:
    return str(st.session_state.get("acting_as", DEFAULT_USER))
