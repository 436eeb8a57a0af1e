"""The pages, cells and canned queries the plugin adds to Datasette.

``datasette_sources/__init__.py`` holds the Datasette hooks; each imports a
module of this package inside the hook and hands off to it, so that importing
the reading core never imports Datasette. One module per job:

- :mod:`.cells`: what the ``render_cell`` hook returns (score badges, kind chips);
- :mod:`.compat`: where Datasette 0.65 and the 1.0 alphas differ;
- :mod:`.links`: the URLs the pages link to, and ids decoded from URLs;
- :mod:`.databases`: which databases hold our tables, and small reads of them;
- :mod:`.overview`, :mod:`.scorecard`, :mod:`.story`: each page as an async
  *fetch* step (the SQL, returning plain rows) and a pure *shape* step (rows
  and a :class:`~.links.PageLinks` in, the template's context out);
- :mod:`.pages`: the routes and the request handlers;
- :mod:`.queries`: canned queries from the plugin's configuration.

All text from the database (titles, outlets, sentences) is untrusted: it goes
into HTML only through Jinja's autoescaping or ``Markup.format``, which escapes
its arguments. SQL takes values as parameters only.
"""
