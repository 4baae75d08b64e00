"""The same traffic, direct or through the proxy, must give identical results.

COPY FROM STDIN (20,000 rows, several MB, split across many TCP packets), COPY TO STDOUT, a 2 MB
parameter, and 500 queries in libpq pipeline mode. Prints one JSON line of digests.
Usage: python equivalence.py URL TABLE_SUFFIX
"""
import hashlib
import json
import sys

import psycopg

url, suffix = sys.argv[1], sys.argv[2]
table = f"proxy_eq_{suffix}"
with psycopg.connect(url, prepare_threshold=None, autocommit=True) as conn:
    conn.execute(f"drop table if exists {table}")
    conn.execute(f"create table {table} (id int primary key, payload text)")
    try:
        with conn.cursor().copy(f"copy {table} (id, payload) from stdin") as copy:
            for i in range(20000):
                copy.write_row((i, "x" * (i % 997) + str(i)))
        out = hashlib.sha256()
        with conn.cursor().copy(f"copy (select id, md5(payload) from {table} order by id) to stdout") as copy:
            for block in copy:
                out.update(bytes(block))
        big = "y" * (2 * 1024 * 1024)
        echo = conn.execute("select length(%s::text), md5(%s::text)", (big, big)).fetchone()
        with conn.pipeline():
            cursors = [conn.execute("select %s::int * 3, repeat('p', %s)", (i, i % 50)) for i in range(500)]
        piped = [c.fetchone() for c in cursors]
        assert all(p[0] == i * 3 for i, p in enumerate(piped)), "wrong answer in the pipeline"
        agg = conn.execute(f"select count(*), md5(string_agg(payload, ',' order by id)) from {table}").fetchone()
    finally:
        conn.execute(f"drop table if exists {table}")
print(json.dumps({"copy_out": out.hexdigest(), "big_param": list(echo), "pipeline": hashlib.sha256(json.dumps(piped).encode()).hexdigest(), "table": list(agg)}))
