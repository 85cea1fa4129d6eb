"""The documents app's part of the read-only JSON API (actors and events), and what every router shares: parameters, pagination, the docs page."""
