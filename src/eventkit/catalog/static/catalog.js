// eventkit catalog: search and filters on the index, version picking on event pages.
// Plain DOM, no framework, no network: the site works from file:// and any static host.
(function () {
  "use strict";
  document.documentElement.classList.add("scripted");  // the stylesheet's no-script rules step aside

  function setUpIndex() {
    var search = document.getElementById("search");
    if (!search) return;
    var service = document.getElementById("service-filter");
    var deprecated = document.getElementById("deprecated-filter");
    var rows = Array.prototype.slice.call(document.querySelectorAll("#events tbody tr"));
    var count = document.getElementById("result-count");
    var none = document.getElementById("no-results");
    function apply() {
      var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      var wantService = service.value;
      var wantDeprecated = deprecated.value;
      var shown = 0;
      rows.forEach(function (row) {
        var text = row.getAttribute("data-search");
        var ok = words.every(function (w) { return text.indexOf(w) !== -1; });
        if (wantService && row.getAttribute("data-service") !== wantService) ok = false;
        var isDeprecated = row.getAttribute("data-deprecated") === "yes";
        if (wantDeprecated === "hide" && isDeprecated) ok = false;
        if (wantDeprecated === "only" && !isDeprecated) ok = false;
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = shown + " of " + rows.length + " event types";
      none.hidden = shown !== 0;
    }
    search.addEventListener("input", apply);
    service.addEventListener("change", apply);
    deprecated.addEventListener("change", apply);
    apply();
  }

  function compareVersions(a, b) {
    var x = a.split(".").map(Number), y = b.split(".").map(Number);
    for (var i = 0; i < 3; i++) { if (x[i] !== y[i]) return x[i] - y[i]; }
    return 0;
  }

  function setUpDiff() {
    var oldPick = document.getElementById("diff-old");
    if (!oldPick) return;
    document.getElementById("diff-picker").hidden = false;  // it needs this script
    var newPick = document.getElementById("diff-new");
    var missing = document.getElementById("diff-missing");
    var away = document.getElementById("diff-away");
    var sections = Array.prototype.slice.call(document.querySelectorAll("section.diff"));
    function show(oldV, newV) {
      if (compareVersions(oldV, newV) > 0) { var t = oldV; oldV = newV; newV = t; }
      var found = false;
      sections.forEach(function (s) {
        var match = s.getAttribute("data-old") === oldV && s.getAttribute("data-new") === newV;
        s.hidden = !match;
        if (match) found = true;
      });
      // With many versions, a version's comparison with the newest is on that version's page.
      var elsewhere = found ? null : elsewhereLink(oldV, newV);
      away.hidden = !elsewhere;
      if (elsewhere) {
        document.getElementById("diff-away-version").textContent = oldV;
        document.getElementById("diff-away-link").href = elsewhere.href;
      }
      missing.hidden = found || !!elsewhere || oldV === newV;
      return { found: found, elsewhere: elsewhere };
    }
    function elsewhereLink(oldV, newV) {
      var links = document.querySelectorAll("a.diff-elsewhere");
      for (var i = 0; i < links.length; i++) {
        if (links[i].getAttribute("data-old") === oldV && links[i].getAttribute("data-new") === newV) return links[i];
      }
      return null;
    }
    function fromPickers() { show(oldPick.value, newPick.value); }
    function fromHash() {
      var m = /^#diff-(\d+\.\d+\.\d+)-(\d+\.\d+\.\d+)$/.exec(window.location.hash);
      if (!m) return;
      oldPick.value = m[1];
      newPick.value = m[2];
      // a link to a comparison that moved to a version's page (the event grew) still leads to it
      var shown = show(m[1], m[2]);
      if (shown.elsewhere) window.location.replace(shown.elsewhere.href);
    }
    oldPick.addEventListener("change", fromPickers);
    newPick.addEventListener("change", fromPickers);
    window.addEventListener("hashchange", fromHash);
    fromHash();
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpIndex();
    setUpDiff();
  });
})();
