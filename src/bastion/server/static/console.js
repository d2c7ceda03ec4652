// The live feed: listen to /api/v1/stream (server-sent events) and ask htmx to refresh
// every element marked data-refresh-on-event (optionally only for one session).
(function () {
  "use strict";
  if (!window.EventSource) return;
  var pending = new Map();
  function refresh(el) {
    if (pending.has(el)) return;
    pending.set(el, setTimeout(function () {
      pending.delete(el);
      if (window.htmx) window.htmx.trigger(el, "refresh");
    }, 150));
  }
  function feed(ev) {
    var list = document.getElementById("live-feed");
    if (!list) return;
    var li = document.createElement("li");
    var t = new Date(ev.time * 1000).toLocaleTimeString();
    li.className = "decision-" + (ev.decision || "none");
    li.textContent = t + "  " + ev.session_id.slice(0, 8) + "  " + ev.kind +
      (ev.tool ? " " + ev.tool : "") + (ev.decision ? " → " + ev.decision : "");
    list.insertBefore(li, list.firstChild);
    while (list.children.length > 40) list.removeChild(list.lastChild);
  }
  var source = new EventSource("/api/v1/stream");
  source.addEventListener("hello", function () {
    document.body.setAttribute("data-live", "connected");
  });
  source.addEventListener("event", function (message) {
    var ev = JSON.parse(message.data);
    feed(ev);
    document.querySelectorAll("[data-refresh-on-event]").forEach(function (el) {
      var only = el.getAttribute("data-session");
      if (!only || only === ev.session_id) refresh(el);
    });
  });
  source.onerror = function () { document.body.setAttribute("data-live", "reconnecting"); };
})();

// Approvals: a waiting call is denied when its time runs out; show the seconds left.
(function () {
  "use strict";
  function tick() {
    document.querySelectorAll(".countdown[data-left]").forEach(function (el) {
      if (!el.dataset.start) el.dataset.start = String(Date.now());
      var left = Number(el.dataset.left) - Math.floor((Date.now() - Number(el.dataset.start)) / 1000);
      el.textContent = left > 0 ? left + " s left" : "time is up: denied";
      el.classList.toggle("expired", left <= 0);
    });
  }
  tick();
  setInterval(tick, 1000);
})();
