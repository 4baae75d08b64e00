const { Pool } = require('pg');

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const byEmail = { name: 'user-by-email', text: 'select * from users where email = $1', values: [] };

async function find(email) {
  const inline = await pool.query({
    name: 'fetch-user',
    text: 'select * from users where id = $1',
    values: [1],
  });
  const shared = await pool.query({ ...byEmail, values: [email] });
  console.log('ran', byEmail.name);
  return [inline, shared, await pool.query(byEmail)];
}
module.exports = { find };
