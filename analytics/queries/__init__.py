"""The queries behind every page: parameterised SQL taking Filters and the viewer's Scope."""
