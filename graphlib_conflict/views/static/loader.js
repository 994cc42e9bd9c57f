/* graphlib_conflict: unpacks a packed view (a notebook output) and starts it.
 *
 * script#gc-packed holds JSON: vis-network's style sheet, the page data, vis-network and view.js,
 * each deflate-compressed and base64-encoded. They are inflated with the browser's own
 * DecompressionStream; the style sheet goes in before the view's own styles, the data into
 * script#gc-data (type application/json: never run), and each script into a new inline <script>
 * element. The page's Content-Security-Policy lists the SHA-256 of exactly those two scripts (and of
 * this one), so the policy still decides what runs: no eval, no blob: or data: script.
 */
(function () {
  "use strict";

  function fail(message) {
    var box = document.getElementById("gc-network");
    var note = document.createElement("p");
    note.className = "gc-unpack-error";
    note.textContent = message;
    box.appendChild(note);
  }

  function inflate(text) {
    var binary = atob(text);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
    return new Response(stream).text();
  }

  function run(code) {
    var script = document.createElement("script");
    script.textContent = code;
    document.body.appendChild(script);
  }

  if (typeof DecompressionStream === "undefined") {
    fail("This browser cannot unpack the view (it lacks DecompressionStream): open the view " +
         "written by graph.to_html(path) instead.");
    return;
  }
  var packed = JSON.parse(document.getElementById("gc-packed").textContent);
  Promise.all([packed.vis_css, packed.data, packed.vis_js, packed.app_js].map(inflate)).then(function (parts) {
    var style = document.createElement("style");
    style.textContent = parts[0];
    document.head.insertBefore(style, document.getElementById("gc-style"));
    document.getElementById("gc-data").textContent = parts[1];
    run(parts[2]);
    run(parts[3]);
  }).catch(function (error) {
    fail("The view could not be unpacked: " + error);
  });
}());
