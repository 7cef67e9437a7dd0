/* The timer of a learning conversation's phase (conversations/follow.html).

   Without JavaScript the page shows the suggested time and nothing else. With it: a
   start/pause button and a clock. The clock itself is hidden from screen readers (it
   changes every second); the polite live region says only when the timer starts, pauses,
   each whole five minutes, and when the time is up, so it never chatters. */
(function () {
  "use strict";

  function words(template, minutes, total) {
    return template.replace("%(minutes)s", String(minutes)).replace("%(total)s", String(total));
  }

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function setUp(box) {
    var total = parseInt(box.getAttribute("data-minutes"), 10) || 0;
    var clock = box.querySelector("[data-timer-clock]");
    var status = box.querySelector("[data-timer-status]");
    var buttons = box.querySelector("[data-timer-buttons]");
    var start = box.querySelector("[data-timer-start]");
    var pause = box.querySelector("[data-timer-pause]");
    var texts = box.querySelector("[data-timer-words]");
    if (!total || !clock || !status || !buttons || !start || !pause || !texts) return;

    var left = total * 60;
    var timer = null;
    var lastSaidMinute = null;

    function show() {
      var shown = Math.max(left, 0);
      clock.textContent = pad(Math.floor(shown / 60)) + ":" + pad(shown % 60);
      clock.classList.toggle("conv-timer__clock--over", left <= 0);
    }

    function say(text) {
      status.textContent = text;
    }

    function minutesLeft() {
      return Math.ceil(Math.max(left, 0) / 60);
    }

    function tick() {
      left -= 1;
      show();
      if (left === 0) {
        say(texts.getAttribute("data-over"));
        return;
      }
      var minute = minutesLeft();
      if (left > 0 && left % 300 === 0 && minute !== lastSaidMinute) {
        lastSaidMinute = minute;
        say(words(texts.getAttribute("data-running"), minute, total));
      }
    }

    start.addEventListener("click", function () {
      if (timer) return;
      timer = window.setInterval(tick, 1000);
      start.disabled = true;
      pause.disabled = false;
      say(words(texts.getAttribute("data-running"), minutesLeft(), total));
      pause.focus();
    });

    pause.addEventListener("click", function () {
      if (!timer) return;
      window.clearInterval(timer);
      timer = null;
      pause.disabled = true;
      start.disabled = false;
      start.textContent = start.getAttribute("data-label-resume");
      say(words(texts.getAttribute("data-paused"), minutesLeft(), total));
      start.focus();
    });

    clock.hidden = false;
    buttons.hidden = false;
    show();
  }

  document.querySelectorAll("[data-phase-timer]").forEach(setUp);
})();
