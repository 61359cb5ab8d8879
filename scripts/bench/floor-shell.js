// Module settings of the benchmark's floor app (kept out of the page: the CSP has no inline script).
window.Module = { canvas: document.getElementById('canvas') };
