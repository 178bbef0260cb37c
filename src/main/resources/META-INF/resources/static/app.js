// Reelgate's only script: small progressive enhancements on top of HTMX. Pages work without it.
(function () {
  "use strict";

  // A chapter button ([data-seek], seconds) jumps the page's player to where its shot starts.
  document.addEventListener("click", function (event) {
    var chapter = event.target.closest ? event.target.closest("[data-seek]") : null;
    var player = document.getElementById("player");
    if (!chapter || !player) { return; }
    player.currentTime = parseFloat(chapter.getAttribute("data-seek")) + 0.01;
    player.play().catch(function () { /* autoplay refused: the position is set anyway */ });
  });

  // Close an open <details> menu when clicking elsewhere or pressing Escape.
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.menu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) { menu.removeAttribute("open"); }
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    document.querySelectorAll("details.menu[open]").forEach(function (menu) {
      menu.removeAttribute("open");
      var summary = menu.querySelector("summary");
      if (summary) { summary.focus(); }
    });
  });

  // Live character count for fields with data-counter="<id of the counter>".
  function updateCounter(field) {
    var counter = document.getElementById(field.getAttribute("data-counter"));
    if (!counter) { return; }
    var max = field.getAttribute("maxlength");
    counter.textContent = field.value.length + (max ? " / " + max : "");
    counter.classList.toggle("over", max && field.value.length >= Number(max));
  }
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("[data-counter]")) { updateCounter(event.target); }
  });

  // The five-part prompt builder composes in the page when scripts run (the server does it otherwise).
  function clean(value) { return (value || "").trim().replace(/\s+/g, " ").replace(/[.]+$/, ""); }
  function sentence(part) {
    if (!part) { return ""; }
    var s = part.charAt(0).toUpperCase() + part.slice(1);
    return s.endsWith(".") ? s : s + ".";
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-compose]");
    if (button) {
      event.preventDefault();
      var form = button.form;
      var get = function (name) { return clean(form.elements[name] ? form.elements[name].value : ""); };
      var scene = [get("subject"), get("action")].filter(Boolean).join(" ");
      var setting = get("setting");
      scene = scene && setting ? scene + ", " + setting : (scene || setting);
      var prompt = [sentence(scene), sentence(get("camera")), sentence(get("style"))].filter(Boolean).join(" ");
      var field = document.getElementById(button.getAttribute("data-compose"));
      if (field && prompt) {
        field.value = prompt;
        updateCounter(field);
        field.dispatchEvent(new Event("input", { bubbles: true }));
        field.focus();
      }
      return;
    }
    var rewrite = event.target.closest && event.target.closest("[data-use-rewrite]");
    if (rewrite) {
      var target = document.getElementById(rewrite.getAttribute("data-use-rewrite"));
      var text = rewrite.parentElement.querySelector(".lint-rewrite");
      if (target && text) {
        target.value = text.textContent;
        updateCounter(target);
        target.dispatchEvent(new Event("input", { bubbles: true }));
        target.focus();
      }
    }
  });

  // Preview a chosen image (a first or last frame, a reference: input[data-preview="<id of its img
  // or of a box holding one>"]), check a frame's dimensions against the chosen size, and mark its
  // [data-pick] box as chosen (the live estimate includes what chosen boxes hold). [data-clear-file]
  // removes the choice again.
  function showPick(input) {
    var box = input.closest("[data-pick]");
    var target = document.getElementById(input.getAttribute("data-preview"));
    var check = document.getElementById(input.getAttribute("data-check") || "");
    var chosen = !!(input.files && input.files.length);
    if (box) { box.toggleAttribute("data-chosen", chosen); }
    if (box) { box.querySelectorAll("[data-clear-file]").forEach(function (b) { b.hidden = !chosen; }); }
    if (!target) { return; }
    var img = target.tagName === "IMG" ? target : target.querySelector("img");
    if (!chosen) {
      target.hidden = true;
      if (img) { img.removeAttribute("src"); }
      if (check) { check.textContent = ""; }
      return;
    }
    var url = URL.createObjectURL(input.files[0]);
    img.onload = function () {
      if (check) {
        var sizeField = document.getElementById(input.getAttribute("data-size-field") || "");
        var exact = input.getAttribute("data-exact-size") === "true";
        var wanted = sizeField && exact ? sizeField.value : "";
        var actual = img.naturalWidth + "x" + img.naturalHeight;
        check.textContent = wanted && actual !== wanted
          ? "This image is " + actual + "; a " + wanted + " video needs exactly " + wanted + "."
          : exact ? "Image " + actual + " matches the video size." : "Image " + actual + ".";
        check.className = wanted && actual !== wanted ? "small field-error" : "small muted";
      }
      URL.revokeObjectURL(url);
    };
    img.src = url;
    target.hidden = false;
  }
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.matches && input.matches("input[type=file][data-preview]")) { showPick(input); return; }
    if (input.id === "size") {
      document.querySelectorAll("input[type=file][data-exact-size]").forEach(function (file) {
        if (file.files && file.files.length) { showPick(file); }
      });
    }
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-clear-file]");
    if (!button) { return; }
    var input = document.getElementById(button.getAttribute("data-clear-file"));
    if (!input) { return; }
    input.value = "";
    // a change like any other: the preview goes and the estimate follows
    input.dispatchEvent(new Event("change", { bubbles: true }));
    input.focus();
  });
  // A form marked data-once sends once: its submit buttons are disabled while the request is in
  // flight (the server also makes one rendered form at most one job, for browsers without this).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-once") || event.defaultPrevented) { return; }
    if (form.getAttribute("data-sending")) { event.preventDefault(); return; }
    form.setAttribute("data-sending", "true");
    form.setAttribute("aria-busy", "true");
    // after this event, so the clicked button's name and value still go with the form
    setTimeout(function () {
      form.querySelectorAll("button[type=submit]:not([disabled])").forEach(function (b) {
        b.disabled = true;
        b.setAttribute("data-once-disabled", "true");
      });
    }, 0);
  });
  // coming back with the Back button shows the page from the cache: let it be sent again
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-sending]").forEach(function (form) {
      form.removeAttribute("data-sending");
      form.removeAttribute("aria-busy");
      form.querySelectorAll("[data-once-disabled]").forEach(function (b) {
        b.disabled = false;
        b.removeAttribute("data-once-disabled");
      });
    });
  });

  // After a form was re-rendered with errors, take keyboard focus to the summary.
  document.addEventListener("DOMContentLoaded", function () {
    var errors = document.getElementById("form-errors");
    if (errors) { errors.focus(); }
  });

  // The composer's text survives a sign-in: it is kept in this tab's session storage while typed
  // and put back when the composer comes back empty (the draft is dropped once it is sent).
  var DRAFT = "reelgate.draft:" + window.location.pathname;
  function draftFields() {
    var form = document.getElementById("composer");
    return form ? form.querySelectorAll("textarea[name=prompt], textarea[name=negativePrompt]") : [];
  }
  function saveDraft() {
    var values = {};
    draftFields().forEach(function (f) { values[f.name] = f.value; });
    try { window.sessionStorage.setItem(DRAFT, JSON.stringify(values)); } catch (e) { /* storage off */ }
  }
  document.addEventListener("input", function (event) {
    if (event.target.closest && event.target.closest("#composer")) { saveDraft(); }
  });
  document.addEventListener("submit", function (event) {
    if (event.target.id === "composer") {
      try { window.sessionStorage.removeItem(DRAFT); } catch (e) { /* storage off */ }
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    var saved;
    try { saved = JSON.parse(window.sessionStorage.getItem(DRAFT) || "null"); } catch (e) { saved = null; }
    if (!saved) { return; }
    draftFields().forEach(function (f) {
      if (!f.value && saved[f.name]) {
        f.value = saved[f.name];
        f.dispatchEvent(new Event("input", { bubbles: true }));
      }
    });
  });

  // An expired session answers HTMX requests 499 (identity/HtmxRequests): keep the draft and
  // reload, which signs in again. A request lost on the network is not a reason to reload: a
  // polling element waits longer after each failure (2 s, 4 s … 60 s) and resumes when one succeeds.
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr && event.detail.xhr.status;
    if (status === 499 || status === 401) {
      saveDraft();
      window.location.reload();
    }
  });
  document.addEventListener("htmx:sendError", function (event) {
    var elt = event.detail.elt;
    if (!elt || !elt.setAttribute) { return; }
    var wait = Math.min(60000, 2 * (parseInt(elt.getAttribute("data-retry-wait") || "1000", 10)));
    elt.setAttribute("data-retry-wait", String(wait));
    elt.setAttribute("data-retry-at", String(Date.now() + wait));
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    var at = elt && elt.getAttribute && parseInt(elt.getAttribute("data-retry-at") || "0", 10);
    if (at && Date.now() < at) { event.preventDefault(); }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var elt = event.detail.elt;
    if (event.detail.successful && elt && elt.removeAttribute) {
      elt.removeAttribute("data-retry-at");
      elt.removeAttribute("data-retry-wait");
    }
  });

  // Gallery scrubbing: the spritesheet (one row of frames) is shown over the poster; the pointer's
  // position picks the frame, keyboard focus plays the frames through. Only the small sheet loads.
  var sprites = {};
  function sheet(media, ready) {
    var url = media.getAttribute("data-sprite");
    var known = sprites[url];
    if (known && known.frames) { ready(known); return; }
    if (known) { known.waiting.push(ready); return; }
    known = sprites[url] = { waiting: [ready] };
    var img = new Image();
    img.onload = function () {
      var dims = (media.getAttribute("data-aspect") || "16x9").split("x");
      var tile = Number(dims[0]) / Number(dims[1]);
      known.frames = Math.max(1, Math.round((img.naturalWidth / img.naturalHeight) / tile));
      known.waiting.forEach(function (fn) { fn(known); });
      known.waiting = [];
    };
    img.src = url;
  }
  function showFrame(media, fraction) {
    sheet(media, function (s) {
      var layer = media.querySelector(".sprite");
      if (!layer) {
        layer = document.createElement("span");
        layer.className = "sprite";
        layer.style.backgroundImage = "url(\"" + media.getAttribute("data-sprite") + "\")";
        layer.style.backgroundSize = (s.frames * 100) + "% 100%";
        var bar = document.createElement("span");
        bar.className = "scrub-bar";
        media.appendChild(layer);
        media.appendChild(bar);
      }
      var frame = Math.min(s.frames - 1, Math.max(0, Math.floor(fraction * s.frames)));
      layer.style.backgroundPosition = (s.frames > 1 ? frame * 100 / (s.frames - 1) : 0) + "% 0";
      media.querySelector(".scrub-bar").style.width = ((frame + 1) * 100 / s.frames) + "%";
    });
  }
  function stopScrub(media) {
    if (media._scrub) { clearInterval(media._scrub); media._scrub = null; }
    media.querySelectorAll(".sprite, .scrub-bar").forEach(function (el) { el.remove(); });
  }
  document.addEventListener("pointermove", function (event) {
    var media = event.target.closest && event.target.closest(".gcard-media[data-sprite]");
    if (!media || event.pointerType === "touch") { return; }
    var box = media.getBoundingClientRect();
    showFrame(media, (event.clientX - box.left) / box.width);
  });
  document.addEventListener("pointerout", function (event) {
    var media = event.target.closest && event.target.closest(".gcard-media[data-sprite]");
    if (media && !media.contains(event.relatedTarget) && document.activeElement !== media) { stopScrub(media); }
  });
  document.addEventListener("focusin", function (event) {
    var media = event.target.closest && event.target.closest(".gcard-media[data-sprite]");
    if (!media || media._scrub || window.matchMedia("(prefers-reduced-motion: reduce)").matches) { return; }
    var step = 0;
    showFrame(media, 0);
    media._scrub = setInterval(function () {
      sheet(media, function (s) { step = (step + 1) % s.frames; showFrame(media, (step + 0.5) / s.frames); });
    }, 400);
  });
  document.addEventListener("focusout", function (event) {
    var media = event.target.closest && event.target.closest(".gcard-media[data-sprite]");
    if (media) { stopScrub(media); }
  });

  // Copy buttons: data-copy="<id of the field>".
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-copy]");
    if (!button) { return; }
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field) { return; }
    field.select();
    var done = function () { button.textContent = "Copied"; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
    } else {
      document.execCommand("copy");
      done();
    }
  });
})();
