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
    var eFrom = S.equivalent_mg[v.from_drug], eTo = S.equivalent_mg[v.to_drug];
    var value = v.dose_mg * eTo / eFrom;
    return { equivalent: {
      quantity: say("steroid.quantity", { drug: v.to_drug, route: v.to_route }), value: value, unit: "mg",
      display: C.numberText(value, 2) + " mg",
      rule: say("steroid.rule", { from_drug: v.from_drug, from_mg: eFrom, to_drug: v.to_drug, to_mg: eTo }),
      source: S.source, notes: [] } };
  };
  window.LiveForms.bindAll();
})();
