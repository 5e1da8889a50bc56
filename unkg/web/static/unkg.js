// The query page: YASGUI (vendored, no CDN) wired to this endpoint, and the example gallery.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("unkg-config").textContent);
  var description = document.getElementById("description");
  var plain = document.getElementById("plain-query");
  var yasgui = null;

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  // an IRI as prefix:local when a known prefix covers it
  function shortIri(iri) {
    for (var p in config.prefixes) {
      var ns = config.prefixes[p];
      if (iri.indexOf(ns) === 0 && iri.length > ns.length) { return p + ":" + iri.slice(ns.length); }
    }
    return iri;
  }
  // Results as people read them: a literal is its value; its datatype or language is on hover
  // (YASR writes "7"^^xsd:integer). The row-number column is wide enough for its numbers.
  var Table = window.Yasgui && window.Yasgui.Yasr && window.Yasgui.Yasr.plugins.table;
  if (Table) {
    Table.prototype.formatLiteral = function (binding) {
      var kind = binding["xml:lang"] ? "@" + binding["xml:lang"] : binding.datatype ? shortIri(binding.datatype) : "";
      var value = escapeHtml(binding.value);
      return kind ? '<span class="typed" title="' + escapeHtml(kind) + '">' + value + "</span>" : value;
    };
    Table.prototype.getSizeFirstColumn = function () {
      var rows = (this.yasr.results && this.yasr.results.getBindings() || []).length;
      return String(rows).length * 9 + 24;
    };
  }

  if (window.Yasgui && document.getElementById("yasgui")) {
    yasgui = new window.Yasgui(document.getElementById("yasgui"), {
      requestConfig: { endpoint: config.endpoint, method: "POST" },
      copyEndpointOnNewTab: true,
      endpointCatalogueOptions: { getData: function () { return [{ endpoint: config.endpoint }]; } },
      persistenceId: "unkg-yasgui",
      yasqe: {
        value: config.query,
        // Only the offline completers: the class/property ones would call a remote service.
        autocompleters: ["prefixes", "variables"],
      },
    });
    var tab = yasgui.getTab();
    if (tab && tab.getQuery && !tab.getQuery().trim()) { tab.setQuery(config.query); }
  }

  function load(index) {
    var q = config.gallery[index];
    if (!q) { return; }
    description.textContent = q.description; // textContent: never parsed as HTML
    document.querySelectorAll("button.example").forEach(function (b) {
      b.classList.toggle("active", Number(b.dataset.index) === index);
    });
    if (plain) { plain.value = q.query; }
    if (yasgui) {
      var tab = yasgui.getTab();
      tab.setQuery(q.query);
      tab.getYasqe().query();
    }
  }

  document.querySelectorAll("button.example").forEach(function (button) {
    button.addEventListener("click", function () { load(Number(button.dataset.index)); });
  });
})();
