// A helper that never sees pg itself: the client is a parameter.
export async function label(db, x) {
  const res = await db.query({ name: 'label_q', text: "select $1::text || 'x' as v", values: [String(x)] });
  return res.rows[0].v;
}
