// The accessible mirror of the portal's canvas (issue 17). ImGui draws into one WebGL canvas,
// which a screen reader cannot read: each frame that changed something, the app sends what it
// drew as a batch of node changes (src/app/a11y.h, /work/a11y/spec.md §2) and this file keeps
// one overlay of real elements, #a11y-root, in step with it: buttons, links, inputs, headings,
// text, ARIA tables, dialogs and landmarks, invisible (opacity 0) and placed over the drawn
// items. Activating or focusing an element goes back to ImGui (Module._portal_a11y_activate /
// _portal_a11y_focus); Tab and Shift-Tab move through the mirror's controls in document order.
//
// Cheap enough to leave on: a batch touches only what it changes (each write is compared with
// what was written before and counted in stats().domWrites), and apply() reads no layout.
// Loaded with `defer` after shell.js and before portal.js (the Content-Security-Policy allows
// no inline script), so that its keyboard listener runs before GLFW's, which listens on window.
'use strict';

(function () {
  // State bits on the wire (spec §1).
  const DISABLED = 1, CHECKED = 2, SELECTED = 4, EXPANDED = 8, COLLAPSED = 16, INVALID = 32,
    REQUIRED = 64, CURRENT = 128, SECRET = 256, MULTILINE = 512, READONLY = 1024,
    FOCUSABLE_TEXT = 2048;

  const byId = (id, tag, init) => {
    let el = document.getElementById(id);
    if (!el) {
      el = document.createElement(tag);
      el.id = id;
      init(el);
      document.body.appendChild(el);
    }
    return el;
  };
  const root = byId('a11y-root', 'div', () => {});
  // Descriptions (a field's error, why a button is disabled, a chart's summary) are spans here,
  // out of sight and out of the reading order: aria-describedby reads hidden elements too.
  const descriptions = byId('a11y-descriptions', 'div', (el) => { el.hidden = true; });
  const liveRegion = (id, role, live) => byId(id, 'div', (el) => {
    el.className = 'visually-hidden';
    el.setAttribute('role', role);
    el.setAttribute('aria-live', live);
    el.setAttribute('aria-atomic', 'true');
  });
  const polite = liveRegion('a11y-polite', 'status', 'polite');
  const assertive = liveRegion('a11y-assertive', 'alert', 'assertive');
  const textInput = document.getElementById('text-input');
  const kTextEntry = { en: 'Text entry', fr: 'Saisie de texte' };

  // Containers: unpositioned wrappers whose children are other nodes.
  const kContainers = {
    navigation: ['nav'], main: ['main'], banner: ['header'], region: ['section'],
    dialog: ['div', 'dialog'], alertdialog: ['div', 'alertdialog'], table: ['div', 'table'],
    row: ['div', 'row'], cell: ['div', 'cell'], columnheader: ['div', 'columnheader'],
    listbox: ['div', 'listbox'], menu: ['div', 'menu'],
  };
  const kTextKinds = new Set(['text', 'password', 'textarea']);
  const kFocusable = 'button, a[href], input, textarea, [tabindex="0"]';

  let shell = null;          // the WebShell pointer, handed back to the exported functions
  let language = 'en';
  const nodes = new Map();   // key -> record
  const recOfEl = new WeakMap();
  const dialogs = new Set(); // records of dialog and alertdialog nodes
  const listboxes = new Set(); // a combo's open list
  const openCombos = new Set(); // comboboxes with their list open (aria-controls)
  let inertEls = new Set();
  let activeField = 0;       // `t`: the ImGui text field being edited
  let lastField = 0;         // the last field edited: focus goes back to it when editing ends
  // An `f` that named an element still inert (ImGui gives the focus back to a dialog's opener in
  // the frame that closes it, before the dialog leaves the tree): applied once it is reachable.
  let pendingFocus = 0;
  let textLabel = null;
  let textDescribed = null;
  let quiet = false;         // focus moved by this file: not reported back to ImGui
  let tabHandled = false;
  const stats = { applies: 0, domWrites: 0, lastApplyMs: 0 };

  // [SECTION] Calls into the app

  const call = (name, key) => {
    const fn = window.Module && window.Module['_portal_a11y_' + name];
    if (shell !== null && typeof fn === 'function') fn(shell, key);
  };
  // Set while the keys have left the page with a text field still active: the textarea must not
  // take them back at the next frame (src/platform/browser.cpp, SyncTextInput).
  const setReleased = (released) => {
    const text = window.Module && window.Module.portalTextInput;
    if (text) text.released = released;
  };
  const focusQuietly = (el) => {
    quiet = true;
    try {
      el.focus({ preventScroll: true });
    } finally {
      quiet = false;
    }
  };

  // [SECTION] Elements

  const kindOf = (role, states, level) => {
    if (kContainers[role]) return role;
    switch (role) {
      case 'link': return 'a';
      case 'checkbox': case 'radio': case 'combobox': case 'tab': case 'option':
      case 'menuitem': case 'img': return role;
      case 'textbox':
        return states & MULTILINE ? 'textarea' : states & SECRET ? 'password' : 'text';
      case 'heading': return 'h' + Math.min(6, Math.max(1, level || 2));
      case 'text': return 'span';
      default: return 'button';
    }
  };

  const create = (kind) => {
    const container = kContainers[kind];
    if (container) {
      const el = document.createElement(container[0]);
      if (container[1]) el.setAttribute('role', container[1]);
      if (kind === 'dialog' || kind === 'alertdialog') el.setAttribute('aria-modal', 'true');
      return el;
    }
    let el;
    switch (kind) {
      case 'a': el = document.createElement('a'); break;
      case 'checkbox': case 'radio': case 'text': case 'password':
        el = document.createElement('input');
        el.type = kind;
        if (kind === 'text' || kind === 'password') el.autocomplete = 'off';
        break;
      case 'textarea': el = document.createElement('textarea'); break;
      case 'img': el = document.createElement('div'); el.setAttribute('role', 'img'); break;
      case 'span': el = document.createElement('span'); break;
      case 'button': case 'combobox': case 'tab': case 'option': case 'menuitem':
        el = document.createElement('button');
        el.type = 'button';
        if (kind !== 'button') el.setAttribute('role', kind);
        if (kind === 'combobox') el.setAttribute('aria-haspopup', 'listbox');
        break;
      default: el = document.createElement(kind); // h1..h6
    }
    el.className = 'a11y-leaf';
    return el;
  };

  // How the name is given: as the element's text, or as aria-label.
  const namedByText = (kind) => kind === 'button' || kind === 'a' || kind === 'span' ||
    kind === 'tab' || kind === 'option' || kind === 'menuitem' || kind[0] === 'h';

  const write = (n = 1) => { stats.domWrites += n; };
  // Sets or removes (null) an attribute when it differs from what was written last.
  const attr = (rec, name, value) => {
    const last = rec.a[name];
    if (last === value || (last === undefined && value === null)) return;
    rec.a[name] = value;
    if (value === null) rec.el.removeAttribute(name);
    else rec.el.setAttribute(name, value);
    write();
  };

  // The element of the nearest container above `rec` (a leaf never holds other elements).
  const domParentOf = (rec) => {
    let parent = nodes.get(rec.parent);
    while (parent && !parent.container) parent = nodes.get(parent.parent);
    return parent ? parent.el : root;
  };

  const describe = (rec, text) => {
    if (text) {
      if (!rec.desc) {
        rec.desc = document.createElement('span');
        rec.desc.id = 'a11y-d-' + rec.key;
        descriptions.appendChild(rec.desc);
        write(2);
      }
      rec.desc.textContent = text;
      write();
      attr(rec, 'aria-describedby', rec.desc.id);
    } else {
      if (rec.desc) {
        rec.desc.remove();
        rec.desc = null;
        write();
      }
      attr(rec, 'aria-describedby', null);
    }
  };

  // Writes what differs between the record and the node `n` (complete: absent fields are
  // empty, 0 or -1).
  const update = (rec, n) => {
    const el = rec.el, kind = rec.kind, s = n.s || 0;
    const name = n.n || '', value = n.v || '', desc = n.d || '';
    if (!rec.container) {
      const x = n.x || 0, y = n.y || 0, w = n.w || 0, h = n.h || 0;
      if (x !== rec.x || y !== rec.y || w !== rec.w || h !== rec.h) {
        rec.x = x; rec.y = y; rec.w = w; rec.h = h;
        el.style.cssText = 'left:' + x + 'px;top:' + y + 'px;width:' + w + 'px;height:' + h + 'px';
        write();
      }
    }
    if (name !== rec.n) {
      rec.n = name;
      if (namedByText(kind)) {
        el.textContent = name;
        write();
      } else if (kind !== 'row' && kind !== 'cell' && kind !== 'columnheader') {
        attr(rec, 'aria-label', name || null);
      }
    }
    if (value !== rec.v) {
      rec.v = value;
      if (kTextKinds.has(kind)) {
        if (el.value !== value) { el.value = value; write(); }
      } else if (kind === 'combobox') {
        el.textContent = value;
        write();
      }
    }
    if (desc !== rec.d) {
      rec.d = desc;
      describe(rec, desc);
    }
    if (s !== rec.s || rec.s === undefined) {
      rec.s = s;
      const interactive = !rec.container && kind !== 'span' && kind !== 'img' && kind[0] !== 'h';
      attr(rec, 'aria-disabled', interactive && (s & DISABLED) ? 'true' : null);
      if (kind === 'checkbox' || kind === 'radio') {
        const checked = (s & CHECKED) !== 0;
        if (el.checked !== checked) { el.checked = checked; write(); }
      }
      if (kind === 'option') attr(rec, 'aria-selected', s & SELECTED ? 'true' : 'false');
      // ARIA wants a tab inside a tablist, which the wire has not: a tab is a toggle button.
      if (kind === 'tab') attr(rec, 'aria-pressed', s & SELECTED ? 'true' : 'false');
      if (kind === 'row' || kind === 'cell' || kind === 'columnheader') {
        attr(rec, 'aria-selected', s & SELECTED ? 'true' : null);
      }
      if (kind === 'button' || kind === 'a' || kind === 'menuitem') {
        attr(rec, 'aria-current', s & CURRENT ? 'page' : s & SELECTED ? 'true' : null);
      }
      if (kind === 'button' || kind === 'a' || kind === 'menuitem' || kind === 'row') {
        attr(rec, 'aria-expanded', s & EXPANDED ? 'true' : s & COLLAPSED ? 'false' : null);
      }
      if (kind === 'combobox') {
        attr(rec, 'aria-expanded', s & EXPANDED ? 'true' : 'false');
        if (!(s & EXPANDED)) attr(rec, 'aria-controls', null);
      }
      const field = kTextKinds.has(kind) || kind === 'combobox' || kind === 'checkbox';
      attr(rec, 'aria-invalid', (field || kind === 'radio') && (s & INVALID) ? 'true' : null);
      attr(rec, 'aria-required', field && (s & REQUIRED) ? 'true' : null);
      if (kTextKinds.has(kind)) {
        const readOnly = (s & READONLY) !== 0;
        if (el.readOnly !== readOnly) { el.readOnly = readOnly; write(); }
      }
      if (kind === 'span' || kind[0] === 'h') {
        attr(rec, 'tabindex', s & FOCUSABLE_TEXT ? '-1' : null);
      }
    }
    if (kind === 'a') attr(rec, 'href', n.href || '#');
    if (kind === 'table') {
      attr(rec, 'aria-rowcount', n.rc > 0 ? String(n.rc) : null);
      attr(rec, 'aria-colcount', n.cc > 0 ? String(n.cc) : null);
    }
    if (kind === 'row') attr(rec, 'aria-rowindex', n.ri > 0 ? String(n.ri) : null);
    if (kind === 'cell' || kind === 'columnheader') {
      attr(rec, 'aria-colindex', n.ci > 0 ? String(n.ci) : null);
    }
  };

  // Adds or changes a node; returns true when its element must be (re)placed under its parent.
  const upsert = (n) => {
    const key = n.k, s = n.s || 0;
    const kind = kindOf(n.r, s, n.l);
    let rec = nodes.get(key);
    let place = false;
    if (!rec) {
      rec = { key, parent: 0, kind, container: !!kContainers[kind], el: create(kind), a: {},
              desc: null };
      recOfEl.set(rec.el, rec);
      nodes.set(key, rec);
      write();
      place = true;
    } else if (rec.kind !== kind) {
      // Another role (or a field that became a password): another element, same children.
      const old = rec.el;
      const el = create(kind);
      const container = !!kContainers[kind];
      if (container && rec.container) while (old.firstChild) el.appendChild(old.firstChild);
      recOfEl.delete(old);
      recOfEl.set(el, rec);
      listboxes.delete(rec); // a new element: its id is given again below
      const focused = document.activeElement === old;
      if (old.parentNode) old.replaceWith(el);
      if (rec.desc) { rec.desc.remove(); rec.desc = null; }
      const orphans = rec.container && !container ? Array.from(old.children) : [];
      Object.assign(rec, { kind, container, el, a: {}, n: undefined, v: undefined,
                           d: undefined, s: undefined, x: undefined, y: undefined,
                           w: undefined, h: undefined });
      write(2);
      // A container that became a leaf: its children go under the nearest container above.
      for (const child of orphans) {
        const childRec = recOfEl.get(child);
        if (childRec) domParentOf(childRec).appendChild(child);
        write();
      }
      if (focused) focusQuietly(el);
    }
    const parent = n.p || 0;
    if (parent !== rec.parent) {
      rec.parent = parent;
      place = true;
    }
    if (n.r === 'dialog' || n.r === 'alertdialog') dialogs.add(rec);
    else dialogs.delete(rec);
    if (kind === 'listbox') {
      if (!listboxes.has(rec)) {
        listboxes.add(rec);
        rec.el.id = 'a11y-listbox-' + key;
        write();
      }
    } else {
      listboxes.delete(rec);
    }
    if (kind === 'combobox' && (s & EXPANDED)) openCombos.add(rec);
    else openCombos.delete(rec);
    update(rec, n);
    return place ? rec : null;
  };

  const remove = (key) => {
    const rec = nodes.get(key);
    if (!rec) return;
    nodes.delete(key);
    dialogs.delete(rec);
    listboxes.delete(rec);
    openCombos.delete(rec);
    inertEls.delete(rec.el);
    if (rec.el.parentNode) { rec.el.remove(); write(); }
    if (rec.desc) { rec.desc.remove(); write(); }
  };

  // Puts each parent's children in the order of `keys` (every key in document order), moving
  // only the elements that are out of place.
  const order = (keys) => {
    const groups = new Map();
    for (const key of keys) {
      const rec = nodes.get(key);
      if (!rec) continue;
      const parent = domParentOf(rec);
      let group = groups.get(parent);
      if (!group) groups.set(parent, (group = []));
      group.push(rec.el);
    }
    for (const [parent, els] of groups) {
      let current = parent.firstChild;
      for (const el of els) {
        if (current === el) {
          current = current.nextSibling;
          continue;
        }
        parent.insertBefore(el, current);
        write();
      }
    }
  };

  // While a dialog is open everything beside the path from the root to the topmost dialog is
  // inert (unreachable by Tab, by a screen reader's virtual cursor and by the mouse).
  const updateInert = () => {
    let top = null;
    for (const rec of dialogs) {
      if (!rec.el.isConnected) continue;
      if (!top || (top.el.compareDocumentPosition(rec.el) & Node.DOCUMENT_POSITION_FOLLOWING)) {
        top = rec;
      }
    }
    const want = new Set();
    if (top) {
      for (let el = top.el; el && el !== root; el = el.parentElement) {
        const parent = el.parentElement;
        if (!parent) break;
        for (const sibling of parent.children) {
          // A combo's list or a menu opened from the dialog is a popup above it, not behind.
          const rec = recOfEl.get(sibling);
          const popup = rec && (rec.kind === 'listbox' || rec.kind === 'menu');
          if (sibling !== el && !popup) want.add(sibling);
        }
      }
    }
    for (const el of inertEls) {
      if (!want.has(el) && el.inert) { el.inert = false; write(); }
    }
    for (const el of want) {
      if (!el.inert) { el.inert = true; write(); }
    }
    inertEls = want;
  };

  // The hidden textarea that takes the keys of the active text field says which field it is.
  const updateTextInput = () => {
    if (!textInput) return;
    const rec = activeField ? nodes.get(activeField) : null;
    const label = rec && rec.n ? rec.n : kTextEntry[language] || kTextEntry.en;
    if (label !== textLabel) {
      textLabel = label;
      textInput.setAttribute('aria-label', label);
      write();
    }
    const described = rec && rec.desc ? rec.desc.id : null;
    if (described !== textDescribed) {
      textDescribed = described;
      if (described) textInput.setAttribute('aria-describedby', described);
      else textInput.removeAttribute('aria-describedby');
      write();
    }
  };

  // [SECTION] The batch

  const apply = (batchJson) => {
    const started = performance.now();
    const batch = typeof batchJson === 'string' ? JSON.parse(batchJson) : batchJson;
    stats.applies += 1;
    const focused = document.activeElement;
    const dialogCount = dialogs.size;
    let structure = false;
    if (batch.x) {
      for (const key of batch.x) {
        if (dialogs.has(nodes.get(key))) structure = true;
        remove(key);
      }
    }
    if (batch.u) {
      const moved = [];
      for (const n of batch.u) {
        const rec = upsert(n);
        if (rec) moved.push(rec);
      }
      // After every node of the batch exists: a child may come before its parent.
      for (const rec of moved) {
        const parent = domParentOf(rec);
        if (rec.el.parentNode !== parent) {
          parent.appendChild(rec.el);
          write();
        }
      }
      if (moved.length) structure = true;
    }
    if (batch.o) {
      order(batch.o);
      structure = true;
    }
    if (structure || dialogs.size !== dialogCount) updateInert();
    // An open combobox names the list it controls (ARIA requires it while expanded).
    for (const rec of openCombos) {
      let list = null;
      for (const candidate of listboxes) if (candidate.el.isConnected) list = candidate;
      attr(rec, 'aria-controls', list ? list.el.id : null);
    }
    if (batch.t !== undefined) {
      activeField = batch.t || 0;
      if (activeField) lastField = activeField;
    }
    updateTextInput();
    // Moving an element that has the focus takes the focus away: give it back.
    if (focused && focused !== document.activeElement && focused.isConnected &&
        root.contains(focused)) {
      focusQuietly(focused);
    }
    if (batch.f) {
      const rec = nodes.get(batch.f);
      const editing = batch.f === activeField && document.activeElement === textInput;
      pendingFocus = 0;
      if (rec && !editing && document.activeElement !== rec.el) {
        if (rec.el.closest('[inert]')) pendingFocus = batch.f;
        else focusQuietly(rec.el);
      }
    } else if (pendingFocus) {
      const rec = nodes.get(pendingFocus);
      const lost = !document.activeElement || document.activeElement === document.body;
      if (!rec || !rec.el.isConnected) {
        pendingFocus = 0;
      } else if (!rec.el.closest('[inert]')) {
        pendingFocus = 0;
        if (lost) focusQuietly(rec.el);
      }
    }
    stats.lastApplyMs = performance.now() - started;
  };

  // [SECTION] Events back to the app

  const recOf = (target) => {
    for (let el = target; el && el !== root; el = el.parentElement) {
      const rec = recOfEl.get(el);
      if (rec) return rec;
    }
    return null;
  };

  root.addEventListener('click', (event) => {
    const rec = recOf(event.target);
    if (!rec || rec.container) return;
    // The state comes from ImGui: a checkbox is not ticked, a link not followed, by the browser.
    if (rec.kind === 'checkbox' || rec.kind === 'radio' || rec.kind === 'a') {
      event.preventDefault();
    }
    if (rec.s & DISABLED) return;
    if (kTextKinds.has(rec.kind)) {
      call('focus', rec.key); // a click on a field starts editing it
      return;
    }
    call('activate', rec.key);
  });

  root.addEventListener('focusin', (event) => {
    if (quiet) return;
    const rec = recOf(event.target);
    if (!rec) return;
    setReleased(false);
    call('focus', rec.key);
  });

  // What the user typed into a mirror field itself (before the field took the keyboard) is not
  // the field's: ImGui's text stays the truth.
  root.addEventListener('input', (event) => {
    const rec = recOf(event.target);
    if (rec && kTextKinds.has(rec.kind) && rec.el.value !== rec.v) rec.el.value = rec.v || '';
  });

  // [SECTION] Keyboard

  const focusables = () => {
    const list = [];
    for (const el of root.querySelectorAll(kFocusable)) {
      if (!el.closest('[inert]')) list.push(el);
    }
    return list;
  };

  // Where Tab starts from: the focused mirror element, or the element of the text field being
  // edited while the hidden textarea has the keys; null on the canvas or the page.
  const tabOrigin = () => {
    const active = document.activeElement;
    if (active && active !== root && root.contains(active)) return active;
    if (active && active === textInput && activeField) {
      const rec = nodes.get(activeField);
      if (rec && rec.el.isConnected) return rec.el;
    }
    return null;
  };

  const onTab = (event) => {
    const list = focusables();
    if (!list.length) return; // no mirror yet: ImGui's own Tab
    event.stopImmediatePropagation(); // GLFW never sees it (ImGui would move too)
    tabHandled = true;
    const back = event.shiftKey;
    const from = tabOrigin();
    let target;
    if (!from) {
      target = back ? list[list.length - 1] : list[0];
    } else {
      const index = list.indexOf(from);
      if (index >= 0) {
        target = list[back ? index - 1 : index + 1];
      } else if (back) {
        target = list.filter((el) =>
          from.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING).pop();
      } else {
        target = list.find((el) =>
          from.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
      }
    }
    if (target) {
      event.preventDefault();
      target.focus({ preventScroll: true }); // focusin tells ImGui
      return;
    }
    // Past the last control (the first with Shift): the browser moves the focus out of the page,
    // from the field's own element when a text field was being edited.
    if (document.activeElement === textInput && from) {
      setReleased(true);
      focusQuietly(from);
    }
  };

  const isTypingKey = (event) => !event.ctrlKey && !event.metaKey && !event.altKey &&
    (event.key.length === 1 || event.key === 'Backspace' || event.key === 'Delete');

  window.addEventListener('keydown', (event) => {
    if (event.isComposing) return;
    if (event.key === 'Tab' && !event.ctrlKey && !event.altKey && !event.metaKey) {
      onTab(event);
      return;
    }
    const rec = recOf(event.target);
    if (!rec || rec.container) return;
    const enter = event.key === 'Enter', space = event.key === ' ';
    if (kTextKinds.has(rec.kind)) {
      // Typing into a field's element starts editing it: the field takes the keyboard at once
      // (the hidden textarea), and the key goes on there.
      if (enter || isTypingKey(event)) {
        if (enter || space) event.stopImmediatePropagation();
        if (enter) event.preventDefault();
        if (!(rec.s & DISABLED) && !(rec.s & READONLY)) call('focus', rec.key);
      }
      return;
    }
    if (enter || space) {
      // The element's own action (a button's click) and not ImGui's: stopped before GLFW.
      event.stopImmediatePropagation();
      if (enter && (rec.kind === 'checkbox' || rec.kind === 'radio')) {
        event.preventDefault();
        rec.el.click();
      }
    }
  }, true);

  const afterKey = (event) => {
    if (event.key === 'Tab' && tabHandled) {
      if (event.type === 'keyup') tabHandled = false;
      event.stopImmediatePropagation();
      return;
    }
    if (event.key !== 'Enter' && event.key !== ' ') return;
    const rec = recOf(event.target);
    if (rec && !rec.container) event.stopImmediatePropagation();
  };
  window.addEventListener('keyup', afterKey, true);
  window.addEventListener('keypress', afterKey, true);

  // Focus on an element outside the visible area scrolls its overflow:hidden container: the
  // overlay must stay where the canvas is.
  root.addEventListener('scroll', () => {
    if (root.scrollTop !== 0 || root.scrollLeft !== 0) {
      root.scrollTop = 0;
      root.scrollLeft = 0;
    }
  });

  // [SECTION] API

  window.portalMirror = {
    // The app's shell pointer, for the exported functions (src/platform/mirror_web.cpp).
    attach(pointer) { shell = pointer; },
    apply,
    announce(text, isAssertive) {
      const region = isAssertive ? assertive : polite;
      // The same sentence twice is still news: a no-break space makes it a change.
      const value = String(text);
      region.textContent = region.textContent === value ? value + '\u00a0' : value;
      write();
    },
    setLanguage(lang) {
      language = lang === 'fr' ? 'fr' : 'en';
      if (document.documentElement.lang !== lang) {
        document.documentElement.lang = lang;
        write();
      }
      updateTextInput();
    },
    stats() {
      return { applies: stats.applies, domWrites: stats.domWrites,
               lastApplyMs: stats.lastApplyMs, nodes: nodes.size };
    },
    // May the hidden textarea take the keys for the field being edited (browser.cpp)? Not from
    // another control of the mirror that the user moved to: that field ends a frame later.
    textFocusAllowed() {
      const active = document.activeElement;
      if (!active || !root.contains(active)) return true;
      const rec = activeField ? nodes.get(activeField) : null;
      return !!rec && rec.el === active;
    },
    // A text field stopped being edited while the textarea had the keys: they go to the field's
    // element (src/platform/browser.cpp). False when it is gone.
    restoreFocus() {
      const rec = lastField ? nodes.get(lastField) : null;
      if (!rec || !rec.el.isConnected || rec.el.closest('[inert]')) return false;
      focusQuietly(rec.el);
      return document.activeElement === rec.el;
    },
    // The mirror element that has the keyboard: the focused one, or the element of the text
    // field being edited while the hidden textarea has the keys; null elsewhere.
    focusedElement: tabOrigin,
    // For tests: the element of a node (a key of window.portalItems()'s ids), and back.
    elementFor(key) {
      const rec = nodes.get(key);
      return rec ? rec.el : null;
    },
    keyOf(element) {
      const rec = recOfEl.get(element);
      return rec ? rec.key : 0;
    },
  };
})();
