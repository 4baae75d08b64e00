"""Formats order rows; it never talks to the database."""


def lines(rows) -> list[str]:
    # By position and by name, as asyncpg's Record allows both.
    return [f"#{r[0]}: {r['total']}" for r in rows]


def summary(row) -> str:
    order_id, customer, total, status = row
    return f"{customer} {order_id} {total} {status} ({len(row)} fields, has status: {'status' in row})"


def as_dict(row) -> dict:
    return dict(row)


def with_default(row, key: str):
    return row.get(key, "n/a")


def keys_and_values(row) -> tuple[list, list]:
    return list(row.keys()), list(row.values())


def by_customer(rows) -> dict:
    out: dict = {}
    for r in rows:
        out.setdefault(r["customer"], []).append(r[0])
    return out
