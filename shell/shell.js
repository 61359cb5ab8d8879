// The page's side of the portal: the Emscripten Module settings, the loading screen, a clear
// message when the portal cannot start, and a guard for keys held across a focus change. Loaded
// before portal.js (a separate file, as the Content-Security-Policy allows no inline script).
'use strict';

(function () {
  const loading = document.getElementById('loading');
  const loadingText = document.getElementById('loading-text');

  window.portalShell = {
    startedAt: performance.now(),
    ready() {
      loading.classList.add('hidden');
      setTimeout(() => { loading.style.display = 'none'; }, 200);
    },
    fail(message) {
      loading.style.display = '';
      loading.classList.remove('hidden');
      loading.classList.add('failed');
      loadingText.textContent = message;
    },
  };

  window.Module = {
    canvas: document.getElementById('canvas'),
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
    onAbort: (reason) => window.portalShell.fail(
      'The portal stopped unexpectedly (' + reason + '). Reload the page to start again.'),
  };

  // Emscripten's GLFW releases every held key on "blur", listening on window in the capture
  // phase, so it also hears the blur of an element: the canvas or the hidden text field giving
  // the focus to the other, which the portal does whenever a text field becomes active or not.
  // A held Shift would then be forgotten mid-selection. Only the page losing focus is a blur
  // for GLFW; this listener runs first, being added before portal.js starts.
  window.addEventListener('blur', (event) => {
    if (event.target !== window) event.stopImmediatePropagation();
  }, true);

  window.addEventListener('error', (event) => {
    if (event.target && event.target.tagName === 'SCRIPT') {
      window.portalShell.fail('The portal could not be downloaded. Check the connection and reload.');
    }
  }, true);
})();
