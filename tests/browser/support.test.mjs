// Support tickets as their people live them (issue 14). A room agent's telemetry takes a device
// of Salle Étoile (Select) offline; on the Rooms page the room offers Open ticket: click 1 opens
// the form prefilled from the room's state, click 2 sends it and the ticket page opens (the delay
// is measured); the server holds the room's snapshot and the Select service level. Then Olivia,
// the vendor's support, finds it in her Support queue, writes an internal note and a public
// reply; Anne sees the reply and never the note (R-SUP-2), and Louis, read-only, sees the ticket
// in his Support list (R-SUP-1). Real server, real Chromium, real mouse and keys.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  apiAs, clickItem, inRow, iso, items, openPage, postTelemetry, screenshot, signIn,
  startNorthwindWithAgent, stopAll, waitForItem, waitForRow, waitForState,
} from './harness.mjs';

const anne = ['anne.martin@northwind.example', 'northwind-admin'];
const olivia = ['olivia.ops@portal.example', 'portal-operator'];
const louis = ['louis.bernard@northwind.example', 'northwind-readonly'];
const roomName = 'Salle Étoile'; // the demo's room with Select
const offlineSerial = '2219RP0C7710'; // its Rally Plus: goes offline
const onlineSerial = '2231TP0B3C11'; // its Tap: stays online

// What Olivia writes (short: each key is a frame of a software-rendered canvas, ~0.1 s): the
// note must never reach a customer, the reply must.
const noteMark = 'RMA likely';
const noteText = `${noteMark}: check the PSU.`;
const replyText = 'We are on it, Anne.';

let server;
let browser;
let admin; // the API as Anne
let account; // Northwind's headquarters
let agentToken;
let anneTicketPage; // Anne's page, left on her new ticket for the second test
let ticket; // the ticket as Anne's two clicks made it

before(async () => {
  ({ server, browser, admin, account, agentToken } = await startNorthwindWithAgent(anne, 'Support test agent'));
});
after(() => stopAll({ server, browser }));

// An English browser: the room's proposed subject is in the request's language.
async function englishPage() {
  const page = await openPage(browser, { height: 1200 });
  await page.setExtraHTTPHeaders({ 'Accept-Language': 'en-US,en;q=0.9' });
  return page;
}

async function click(page, item) {
  assert.ok(item.enabled, `"${item.label}" is enabled`);
  await page.mouse.move(item.x + item.w / 2, item.y + item.h / 2, { steps: 2 });
  await page.mouse.down();
  await page.mouse.up();
}

// Clicks the text field labelled `label` and types `text` into it.
async function typeInto(page, label, text) {
  await clickItem(page, label);
  await page.keyboard.type(text);
}

// R-SUP-2: a customer is never shown an internal note: not its text, not its badge, no checkbox.
async function assertNoInternalNoteOnScreen(page) {
  const shown = await items(page);
  const leaks = shown.filter((i) => i.label.includes(noteMark) || i.label === 'Internal note' ||
    i.label === 'Add internal note');
  assert.deepEqual(leaks.map((i) => i.label), [], 'nothing of the internal note on a customer\'s screen');
}

test('from an offline room to a submitted ticket in two clicks, its snapshot attached', async () => {
  const rooms = (await admin('GET', `/api/v1/accounts/${account.id}/rooms`)).json.rooms;
  const etoile = rooms.find((r) => r.name === roomName);
  assert.ok(etoile, 'the demo room');

  // The agent reports both devices online, then the Rally Plus goes offline: the room is offline.
  const online = await postTelemetry(server.url, agentToken, `support-online-${Date.now()}`, [
    { type: 'device', serial: offlineSerial, at: iso(Date.now() - 120000), status: 'online', firmware: '1.2.3' },
    { type: 'device', serial: onlineSerial, at: iso(Date.now() - 120000), status: 'online', firmware: '1.4.0' },
  ]);
  assert.equal(online.status, 200, JSON.stringify(online.json));
  const offline = await postTelemetry(server.url, agentToken, `support-offline-${Date.now()}`, [
    { type: 'device', serial: offlineSerial, at: iso(Date.now() - 60000), status: 'offline' },
  ]);
  assert.equal(offline.status, 200, JSON.stringify(offline.json));

  const page = await englishPage();
  await signIn(page, server.url, ...anne, { hash: '#/rooms' });
  // The offline room offers Open ticket, in its row; rooms that are fine do not.
  const openTicket = await waitForRow(page, roomName, 'Open ticket');
  await screenshot(page, 'support-rooms-open-ticket');
  assert.ok(!(await inRow(page, 'Opéra', 'Open ticket')), 'a room with nothing wrong offers no ticket');

  // Click 1: the form, prefilled from the room's state (the same proposal the form asked for).
  await click(page, openTicket);
  await waitForState(page, (s) => s.page === 'support', { what: 'the Support page' });
  await waitForItem(page, 'Send');
  await waitForItem(page, 'Service level: Select'); // the proposal is in the form
  const proposal = await admin('GET', `/api/v1/rooms/${etoile.id}/ticket-proposal`);
  assert.equal(proposal.status, 200, JSON.stringify(proposal.json));
  assert.match(proposal.json.subject, /^Salle Étoile is offline: 1 of 2 devices offline/);
  assert.equal(proposal.json.severity, 'high');
  assert.equal(proposal.json.serviceLevel, 'select');
  assert.ok((await items(page)).some((i) => i.label === 'Room (optional)'), 'the form names the room');
  await screenshot(page, 'support-ticket-form-prefilled');

  // Click 2: Send. The ticket page opens on the new ticket.
  const send = await waitForItem(page, 'Send');
  const clicked = Date.now();
  await click(page, send);
  const heading = await waitForItem(page, /^#\d+ · /, { timeout: 10000 });
  const shownAfter = Date.now() - clicked;
  console.log(`Ticket page shown ${shownAfter} ms after the click on Send`);
  const route = new RegExp(`^#/support/(\\d+)\\?account=${account.id}$`);
  const state = await waitForState(page, (s) => route.test(s.route), { what: 'the ticket route' });
  assert.ok(shownAfter <= 5000, `the ticket page showed ${shownAfter} ms after Send`);
  await waitForItem(page, 'Service level: Select');
  await waitForItem(page, `Room: ${roomName}`);
  await waitForItem(page, 'The room when the ticket was opened');
  await screenshot(page, 'support-ticket-page');

  // The server holds it: the room, its devices as they were, the offline status, Select.
  const id = Number(state.route.match(route)[1]);
  const got = await admin('GET', `/api/v1/tickets/${id}`);
  assert.equal(got.status, 200, JSON.stringify(got.json));
  ticket = got.json;
  assert.equal(ticket.accountId, account.id);
  assert.equal(ticket.roomId, etoile.id);
  assert.equal(`#${ticket.number} · ${ticket.subject}`, heading.label);
  assert.equal(ticket.subject, proposal.json.subject, 'the proposed subject, as sent');
  assert.equal(ticket.severity, 'high');
  assert.equal(ticket.status, 'new');
  assert.equal(ticket.serviceLevel, 'select');
  assert.equal(ticket.requester.email, anne[0]);
  assert.ok(ticket.firstResponseDueAt && ticket.resolutionDueAt, 'due times');
  const { snapshot } = ticket;
  assert.ok(snapshot, 'a snapshot of the room');
  assert.equal(snapshot.room.id, etoile.id);
  assert.equal(snapshot.room.name, roomName);
  assert.equal(snapshot.room.status, 'offline');
  assert.equal(snapshot.room.timeZone, 'Europe/Paris');
  assert.equal(snapshot.room.capacity, 12);
  assert.ok(snapshot.room.licenses.some((l) => l.program === 'select'), JSON.stringify(snapshot.room));
  const devices = Object.fromEntries(snapshot.devices.map((d) => [d.serial, d]));
  assert.deepEqual(Object.keys(devices).sort(), [onlineSerial, offlineSerial].sort());
  assert.equal(devices[offlineSerial].status, 'offline');
  assert.equal(devices[onlineSerial].status, 'online');
  assert.equal(devices[onlineSerial].firmware, '1.4.0');
  assert.ok(devices[offlineSerial].purchaseDate, 'its purchase date');
  assert.ok(snapshot.events.some((e) => e.serial === offlineSerial), JSON.stringify(snapshot.events));
  // On screen too: the snapshot's devices with their status then.
  await waitForRow(page, offlineSerial, 'Offline');
  await waitForRow(page, onlineSerial, 'Online');
  assert.deepEqual(page.problems, []);
  anneTicketPage = page;
});

test('the vendor\'s support answers: the customer sees the reply, never the internal note', async () => {
  assert.ok(ticket && anneTicketPage, 'the ticket of the first test');
  const number = `#${ticket.number}`;

  // Olivia, the vendor's support: the ticket is in her queue.
  const page = await englishPage();
  await signIn(page, server.url, ...olivia, { hash: '#/support-queue' });
  await waitForItem(page, 'Support queue');
  await waitForRow(page, number, ticket.subject);
  assert.ok(await inRow(page, number, 'Northwind Traders — Siège'), 'the account, in the row');
  await screenshot(page, 'support-queue');
  await clickItem(page, number);
  await waitForState(page, (s) => s.route === `#/support/${ticket.id}?account=${account.id}`,
    { what: 'the ticket, from the queue' });
  await waitForItem(page, `${number} · ${ticket.subject}`);

  // An internal note (R-SUP-2: for the vendor's support only): the box ticked, the button says so.
  await typeInto(page, 'Reply', noteText);
  const box = (await items(page)).find((i) => i.label === 'Internal note' && i.checkable);
  assert.ok(box, 'operators may make a reply an internal note');
  await click(page, box);
  await clickItem(page, 'Add internal note');
  await waitForItem(page, noteText);
  await waitForItem(page, 'Send reply'); // the box is unticked once the note is in
  // Then the public reply.
  await typeInto(page, 'Reply', replyText);
  await clickItem(page, 'Send reply');
  await waitForItem(page, replyText);
  await screenshot(page, 'support-ticket-operator');
  const asOlivia = await apiAs(server.url, ...olivia);
  const seen = (await asOlivia('GET', `/api/v1/tickets/${ticket.id}`)).json;
  assert.deepEqual(seen.comments.map((c) => [c.body, c.internal]), [[noteText, true], [replyText, false]]);
  assert.ok(seen.firstRespondedAt, 'the public reply is the first response');
  assert.deepEqual(page.problems, []);
  await page.close();

  // Anne reads her ticket again: the reply is there, the note is not (R-SUP-2).
  const anneView = anneTicketPage;
  await anneView.reload();
  await waitForItem(anneView, `${number} · ${ticket.subject}`);
  await waitForItem(anneView, replyText);
  await waitForItem(anneView, 'Vendor support');
  await assertNoInternalNoteOnScreen(anneView);
  await screenshot(anneView, 'support-ticket-customer');
  const asAnne = await admin('GET', `/api/v1/tickets/${ticket.id}`);
  assert.equal(asAnne.status, 200);
  assert.deepEqual(asAnne.json.comments.map((c) => [c.body, c.internal]), [[replyText, false]]);
  assert.ok(!JSON.stringify(asAnne.json).includes(noteMark), 'no trace of the note in the ticket');
  const anneList = await admin('GET', `/api/v1/accounts/${account.id}/tickets?status=all`);
  const listed = anneList.json.tickets.find((t) => t.id === ticket.id);
  assert.equal(listed.commentCount, 1, 'a count without the note');
  assert.ok(!JSON.stringify(anneList.json).includes(noteMark));
  assert.deepEqual(anneView.problems, []);
  await anneView.close();

  // Louis, read-only, sees the ticket and the reply like every member (R-SUP-1), not the note.
  const asLouis = await apiAs(server.url, ...louis);
  const louisList = await asLouis('GET', `/api/v1/accounts/${account.id}/tickets`);
  assert.equal(louisList.status, 200, JSON.stringify(louisList.json));
  assert.ok(louisList.json.tickets.some((t) => t.id === ticket.id), JSON.stringify(louisList.json));
  const louisTicket = await asLouis('GET', `/api/v1/tickets/${ticket.id}`);
  assert.equal(louisTicket.status, 200);
  assert.deepEqual(louisTicket.json.comments.map((c) => c.body), [replyText]);
  assert.ok(!JSON.stringify(louisTicket.json).includes(noteMark));
  // And in his Support list, on screen.
  const louisPage = await englishPage();
  await signIn(louisPage, server.url, ...louis, { hash: '#/support' });
  await waitForRow(louisPage, number, ticket.subject);
  await assertNoInternalNoteOnScreen(louisPage);
  await screenshot(louisPage, 'support-list-readonly');
  assert.deepEqual(louisPage.problems, []);
  await louisPage.close();
});
