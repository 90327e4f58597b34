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

  // The page's characters by weight (KRDS's two: 400 and 700), read from its text nodes.
  function charactersByWeight() {
    var regular = {};
    var bold = {};
    var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    var parent = null;
    var into = regular;
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.data.trim()) {
        continue;
      }
      if (node.parentElement !== parent) {
        parent = node.parentElement;
        into = parseInt(window.getComputedStyle(parent).fontWeight, 10) >= 600 ? bold : regular;
      }
      for (var i = 0; i < node.data.length; i += 1) {
        into[node.data[i]] = true;
      }
    }
    return { regular: Object.keys(regular).join(""), bold: Object.keys(bold).join("") };
  }

  // Every slice the page's text needs is fetched first and the class added once they are all
  // in: the page is laid out again once, not once for each slice as it arrives (a plan page
  // is long, and each layout of it holds a phone's main thread for a while).
  function switchOn() {
    if (!document.fonts) {
      apply();
      return;
    }
    var text = charactersByWeight();
    var family = ' 16px "Pretendard GOV"';
    var loads = [];
    if (text.regular) {
      loads.push(document.fonts.load("400" + family, text.regular));
    }
    if (text.bold) {
      loads.push(document.fonts.load("700" + family, text.bold));
    }
    Promise.all(loads).then(apply, apply);
  }

  function apply() {
    root.classList.add("webfont");
    remember();
  }

  // The faces are the page's last request: after its load event, its first contentful paint
  // (where the browser reports paints) and one more frame, so that they never compete with the
  // page's own requests or hold up the frame that first shows its text.
  function afterNextFrame() {
    window.requestAnimationFrame(function () {
      window.setTimeout(switchOn, 0);
    });
  }

  function afterFirstPaint() {
    var types = window.PerformanceObserver && PerformanceObserver.supportedEntryTypes;
    if (!types || types.indexOf("paint") < 0) {
      afterNextFrame();
      return;
    }
    var observer = new PerformanceObserver(function (list) {
      if (list.getEntriesByName("first-contentful-paint").length) {
        observer.disconnect();
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
