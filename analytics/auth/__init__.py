"""Users, roles, region scope, audit log and login throttling; importable without Streamlit."""
