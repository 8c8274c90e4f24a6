/* Sapa UI: click a transcript line / evidence to seek the recording; line numbers in the script editor. */
(function () {
  "use strict";
  var player = document.getElementById("player");
  if (player) {
    document.addEventListener("click", function (ev) {
      var el = ev.target.closest("[data-seek]");
      if (!el) { return; }
      ev.preventDefault();
      player.currentTime = parseFloat(el.getAttribute("data-seek")) || 0;
      var p = player.play();
      if (p && p.catch) { p.catch(function () {}); }
    });
    var lines = Array.prototype.slice.call(document.querySelectorAll(".transcript li[data-seek]"));
    player.addEventListener("timeupdate", function () {
      var t = player.currentTime;
      lines.forEach(function (li) {
        var on = t >= parseFloat(li.dataset.seek) && t < parseFloat(li.dataset.end);
        li.classList.toggle("playing", on);
      });
    });
  }
  var area = document.getElementById("yaml");
  var gutter = document.getElementById("gutter");
  if (area && gutter) {
    var bad = (gutter.dataset.bad || "").split(",").filter(Boolean).map(Number);
    var paint = function () {
      var n = area.value.split("\n").length;
      var out = [];
      for (var i = 1; i <= n; i++) {
        out.push('<span id="L' + i + '"' + (bad.indexOf(i) >= 0 ? ' class="bad"' : "") + ">" + i + "</span>");
      }
      gutter.innerHTML = out.join("");
      area.style.height = (n * 18 + 14) + "px";
    };
    area.addEventListener("input", paint);
    paint();
    document.addEventListener("click", function (ev) {
      var el = ev.target.closest("[data-line]");
      if (!el) { return; }
      ev.preventDefault();
      var line = parseInt(el.dataset.line, 10), pos = 0, rows = area.value.split("\n");
      for (var i = 0; i < line - 1 && i < rows.length; i++) { pos += rows[i].length + 1; }
      area.focus();
      area.setSelectionRange(pos, pos + (rows[line - 1] || "").length);
      area.parentElement.scrollTop = (line - 3) * 18;
    });
  }
})();
