import path from "node:path";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { defineConfig } from "prisma/config";

// With a prisma.config.ts the CLI does not read .env, yet the schema's env("DATABASE_URL") must
// resolve or the CLI tries to download a native engine. Default it here and build the adapter from it.
process.env.DATABASE_URL ??= "file:./prisma/dev.sqlite";
const url = process.env.DATABASE_URL;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    return new PrismaLibSQL({ url });
  },
});
