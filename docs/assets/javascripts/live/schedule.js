/*
 * The schedule interpreter of the page: it walks a taper protocol's data (window.LIVE_DATA.taper.protocols,
 * from calculators/data/protocols.toml) into daily doses, and makes each dose from the tablets on hand.
 * Python runs the same data with calculators/taper/engine.py dose_plan and calculators/taper/tablets.py;
 * docs/editors/expressions.md ("Taper schedules") is the specification and tests/data/conformance.json
 * holds both to it (rows "walk", "make_dose", "nearest_makeable", "pick_strengths").
 */
(function () {
  "use strict";

  var C = window.LiveContract, say = C.say, T = window.LIVE_DATA.taper;
  function num(x) { return C.numberText(x, 6); }
  function r6(x) { return Number(C.numberText(x, 6)); }  // calculators.messages.round_to(x, 6)
  // a limit of the walk: input validation, or the tool choice named
  function refuse(field, value, reason, allowed, choice) {
    var basis = [choice || "input_validation"];
    C.fail([new C.Problem(field, value, reason, allowed, null, null, "tool_choice", basis)]);
  }

  /* ---------- tablets (calculators/taper/tablets.py) ---------- */

  var SCALES = [1, 2, 4, 5, 10, 20, 40, 50, 100, 200, 1000], cache = {};
  function scaleOf(values) {
    return SCALES.find(function (s) {
      return values.every(function (v) { return Math.abs(v * s - Math.round(v * s)) < 1e-9; });
    }) || null;
  }
  function makeDose(dose, strengths, half) {  // fewest pieces, then fewest halves; null: not makeable
    var key = dose + "|" + strengths.join(",") + "|" + half;
    if (key in cache) return cache[key];
    if (dose === 0) return (cache[key] = []);
    var pieces = strengths.map(function (s) { return [s, 1]; })
      .concat(half ? strengths.map(function (s) { return [s / 2, 0.5]; }) : [])
      .filter(function (p, i, all) {
        return all.findIndex(function (q) { return q[0] === p[0] && q[1] === p[1]; }) === i;
      })
      .sort(function (a, b) { return (b[0] - a[0]) || (b[1] - a[1]); });
    var scale = scaleOf(pieces.map(function (p) { return p[0]; }).concat([dose]));
    if (scale === null) return (cache[key] = null);
    var target = Math.round(dose * scale);
    var units = pieces.map(function (p) { return Math.round(p[0] * scale); });
    var best = [[0, 0, -1]];  // best[amount] = [pieces, halves, last piece]
    for (var amount = 1; amount <= target; amount++) {
      best[amount] = null;
      pieces.forEach(function (p, i) {
        var prev = units[i] <= amount ? best[amount - units[i]] : null, cur = best[amount];
        if (prev === null) return;
        var cand = [prev[0] + 1, prev[1] + (p[1] < 1 ? 1 : 0), i];
        if (cur === null || cand[0] < cur[0] || (cand[0] === cur[0] && cand[1] < cur[1])) best[amount] = cand;
      });
    }
    if (best[target] === null) return (cache[key] = null);
    var counts = {};
    for (amount = target; amount; amount -= units[best[amount][2]]) {
      var p = pieces[best[amount][2]], strength = p[1] < 1 ? p[0] / p[1] : p[0];
      counts[strength] = (counts[strength] || 0) + p[1];
    }
    return (cache[key] = Object.keys(counts).map(Number).sort(function (a, b) { return b - a; })
      .map(function (s) { return { strength_mg: s, count: counts[s] }; }));
  }
  function nearestMakeable(dose, strengths, half) {  // [below, above]: the nearest makeable doses, or null
    var scale = scaleOf(strengths.concat([Math.min.apply(null, strengths) / (half ? 2 : 1)])) || 1000;
    var step = 1 / scale, base = Math.trunc(dose * scale) / scale, below = null, above = null;
    function made(x) { var m = makeDose(r6(x), strengths, half); return m !== null && m.length > 0; }
    for (var k = 0; k <= Math.trunc(100 * scale) && (below === null || above === null); k++) {
      var down = base - k * step, up = base + k * step;
      if (below === null && down > 0 && made(down)) below = down < dose ? r6(down) : null;
      if (above === null && made(up)) above = up > dose ? r6(up) : null;
    }
    return [below, above];
  }
  function pieceCount(tablets) {
    return tablets.reduce(function (n, t) { return n + Math.ceil(t.count); }, 0);
  }
  function pickStrengths(doses, strengths, half) {  // the subset the plan is dispensed in, by its key
    var ordered = strengths.filter(function (s, i) { return strengths.indexOf(s) === i; })
      .sort(function (a, b) { return b - a; });
    var best = null;
    for (var mask = 1; mask < (1 << ordered.length); mask++) {
      var subset = ordered.filter(function (s, i) { return (mask >> i) & 1; });
      var made = doses.map(function (d) { return makeDose(d[0], subset, half); });
      if (made.indexOf(null) >= 0) continue;
      var counts = made.map(pieceCount), heaviest = Math.max.apply(null, counts);
      var total = counts.reduce(function (n, c, i) { return n + c * doses[i][1]; }, 0);
      var key = [Math.max(0, heaviest - T.max_pieces_a_day), subset.length, heaviest, total]
        .concat(subset.map(function (s) { return -s; }));
      var first = best === null ? -1 : key.findIndex(function (x, i) { return x !== best[0][i]; });
      if (best === null || (first >= 0 && key[first] < best[0][first])) best = [key, subset];
    }
    return best !== null ? best[1] : ordered;
  }

  /* ---------- the walk (calculators/taper/engine.py dose_plan) ---------- */

  function stepExamples(start, days, refused) {
    var fits = T.step_examples_mg.filter(function (s) {
      var n = start / s;
      return s !== refused && Math.abs(n - Math.round(n)) <= 1e-9 && Math.round(n) >= 2 &&
        (days === null || Math.round(n) - 1 <= days);
    });
    return fits.length ? say("tp.step.examples", { steps: fits.map(num).join(" or ") }) :
      say("tp.step.no_examples", { steps: T.step_examples_mg.map(num).join(", ") });
  }
  // [dose mg, days held, rule, note] in order; the dose after the last is 0 (stopped)
  function walk(protocol, start, o) {
    if (protocol.kind === "span") {
      var step = o.step_mg !== null ? o.step_mg : protocol.default_step_mg, days = o.withdrawal_days;
      var count = Math.round(start / step), doses = [];
      if (Math.abs(start / step - count) > 1e-9 || count < 2) {
        refuse("step_mg", step, say("tp.step.uneven", {}),
          say("tp.step.allowed", { dose: num(start), examples: stepExamples(start, days, step) }));
      }
      for (var k = 1; k < count; k++) doses.push(r6(start - step * k));
      var most = T.withdrawal_last_max_mg;  // engine.py: one halving, then a stop from 10 mg, is too fast
      if (doses[doses.length - 1] > most + 1e-9) {
        refuse("step_mg", step, say("tp.step.last", { last: num(doses[doses.length - 1]), most: num(most) }),
          say("tp.step.last.allowed", { most: num(most), dose: num(start),
                                        examples: stepExamples(start, days, step) }),
          "igm_withdrawal_last_dose");
      }
      if (doses.length > days) {
        refuse("step_mg", step, say("tp.step.many", { count: String(doses.length), days: String(days) }),
          say("tp.step.many.allowed", { days: String(days) }));
      }
      var base = Math.floor(days / doses.length), extra = days % doses.length;
      var rule = say("tp.span.rule", { step: num(step), days: String(days) });
      return doses.map(function (d, i) {  // the extra days to the later, lower doses
        return [d, base + (i >= doses.length - extra ? 1 : 0), rule, null];
      });
    }
    var enabled = protocol.stages.filter(function (s) {
      return !s.option || (s.option === "slow-1mg-from-10mg" && o.slow_1mg_every_weeks !== null);
    });
    function stageAt(dose) {
      return enabled.find(function (s) { return s.floor_mg < dose && dose <= s.ceiling_mg; }) || null;
    }
    var plan = [[start, o.hold_weeks * 7, say("tp.hold.rule", { weeks: String(o.hold_weeks) }), null]];
    for (var dose = start, stage = stageAt(dose); ; dose = next, stage = holding) {
      if (stage === null) {
        refuse("start_dose_mg", start, say("tp.stage.none", { dose: num(dose) }),
          say("tp.stage.none.allowed"));
      }
      var next = r6(Math.max(dose - stage.step_mg, stage.floor_mg)), note = null;
      if (next > dose - stage.step_mg + 1e-9 && next > 0) {
        note = say("tp.stage.short", { step: num(dose - next), stage_step: num(stage.step_mg),
                                       floor: num(stage.floor_mg) });
      }
      if (next <= 0) return plan;
      var holding = stageAt(next);  // a dose is held for the interval of the stage that lowers it next
      var fixed = typeof holding.interval_weeks === "number";
      var weeks = fixed ? holding.interval_weeks : o.slow_1mg_every_weeks;
      plan.push([next, weeks * 7, holding.option ? holding.rule : stage.rule, note]);
    }
  }

  window.LiveSchedule = { walk: walk, makeDose: makeDose, nearestMakeable: nearestMakeable,
                          pickStrengths: pickStrengths, pieces: pieceCount };
})();
