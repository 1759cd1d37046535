/*
 * Steroid equivalence form: the arithmetic of calculators/steroids.py. The table (equivalent
 * doses, routes) comes from window.LIVE_DATA.steroids; sentences from the package's templates.
 */
(function () {
  "use strict";

  var C = window.LiveContract, say = C.say;
  var S = window.LIVE_DATA.steroids;

  window.LiveForms.compute["steroid-equivalence"] = function (v) {
    [["from_drug", "from_route"], ["to_drug", "to_route"]].forEach(function (pair) {
      var drug = v[pair[0]], route = v[pair[1]];
      if (S.routes[drug].indexOf(route) < 0) {
        C.refuse(pair[1], route, say("steroid.route.allowed", { routes: S.routes[drug].join(" or "), drug: drug }),
          say("steroid.route.reason", { drug: drug }), S.source);
      }
    });
    // calculators/steroids.py: a table entry that is not how the drug is given says so (a tool choice)
    var notes = [], seen = {};
    [[v.from_drug, v.from_route], [v.to_drug, v.to_route]].forEach(function (pair) {
      var key = pair[0] + "|" + pair[1];
      if (seen[key] || !Object.prototype.hasOwnProperty.call(S.not_practice, key)) return;
      seen[key] = true;
      notes.push(C.note(say("steroid.not_practice", { drug: pair[0], route: pair[1], practice: S.not_practice[key] }),
        "tool_choice", ["table_not_practice"]));
    });
    var eFrom = S.equivalent_mg[v.from_drug], eTo = S.equivalent_mg[v.to_drug];
    var value = v.dose_mg * eTo / eFrom;
    return { equivalent: {
      quantity: say("steroid.quantity", { drug: v.to_drug, route: v.to_route }), value: value, unit: "mg",
      display: C.numberText(value, 2) + " mg",
      rule: say("steroid.rule", { from_drug: v.from_drug, from_mg: eFrom, to_drug: v.to_drug, to_mg: eTo }),
      source: S.source, notes: notes } };
  };
  window.LiveForms.bindAll();
})();
