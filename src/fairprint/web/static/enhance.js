// Optional conveniences; every page works without this file.
// 1. Calculator: only offer the regions the chosen model's provider serves from, and
//    enable the custom token fields only when "my own numbers" is chosen.
// 2. Share card: turn the SVG card into a PNG in the browser (no server dependency).
(function () {
  "use strict";
  var model = document.getElementById("model");
  var region = document.getElementById("region");
  function filterRegions() {
    if (!model || !region) return;
    var option = model.options[model.selectedIndex];
    var allowed = (option && option.getAttribute("data-regions") || "").split(" ");
    Array.prototype.forEach.call(region.options, function (o) {
      var ok = o.value === "" || allowed.indexOf(o.value) >= 0;
      o.hidden = !ok;
      o.disabled = !ok;
      if (!ok && o.selected) region.value = "";
    });
  }
  if (model) { model.addEventListener("change", filterRegions); filterRegions(); }

  var custom = document.getElementById("preset-custom");
  var fields = document.querySelectorAll("#custom-tokens input");
  function toggleCustom() {
    if (!custom) return;
    Array.prototype.forEach.call(fields, function (f) { f.disabled = !custom.checked; });
  }
  document.querySelectorAll('input[name="preset"]').forEach(function (r) {
    r.addEventListener("change", toggleCustom);
  });
  toggleCustom();

  var png = document.getElementById("download-png");
  if (png && window.fetch && window.URL && document.createElement("canvas").toBlob) {
    png.hidden = false;
    png.addEventListener("click", function () {
      fetch(png.getAttribute("data-card")).then(function (r) { return r.text(); }).then(function (svg) {
        var url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
        var img = new Image();
        img.onload = function () {
          var canvas = document.createElement("canvas");
          canvas.width = 1200; canvas.height = 630;
          canvas.getContext("2d").drawImage(img, 0, 0, 1200, 630);
          URL.revokeObjectURL(url);
          canvas.toBlob(function (blob) {
            var a = document.createElement("a");
            a.href = URL.createObjectURL(blob);
            a.download = png.getAttribute("data-name") || "fairprint.png";
            document.body.appendChild(a); a.click(); a.remove();
          }, "image/png");
        };
        img.src = url;
      });
    });
  }
})();
