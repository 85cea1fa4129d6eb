"""Django's PostgreSQL backend, but the check at the start of each request that a kept
connection still works (CONN_HEALTH_CHECKS) looks at the connection's socket before asking
the server.

Django checks with a `SELECT 1`: a round trip before every request's first query, about a
tenth of a millisecond of each worker's time and of the database's, on pages that take one
to two. A connection the server has closed (a restart, an administrator ending it, an idle
timeout) is one it has said so on: its socket has something to read (the server's last
message, or the end of the stream). So: a connection that is open, outside any transaction
and has nothing waiting to be read is taken as usable with no round trip; any other is
checked as Django checks it, with a query, and closed if that fails, so that the request
opens a new one instead of failing. After an error in a request, Django's own full check
still decides (`is_usable`, unchanged)."""

import select

from django.db.backends.postgresql.base import DatabaseWrapper as PostgreSQLWrapper
from psycopg.pq import TransactionStatus


class DatabaseWrapper(PostgreSQLWrapper):
    def close_if_health_check_failed(self):
        if (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and self._quiet()
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def _quiet(self) -> bool:
        """Open, idle, and nothing from the server waiting on the socket."""
        connection = self.connection
        if connection.closed or connection.broken:
            return False
        if connection.info.transaction_status != TransactionStatus.IDLE:
            return False
        try:
            readable, _, _ = select.select([connection.fileno()], [], [], 0)
        except (OSError, ValueError):
            return False
        return not readable
