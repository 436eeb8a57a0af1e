"""Reading at scale: inputs cut into partitions, read by tasks (here or on Dask), kept as Parquet.

- :mod:`.folder`: :func:`read_to_folder`, what ``datasette-sources read`` calls;
- :mod:`.task`: one partition -> rows -> Parquet files (no database);
- :mod:`.cluster`: tasks in this process or on a Dask cluster, retries, failures kept;
- :mod:`.parquet`: rows -> typed Parquet files and the manifest.

Loading a readings folder is :mod:`datasette_sources.store.readings`'s part. This
package needs pyarrow, and Dask for ``--scheduler``: ``pip install 'datasette-sources[dask]'``.
"""
