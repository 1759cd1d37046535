// Runs the browser's live-form scripts in Node (no browser, no npm package) and answers
// requests on stdin, one JSON object per line: {"id", "form", "inputs", "today"} ->
// {"id", "answer"} or {"id", "error"}. Started by tests/live_node.py. With "render": true, a result's answer
// also carries the HTML the page shows ("html") and its status line ("status").
//
// usage: node live_runner.js DATA.js SCRIPT.js [SCRIPT.js ...]
// DATA.js and the scripts are the files the site serves, loaded in one vm context whose
// window/document are inert stubs: no DOM, only what the scripts' pure functions need.
"use strict";
const fs = require("fs");
const vm = require("vm");
const readline = require("readline");

function inertElement() {
  return {
    style: {}, classList: { add() {}, remove() {}, contains() { return false; } },
    setAttribute() {}, getAttribute() { return null; }, removeAttribute() {}, appendChild() {},
    addEventListener() {}, querySelector() { return null; }, querySelectorAll() { return []; },
  };
}

const documentStub = Object.assign(inertElement(), {
  readyState: "complete",
  body: inertElement(),
  documentElement: inertElement(),
  createElement: inertElement,
  getElementById() { return null; },
});

const sandbox = {
  console, TextEncoder, TextDecoder, setTimeout, clearTimeout,
  document: documentStub,
  CustomEvent: function CustomEvent(type, init) { this.type = type; this.detail = init && init.detail; },
  Event: function Event(type) { this.type = type; },
  addEventListener() {}, removeEventListener() {},
};
sandbox.window = sandbox;
const context = vm.createContext(sandbox);
for (const file of process.argv.slice(2)) {
  vm.runInContext(fs.readFileSync(file, "utf8"), context, { filename: file });
}

const api = sandbox.LiveForms;

// A row of calculators/regimens/conformance.json (tests/test_conformance.py): {"tree", "scope"} for the
// expression language, {"primitive", "args"} for a primitive written in both languages. Dates travel as
// {"date": "YYYY-MM-DD"}: a date of the expression language (LiveRecipe.Day) in a tree's scope and answer,
// a day number for a primitive. Answers {"value"} or {"error": message}.
function fromJson(v, asDay) {
  if (Array.isArray(v)) return v.map((x) => fromJson(x, asDay));
  if (v && typeof v === "object") {
    if (Object.keys(v).length === 1 && typeof v.date === "string") {
      const day = sandbox.LiveContract.fromIso(v.date);
      return asDay ? new sandbox.LiveRecipe.Day(day) : day;
    }
    const out = {};
    for (const k of Object.keys(v)) out[k] = fromJson(v[k], asDay);
    return out;
  }
  return v;
}
function toJson(v) {
  if (sandbox.LiveRecipe && v instanceof sandbox.LiveRecipe.Day) return { date: sandbox.LiveContract.isoDate(v.day) };
  if (Array.isArray(v)) return v.map(toJson);
  if (v && typeof v === "object") {
    const out = {};
    for (const k of Object.keys(v)) out[k] = toJson(v[k]);
    return out;
  }
  return v;
}
// The page's own function for each primitive of the table (no reimplementation here).
const PRIMITIVES = {
  number_text: (x, decimals) => sandbox.LiveContract.numberText(x, decimals === null ? undefined : decimals),
  round_to: (x, places) => sandbox.LiveRecipe.rounded(x, places),
  long_date: (day) => sandbox.LiveContract.longDate(day),
  weekday: (day) => sandbox.LiveContract.weekday(day),
  iso_date: (day) => sandbox.LiveContract.isoDate(day),
  make_dose: (dose, strengths, half) => sandbox.LiveSchedule.makeDose(dose, strengths, half),
  nearest_makeable: (dose, strengths, half) => sandbox.LiveSchedule.nearestMakeable(dose, strengths, half),
  read_number: (raw) => refusedOr(sandbox.LiveContract.parseNumber(raw)),
  read_date: (raw, today) => refusedOr(sandbox.LiveContract.parseDate(raw, today)),
  read_integer: (raw) => refusedOr(sandbox.LiveContract.parseInteger(raw)),
  read_choice: (raw, allowed) => refusedOr(sandbox.LiveContract.parseChoice(raw, allowed)),
  read_flag: (raw) => refusedOr(sandbox.LiveContract.parseFlag(raw)),
  range_text: (low, high, unit) => sandbox.LiveContract.rangeText(low, high, unit),
  value_text: (value) => sandbox.LiveContract.valueText(value),
  one_of: (values) => sandbox.LiveContract.oneOf(values),
  longest_run: (pairs, threshold, holdOnly) => sandbox.LiveContract.longestRun(pairs, threshold, holdOnly),
  refusal_text: (field, value, reason, allowed, source, unit, kind, restsOn, name) =>
    new sandbox.LiveContract.Problem(field, value, reason, allowed, source, unit, kind, restsOn).text(name),
  plain_dates: (text) => sandbox.LiveRecord.plainDates(text),
  pick_strengths: (doses, strengths, half) => sandbox.LiveSchedule.pickStrengths(doses, strengths, half),
  walk: (protocol, start, options) => sandbox.LiveSchedule.walk(protocol, start, options),
  csv_cell: (value) => sandbox.LiveTaper.csvCell(value),
  ics_text: (text) => sandbox.LiveTaper.icsText(text),
  ics_fold: (line) => sandbox.LiveTaper.icsFold(line),
  fnv1a32: (text) => sandbox.LiveTaper.fnv1a32(text),
  taper_csv: (record) => sandbox.LiveTaper.csv(record),
  taper_ics: (record, now) => sandbox.LiveTaper.ics(record, now),
  taper_calendar_html: (record) => sandbox.LiveTaper.calendarHtml(record),
  duration_text: (days) => sandbox.LiveTaper.durationText(days),
  fill: (templates, name, values) => sandbox.LiveForms.fill(name, values, templates),
  totals: (kind, periods) => {  // the schedule as taper.js holds it; the totals the table names
    const out = sandbox.LiveTaper.summarise({ protocol: { kind: kind }, periods: periods.map((p) => ({
      start: p[0], end: p[1], days: p[1] - p[0] + 1, dose: p[2],
      tablets: p[3].map((t) => ({ strength_mg: t[0], count: t[1] })) })) });
    return { duration: out.duration, cumulative: out.cumulative, pjp_days: out.pjpDays, reached: out.reached,
             dispense: out.dispense.map((d) => [d.strength_mg, d.count]) };
  },
  headline: (drug, periods, patient) => sandbox.LiveTaper.headline({ drug: drug, periods: periods.map((p) => (
    { start: p[0], end: p[1], days: p[1] - p[0] + 1, dose: p[2] })) }, patient),
  start_dose: (protocol, request, strengths) => {  // the request as taper.js holds it; notes as [kind, text]
    const req = Object.assign({ patient: request.weight_kg === null ? null : { weight_kg: request.weight_kg } },
      request);
    const out = sandbox.LiveTaper.startDose(req, protocol, strengths);
    return [out[0], out[1].map((n) => [n.kind, n.text])];
  },
};
function refusedOr(value) {  // a refusal by its reason, as the table writes it
  return value instanceof sandbox.LiveContract.Refusal ? { refused: value.reason } : value;
}
function conformance(row) {
  try {
    const value = row.tree !== undefined ? sandbox.LiveRecipe.expr(row.tree, fromJson(row.scope || {}, true))
      : PRIMITIVES[row.primitive](...fromJson(row.args || [], row.primitive === "value_text"));
    return { value: value === undefined ? null : JSON.parse(JSON.stringify(toJson(value))) };
  } catch (err) {
    if (err && err.problems) return { error: err.problems.map((p) => p.text()).join("; ") };  // a refusal
    const own = err && (err.name === "RecipeError" || err.name === "TemplateError");
    return { error: own ? err.message : "(not a recipe or template error) " + String(err) };
  }
}
const rl = readline.createInterface({ input: process.stdin, terminal: false });
rl.on("line", (line) => {
  if (!line.trim()) return;
  const request = JSON.parse(line);
  const batch = Array.isArray(request) ? request : [request];
  const out = batch.map((r) => {
    if (r.conformance) return { id: r.id, answer: conformance(r.conformance) };
    try {
      const answer = api.run(r.form, r.inputs, r.today);
      if (r.render && answer.state === "result") {
        answer.html = api.resultHtml(r.form, answer, null);
        answer.status = api.statusText(r.form, answer);
      }
      if (r.files && answer.ok && sandbox.LiveTaper && r.form === "taper") {
        answer.files = sandbox.LiveTaper.files(answer, r.files, r.now);
      }
      return { id: r.id, answer: JSON.parse(JSON.stringify(answer)) };
    } catch (err) {
      return { id: r.id, error: String(err && err.stack || err) };
    }
  });
  process.stdout.write(JSON.stringify(Array.isArray(request) ? out : out[0]) + "\n");
});
