"""Streamlit helpers shared by the pages: session state and common widgets, no business logic."""
