// Pinwheel console: progressive enhancement only; every page works without it.
// Counts down to <time data-countdown datetime="..."> and asks before destructive forms (data-confirm).
(function () {
  'use strict';

  function format(ms) {
    var s = Math.max(0, Math.round(ms / 1000));
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    if (h > 0) { return h + ' h ' + m + ' min ' + r + ' s'; }
    if (m > 0) { return m + ' min ' + r + ' s'; }
    return r + ' s';
  }

  function tick() {
    var now = Date.now();
    document.querySelectorAll('[data-countdown]').forEach(function (el) {
      var at = Date.parse(el.getAttribute('datetime'));
      if (isNaN(at)) { return; }
      var out = el.parentElement && el.parentElement.querySelector('[data-countdown-text]');
      if (!out) { return; }
      out.textContent = at > now ? 'in ' + format(at - now) : 'now (reload the page to see the step allowed)';
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    if (document.querySelector('[data-countdown]')) {
      tick();
      window.setInterval(tick, 1000);
    }
    document.querySelectorAll('form[data-confirm]').forEach(function (form) {
      form.addEventListener('submit', function (event) {
        if (!window.confirm(form.getAttribute('data-confirm'))) { event.preventDefault(); }
      });
    });
  });
}());
