// A reopened notebook's first screen, drawn before any of the app's code has loaded.
//
// When a notebook page is left (or its results are kept), the app stores a copy of its first screen:
// the header, the notebook's opening blocks and their kept results, sanitized, with no ids a test or a
// script would look for (src/ui/notebook/firstScreen.ts, stored by src/app/firstScreenStore.ts). This
// script runs while the page is parsed, before the app's chunks are fetched and compiled (about a
// second on a 2-core machine), and lays that copy over the page, marked as what it is. The app hides
// it as soon as its own page for the notebook is drawn (src/ui/firstScreen.ts). It is shown only for
// the notebook at this address and only under the stylesheet it was taken with (after an update, the
// markup's style classes would not match). Classic script on purpose: a module would wait for the
// parse to finish and for the module graph; this file is small and does one thing.
(function () {
  'use strict';
  var KEY = 'pulse.firstScreen.';
  var match = /^#\/nb\/(.+)$/.exec(location.hash);
  if (!match) return;
  try {
    var key = decodeURIComponent(match[1]);
    var raw = localStorage.getItem(KEY + key);
    if (!raw) return;
    var shot = JSON.parse(raw);
    var sheet = document.querySelector('link[rel="stylesheet"]');
    if (!shot || shot.v !== 1 || shot.key !== key || !sheet || sheet.getAttribute('href') !== shot.css) return;
    var main = sheet.sheet;
    if (!main) return;
    var host = document.createElement('div');
    host.id = 'first-screen';
    // Not the live page: nothing in it can be focused, typed into or clicked, and assistive technology
    // waits for the real one (the app below it is hidden until the swap).
    host.setAttribute('inert', '');
    host.setAttribute('aria-hidden', 'true');
    // In a closed shadow root: test tools and the app's own queries see only the live page, never a
    // second "Run all" or a second title. The benchmark and tests reach it through `firstScreenRoot`.
    var root = host.attachShadow({ mode: 'closed' });
    Object.defineProperty(host, 'firstScreenRoot', { value: root });
    // The app's stylesheet (loaded: a parser-inserted script runs only after the stylesheets before
    // it), and the editors' styles that CodeMirror adds from script, inside the shadow root.
    var rules = [];
    for (var i = 0; i < main.cssRules.length; i++) rules.push(main.cssRules[i].cssText);
    var styles = new CSSStyleSheet();
    styles.replaceSync(rules.join('\n') + '\n' + (shot.styles || ''));
    root.adoptedStyleSheets = [styles];
    var body = document.createElement('div');
    body.innerHTML = shot.html;
    root.appendChild(body);
    document.documentElement.classList.add('first-screen');
    document.body.insertBefore(host, document.getElementById('app'));
    performance.mark('pulse:first-screen');
    // If the app never takes over (a crash, a very slow start), the copy does not stay forever.
    setTimeout(function () {
      if (host.isConnected) {
        host.remove();
        document.documentElement.classList.remove('first-screen');
      }
    }, 30000);
  } catch (e) {
    // A broken or foreign entry, or a browser without shadow roots or constructed style sheets:
    // draw nothing, the app opens as usual.
  }
})();
