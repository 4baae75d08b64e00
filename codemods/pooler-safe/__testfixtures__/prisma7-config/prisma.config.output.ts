import { defineConfig, env } from 'prisma/config'

export default defineConfig({
  schema: 'prisma/schema.prisma',
  datasource: {
    // migrate-driver: TODO Prisma Migrate connects with this URL (DATABASE_URL); through a transaction pooler migrations fail: point it at a direct connection, e.g. env('DIRECT_URL')
    url: env('DATABASE_URL'),
  },
})
