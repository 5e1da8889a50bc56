/* unkg timeline chart: the year cursor. Moves a line, greys the missions not active in that
   year, counts the active ones, and keeps the year in the URL (#year=1995). Reads nothing
   but the chart's own attributes. */
(function () {
  "use strict";

  const svg = document.getElementById("chart");
  const slider = document.getElementById("year");
  const x0 = Number(svg.getAttribute("data-x0"));
  const scale = Number(svg.getAttribute("data-scale"));
  const first = Number(svg.getAttribute("data-first"));
  const missions = [...svg.querySelectorAll("g.mission")];
  const zh = document.documentElement.lang === "zh";
  const link = document.getElementById("map-link");

  function setYear(year, keep) {
    const y = Math.min(Number(slider.max), Math.max(Number(slider.min), year));
    slider.value = String(y);
    document.getElementById("year-value").textContent = String(y);
    const x = x0 + (y + 0.5 - first) * scale;
    const cursor = document.getElementById("cursor");
    cursor.setAttribute("x1", String(x));
    cursor.setAttribute("x2", String(x));
    let active = 0;
    for (const g of missions) {
      const a = Number(g.getAttribute("data-first"));
      const last = g.getAttribute("data-last");
      const on = a <= y && (last === "" || y <= Number(last));
      g.classList.toggle("inactive", !on);
      if (on) active += 1;
    }
    const count = document.getElementById("active-count");
    count.textContent = zh ? `${y} 年：${active} 个特派团在任` : `${y}: ${active} missions active`;
    count.setAttribute("data-active", String(active));
    if (link) link.setAttribute("href", `${link.getAttribute("data-href")}?lang=${document.documentElement.lang}#year=${y}`);
    if (keep) {
      const url = new URL(window.location.href);
      url.hash = `year=${y}`;
      history.replaceState(null, "", url.href);
    }
  }

  slider.addEventListener("input", () => setYear(Number(slider.value), true));
  svg.addEventListener("click", (ev) => {  // a click on the chart moves the cursor there
    const box = svg.getBoundingClientRect();
    const x = (ev.clientX - box.left) * (svg.viewBox.baseVal.width / box.width);
    if (x >= x0) setYear(Math.floor(first + (x - x0) / scale), true);
  });
  const m = /(?:^#|&)year=(\d{4})\b/.exec(window.location.hash);
  setYear(m ? Number(m[1]) : Number(slider.value), false);
  window.unkgChart = { setYear: (y) => setYear(y, true) };
})();
