// Jed 1.x's lookup rules, no dependency: key = ctx + "\u0004" + msgid; value array indexed
// by the Plural-Forms expression; a missing key falls back to the English argument.
const fs = require("fs");
const [file, queriesJson] = process.argv.slice(2);
const data = JSON.parse(fs.readFileSync(file, "utf8"));
function pluralIndex(header, n) {
  const m = /plural=([^;]+);?/.exec(header["plural-forms"] || "plural=(n != 1);");
  const v = Function("n", "return (" + m[1] + ");")(n);
  return v === true ? 1 : v === false ? 0 : v;
}
function dcnpgettext(domain, ctx, singular, plural, n) {
  const d = data.locale_data[domain || data.domain];
  const key = ctx == null ? singular : ctx + "\u0004" + singular;
  const hit = d && d[key];
  const idx = plural == null ? 0 : pluralIndex(d[""], n);
  if (hit && hit[idx] !== undefined && hit[idx] !== "") return hit[idx];
  return plural == null || n === 1 ? singular : plural;
}
const out = JSON.parse(queriesJson).map(q => dcnpgettext(q.domain, q.context, q.msgid, q.plural, q.n));
process.stdout.write(JSON.stringify(out));
