"""Small SQL builders shared by the repositories: the driver never sees them."""


def placeholders(start: int, count: int) -> str:
    return ", ".join(f"${i}" for i in range(start, start + count))


def select(table: str, columns: list[str], where: dict[str, object]) -> tuple[str, list[object]]:
    conditions = [f"{name} = ${i}" for i, name in enumerate(where, 1)]
    sql = f"SELECT {', '.join(columns)} FROM {table}"
    if conditions:
        sql += " WHERE " + " AND ".join(conditions)
    return sql + " ORDER BY 1", list(where.values())


def insert(table: str, columns: list[str]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders(1, len(columns))})"
