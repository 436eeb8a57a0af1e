"""The same SQL functions for sqlite-utils users.

sqlite-utils query any.db "select title, sources_score(body) from posts"
"""

from __future__ import annotations

import sqlite_utils

from . import sql_functions


@sqlite_utils.hookimpl
def prepare_connection(conn):
    sql_functions.register(conn)
