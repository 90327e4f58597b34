/* Pretendard GOV on the public pages, switched on once the first contentful paint is on screen.

   The page first paints in the device's own Korean sans-serif (portal.css: --font-system) and
   asks for Pretendard GOV's unicode-range slices only then, by adding the class "webfont" to
   <html>. A plan page's text needs about 30 slices (about 400 KB); asked for during the first
   layout, they would share a phone's first round trips with the page and its stylesheet. The
   head's inline switch (templates/webfont-switch.js) adds the class before the first paint
   where this browser has fetched the faces before, so a council member going from card to card
   sees no change of font. Without script the pages keep the device's font. */
(function () {
  "use strict";
  var root = document.documentElement;
  if (root.classList.contains("webfont")) {
    return;
  }

  function remember() {
    try {
      window.localStorage.setItem("portal-webfont", "1");
    } catch (error) {
      // Storage refused (a private window): the next page switches after its first paint too.
    }
  }

  function weightOf(element) {
    return parseInt(window.getComputedStyle(element).fontWeight, 10) >= 600 ? "bold" : "regular";
  }

  function add(into, text) {
    for (var i = 0; i < text.length; i += 1) {
      into[text[i]] = true;
    }
  }

  // The page's characters by weight (KRDS's two: 400 and 700): its text nodes, what its form
  // fields show (placeholders, button values) and what its stylesheets write in ::before and
  // ::after (the breadcrumb's ›), so that no slice arrives after the switch.
  var WEIGHTS = { regular: "400", bold: "700" };

  function charactersByWeight() {
    var found = { regular: {}, bold: {} };
    var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    var parent = null;
    var into = found.regular;
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.data.trim()) {
        continue;
      }
      if (node.parentElement !== parent) {
        parent = node.parentElement;
        into = found[weightOf(parent)];
      }
      add(into, node.data);
    }
    var fields = document.querySelectorAll("input, textarea");
    for (var f = 0; f < fields.length; f += 1) {
      add(found[weightOf(fields[f])], (fields[f].placeholder || "") + (fields[f].value || ""));
    }
    generatedText(found);
    return found;
  }

  // The quoted strings of the page's own ::before and ::after rules whose element is on the page.
  function generatedText(found) {
    for (var s = 0; s < document.styleSheets.length; s += 1) {
      try {
        generatedIn(document.styleSheets[s].cssRules, found);
      } catch (error) {
        // A stylesheet of another origin cannot be read: the portal links none.
      }
    }
  }

  function generatedIn(rules, found) {
    for (var r = 0; r < rules.length; r += 1) {
      var rule = rules[r];
      if (rule.cssRules) {
        generatedIn(rule.cssRules, found); // inside @media and @supports
      }
      var content = rule.style && rule.style.content;
      if (!content || !/::?(before|after)/.test(rule.selectorText)) {
        continue;
      }
      var strings = content.match(/"[^"]*"/g);
      var element = strings && firstMatch(rule.selectorText.replace(/::?(before|after)/g, ""));
      if (element) {
        add(found[weightOf(element)], strings.join("").replace(/"/g, ""));
      }
    }
  }

  function firstMatch(selector) {
    try {
      return document.querySelector(selector);
    } catch (error) {
      return null; // a selector this browser does not know
    }
  }

  // Every slice the page's text needs is fetched first and the class added once they are all
  // in: the page is laid out again once, not once for each slice as it arrives (a plan page
  // is long, and each layout of it holds a phone's main thread for a while).
  function switchOn() {
    if (!document.fonts) {
      apply();
      return;
    }
    var found = charactersByWeight();
    var loads = [];
    for (var name in WEIGHTS) {
      var text = Object.keys(found[name]).join("");
      if (text) {
        loads.push(document.fonts.load(WEIGHTS[name] + ' 16px "Pretendard GOV"', text));
      }
    }
    // A face that failed to load is left to font-display: swap, and not remembered as fetched.
    Promise.all(loads).then(function () {
      apply();
      remember();
    }, apply);
  }

  function apply() {
    root.classList.add("webfont");
  }

  // The faces are the page's last request: after its load event, its first contentful paint
  // (where the browser reports paints) and one more frame, so that they never compete with the
  // page's own requests or hold up the frame that first shows its text.
  function afterNextFrame() {
    window.requestAnimationFrame(function () {
      window.setTimeout(switchOn, 0);
    });
  }

  // A browser that lists paint entries yet never reports one (a fingerprinting guard) switches
  // after BACKSTOP_MS.
  var BACKSTOP_MS = 3000;

  function afterFirstPaint() {
    var types = window.PerformanceObserver && PerformanceObserver.supportedEntryTypes;
    if (!types || types.indexOf("paint") < 0) {
      afterNextFrame();
      return;
    }
    var observer;
    var backstop = window.setTimeout(function () {
      observer.disconnect();
      afterNextFrame();
    }, BACKSTOP_MS);
    observer = new PerformanceObserver(function (list) {
      if (list.getEntriesByName("first-contentful-paint").length) {
        observer.disconnect();
        window.clearTimeout(backstop);
        afterNextFrame();
      }
    });
    observer.observe({ type: "paint", buffered: true });
  }

  if (document.readyState === "complete") {
    afterFirstPaint();
  } else {
    window.addEventListener("load", afterFirstPaint, { once: true });
  }
})();
