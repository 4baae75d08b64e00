const { Pool } = require('pg');

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const byEmail = { name: 'user-by-email', text: 'select * from users where email = $1', values: [] };

async function find(email) {
  const inline = await pool.query({
    text: 'select * from users where id = $1',
    values: [1],
  });
  // migrate-driver: TODO named query { ...byEmail, values: [email] }: its name comes from elsewhere ('user-by-email'), so it is not removed automatically; a node-postgres query with `name` becomes a named statement kept per connection; without it pg sends an unnamed one (node-postgres docs, "Prepared statements")
  const shared = await pool.query({ ...byEmail, values: [email] });
  console.log('ran', byEmail.name);
  // migrate-driver: TODO named query byEmail: its name is also read elsewhere, so it is not removed automatically; a node-postgres query with `name` becomes a named statement kept per connection; without it pg sends an unnamed one (node-postgres docs, "Prepared statements")
  return [inline, shared, await pool.query(byEmail)];
}
module.exports = { find };
