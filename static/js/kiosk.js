/* Kiosk behaviour without inline script (the CSP forbids it):
   focus the error summary, submit once, and warn before an idle visit is wiped. */
(function () {
  "use strict";

  function focusErrorSummary() {
    var summary = document.querySelector("[data-focus-on-load]");
    if (summary) summary.focus();
  }

  function submitOnce() {
    document.querySelectorAll("[data-submit-once]").forEach(function (button) {
      button.form.addEventListener("submit", function () {
        // Let the click go through, then block a second one; the server is idempotent anyway.
        setTimeout(function () { button.disabled = true; }, 0);
      });
    });
  }

  function conditionalFields() {
    // A field that applies only for some answers appears when they are chosen (the server checks too).
    document.querySelectorAll("[data-show-if]").forEach(function (wrapper) {
      var controls = document.querySelectorAll('[name="' + wrapper.dataset.showIf + '"]');
      var wanted = wrapper.dataset.showValues.split(" ");
      function update() {
        var value = "";
        controls.forEach(function (c) { if ((c.type !== "radio" && c.type !== "checkbox") || c.checked) value = c.value; });
        wrapper.hidden = wanted.indexOf(value) === -1;
      }
      controls.forEach(function (c) { c.addEventListener("change", update); });
      update();
    });
  }

  function idleWarning() {
    // After the warning time a full-screen box hides the page and counts down; at the wipe time a visit
    // is ended on the server (the form posts "finish") and any other page returns to the start page.
    var body = document.body;
    var warnAfter = Number(body.dataset.idleWarning) * 1000;
    var wipeAfter = Number(body.dataset.idleWipe) * 1000;
    var dialog = document.getElementById("idle-warning");
    if (!warnAfter || !wipeAfter || !dialog) return;
    var main = document.getElementById("main");
    var countdown = document.getElementById("idle-countdown");
    var wipeForm = document.getElementById("idle-wipe");
    var hasVisit = Boolean(body.dataset.keepaliveUrl);
    var token = document.querySelector("meta[name=csrf-token]");  // only a visit's pages carry one
    var csrf = token ? token.content : "";
    var warnTimer, wipeTimer, ticker, wipeAt, lastPing = Date.now();

    function wipe() {
      if (hasVisit && wipeForm) wipeForm.submit();
      else window.location.replace(body.dataset.homeUrl);
    }

    function keepAlive() {
      lastPing = Date.now();
      if (!hasVisit) return;
      fetch(body.dataset.keepaliveUrl, { method: "POST", headers: { "X-CSRFToken": csrf }, credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (state) { if (!state.active) window.location.replace(body.dataset.homeUrl); });
    }

    function showCountdown() {
      countdown.textContent = Math.max(0, Math.ceil((wipeAt - Date.now()) / 1000));
    }

    var returnTo = null;  // what had the focus when the warning came up

    function hideWarning() {
      dialog.hidden = true;
      main.inert = false;
      clearInterval(ticker);
      if (returnTo && document.contains(returnTo)) returnTo.focus();
      returnTo = null;
    }

    function continueVisit() {
      keepAlive();
      restart();
    }

    // A modal dialog keeps the keyboard inside (Tab and Shift+Tab go round its buttons; the masthead
    // behind is not inert); Escape means "continue", as closing a dialog does.
    document.addEventListener("keydown", function (event) {
      if (dialog.hidden) return;
      if (event.key === "Escape") {
        event.preventDefault();
        continueVisit();
        return;
      }
      if (event.key !== "Tab") return;
      var stops = Array.prototype.filter.call(dialog.querySelectorAll("a[href], button, input, select, textarea"),
        function (el) { return !el.disabled && el.type !== "hidden" && el.getClientRects().length; });
      if (!stops.length) return;
      var first = stops[0], last = stops[stops.length - 1], at = document.activeElement;
      if (!dialog.contains(at) || (event.shiftKey ? at === first : at === last)) {
        event.preventDefault();
        (event.shiftKey ? last : first).focus();
      }
    }, true);

    function restart() {
      clearTimeout(warnTimer); clearTimeout(wipeTimer);
      hideWarning();
      wipeAt = Date.now() + wipeAfter;
      warnTimer = setTimeout(function () {
        returnTo = document.activeElement;
        dialog.hidden = false;
        main.inert = true;  // the form behind is hidden and out of reach of touch and keys
        showCountdown();
        ticker = setInterval(showCountdown, 1000);
        document.getElementById("idle-continue").focus();
      }, warnAfter);
      wipeTimer = setTimeout(wipe, wipeAfter);
    }

    document.getElementById("idle-continue").addEventListener("click", continueVisit);
    ["keydown", "pointerdown", "input"].forEach(function (name) {
      document.addEventListener(name, function () {
        if (!dialog.hidden) return;
        restart();
        // Typing a long answer is activity too: tell the server, at most once a minute.
        if (Date.now() - lastPing > 60000) keepAlive();
      }, { passive: true });
    });
    restart();
  }

  function scanner() {
    // A USB QR/barcode scanner types like a keyboard, far faster than a finger, and ends with Enter. A
    // burst of at least 6 keys under 50 ms apart ending with Enter is a scan, wherever the focus was:
    // the field it landed in gets its old value back, and the page decides what the scan is for.
    var buffer = "", last = 0, field = null, before = null, keyed = false;
    function key(stamp) {
      if (stamp - last > 50) {
        buffer = "";
        field = document.activeElement;
        before = field && "value" in field ? field.value : null;
      }
      last = stamp;
    }
    document.addEventListener("keydown", function (event) {
      key(event.timeStamp);
      keyed = event.key.length === 1;
      if (event.key === "Enter") {
        var use = buffer.length >= 6 && consumer(buffer);
        if (use) {  // else a fast typist pressed Enter: let it be
          event.preventDefault();
          if (field && before !== null) field.value = before;
          use(buffer);
        }
        buffer = "";
      } else if (keyed) {
        buffer += event.key;
      }
    }, true);
    // Letters outside the keyboard's layout (Vietnamese in a card's name) arrive as text, not keys.
    document.addEventListener("beforeinput", function (event) {
      if (event.inputType !== "insertText" || !event.data) return;
      if (keyed) { keyed = false; return; }  // already counted by its keydown
      key(event.timeStamp);
      buffer += event.data;
    }, true);
  }

  function consumer(text) {
    // What this page does with a scan, or nothing: a card's QR on a step asking for a person, a code or
    // a receipt's QR where the page has a scan form (lookup, hand-over, the guide's search).
    var card = document.querySelector("[data-card-url]");
    if (card && text.indexOf("|") !== -1) return function () { fillFromCard(card, text); };
    var form = document.querySelector("[data-scan-form]");
    if (!form) return null;
    return function () {
      var signed = text.match(/\/l\/[0-9A-Za-z-]+\?s=[\w.-]+$/);
      if (signed && form.dataset.scanFollowSigned !== undefined) {  // a receipt's QR: its own status page
        window.location.assign(signed[0]);
        return;
      }
      form.querySelector('[name="' + form.dataset.scanForm + '"]').value = text;
      var next = form.dataset.scanNext && form.querySelector('[name="' + form.dataset.scanNext + '"]');
      if (next) next.focus(); else form.requestSubmit();
    };
  }

  function fillFromCard(card, text) {
    var status = document.getElementById("card-status");
    var csrf = document.querySelector("meta[name=csrf-token]").content;
    var body = new URLSearchParams();
    body.append("card", text);
    fetch(card.dataset.cardUrl, { method: "POST", body: body, headers: { "X-CSRFToken": csrf }, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (answer) {
        status.hidden = false;
        status.className = "card-scan__status" + (answer.error ? " card-scan__status--error" : "");
        status.textContent = answer.error || answer.message;
        Object.keys(answer.fields || {}).forEach(function (name) { fill(name, answer.fields[name]); });
      });
  }

  function fill(name, value) {
    var controls = document.querySelectorAll('[name="' + name + '"]');
    controls.forEach(function (control) {
      if (control.type === "radio" || control.type === "checkbox") {
        if (control.value === value) { control.checked = true; control.dispatchEvent(new Event("change")); }
      } else {
        control.value = value;
        control.dispatchEvent(new Event("input", { bubbles: true }));
      }
    });
    var parts = value.split("/");  // a date in day / month / year boxes
    ["day", "month", "year"].forEach(function (part, i) {
      var box = document.querySelector('[name="' + name + "-" + part + '"]');
      if (box && parts.length === 3) box.value = parts[i];
    });
  }

  function neverFromTheBackForwardCache() {
    // A page brought back by "back" from memory would show what the previous resident saw: ask the server.
    window.addEventListener("pageshow", function (event) { if (event.persisted) window.location.reload(); });
  }

  function followPrintJob() {
    // The terminal printed a slip through CUPS: ask the server how the job goes until it is done.
    var box = document.querySelector("[data-print-job]");
    if (!box) return;
    function show(state) {
      box.className = "print-status print-status--" + state;
      box.querySelectorAll("[data-print-state]").forEach(function (part) {
        part.hidden = part.dataset.printState !== state;
      });
      document.querySelectorAll("[data-print-again]").forEach(function (again) {
        again.hidden = state !== "printed";
      });
    }
    function poll() {
      fetch(box.dataset.printJob, { credentials: "same-origin", cache: "no-store" })
        .then(function (r) { return r.ok ? r.json() : { state: "problem" }; })
        .then(function (job) {
          show(job.state);
          if (job.state === "printing") setTimeout(poll, 1000);
        })
        .catch(function () { setTimeout(poll, 3000); });
    }
    box.focus();
    if (box.dataset.printStateNow === "printing") setTimeout(poll, 700);
  }

  // A file input's native text is replaced by a translated one: show the chosen file's name beside it.
  function fileInputs() {
    document.querySelectorAll("[data-file-input]").forEach(function (wrapper) {
      var input = wrapper.querySelector("input[type=file]");
      var chosen = wrapper.querySelector(".file-input__chosen");
      input.addEventListener("change", function () {
        if (input.files.length) chosen.textContent = input.files[0].name;
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    fileInputs();
    neverFromTheBackForwardCache();
    scanner();
    followPrintJob();
    focusErrorSummary();
    submitOnce();
    conditionalFields();
    idleWarning();
  });
})();
