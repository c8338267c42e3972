"""Streamlit helpers the pages share: the data connection, cached queries, sidebar filters, page furniture."""
