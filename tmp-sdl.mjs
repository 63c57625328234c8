import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, printType, GraphQLObjectType } from "graphql";
const json = JSON.parse(gunzipSync(readFileSync("test/shopify/admin_2025-10.json.gz")).toString("utf8"));
const schema = buildClientSchema(json.data);
const want = process.argv.slice(2);
for (const spec of want) {
  const [name, fields] = spec.split(":");
  const type = schema.getType(name);
  if (!fields) { console.log(printType(type).replace(/"""[\s\S]*?"""\n/g, "").replace(/"[^"\n]*"\n/g, "")); continue; }
  const f = type.getFields();
  console.log(`type ${name} ${type.getInterfaces ? "implements " + type.getInterfaces().map(i=>i.name).join(" & ") : ""}{`);
  for (const n of fields.split(",")) {
    const fd = f[n]; if (!fd) { console.log("  MISSING", n); continue; }
    const args = fd.args?.length ? "(" + fd.args.map(a => `${a.name}: ${a.type}${a.defaultValue !== undefined ? " = " + JSON.stringify(a.defaultValue) : ""}`).join(", ") + ")" : "";
    console.log(`  ${n}${args}: ${fd.type}${fd.deprecationReason ? " @deprecated" : ""}`);
  }
  console.log("}");
}
