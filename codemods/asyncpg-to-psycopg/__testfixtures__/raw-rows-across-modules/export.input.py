"""CSV export of order rows."""
import csv
import io


def to_csv(rows) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    if rows:
        writer.writerow(list(rows[0].keys()))
    for r in rows:
        writer.writerow(list(r))
    return buf.getvalue()
