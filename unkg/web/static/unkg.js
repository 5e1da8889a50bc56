// The query page: YASGUI (vendored, no CDN) wired to this endpoint, and the example gallery.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("unkg-config").textContent);
  var description = document.getElementById("description");
  var plain = document.getElementById("plain-query");
  var yasgui = null;

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
