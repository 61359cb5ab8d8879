// Insights as users (and room agents) work it: an agent token made through the API posts a
// batch of telemetry; the Insights page charts it; a device going offline shows in the Rooms
// table within 2 s (the status is long polled); a room without a license says how to unlock
// Insights (R-GATE-1). Real server, real Chromium, real mouse.
import assert from 'node:assert/strict';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {after, before, test} from 'node:test';

import {artifactsDir, clickItem, iso, items, launchBrowser, openPage, pageApi as api, portalState, postTelemetry as postTelemetryTo, screenshot, signIn, startServer, waitForItem, waitForState,} from './harness.mjs';

const anne = ['anne.martin@northwind.example', 'northwind-admin'];
const postTelemetry = (...args) => postTelemetryTo(server.url, ...args);

let server;
let browser;
before(async () => {
    server = await startServer();
    browser = await launchBrowser();
});
after(async () => {
    await browser?.close();
    await server?.stop();
    server?.cleanup();
});

// A chart's own picture, cut from the page where the item is drawn.
async function screenshotItem(page, label, name) {
    const item = await waitForItem(page, label);
    const file = path.join(artifactsDir(), `${name}.png`);
    await page.screenshot({path: file, clip: {x: item.x, y: item.y, width: item.w, height: item.h}});
    return file;
}

test('telemetry posted by an agent shows in Insights; an offline device shows in Rooms within 2 s',
     async () => {
         // Tall enough for every chart of the page at once.
         const page = await openPage(browser, {height: 1500});
         const {account} = await signIn(page, server.url, ...anne, {hash: '#/insights'});
         await waitForItem(page, 'Insights');
         const rooms = (await api(page, 'GET', `/api/v1/accounts/${account.id}/rooms`)).json.rooms;
         const etoile = rooms.find((r) => r.name === 'Salle Étoile');
         assert.ok(etoile, 'the demo room');

         const created = await api(page, 'POST', `/api/v1/accounts/${account.id}/agent-tokens`,
                                   {name: 'Browser test agent'});
         assert.equal(created.status, 201, JSON.stringify(created.json));
         const token = created.json.token;
         assert.ok(token);

         const now = Date.now();
         const hour = 3600 * 1000;
         const batch = await postTelemetry(token, `browser-${now}`, [
             {type: 'device', serial: '2219RP0C7710', at: iso(now - 4 * hour), status: 'online',
              firmware: '1.2.3'},
             {type: 'occupancy', roomId: etoile.id, at: iso(now - 4 * hour), people: 2},
             {type: 'meeting', roomId: etoile.id, start: iso(now - 3.5 * hour),
              end: iso(now - 2.5 * hour)},
             {type: 'occupancy', roomId: etoile.id, at: iso(now - 2 * hour), people: 0},
             {type: 'occupancy', roomId: etoile.id, at: iso(now - hour), people: 5},
         ]);
         assert.equal(batch.status, 200, JSON.stringify(batch.json));
         assert.equal(batch.json.accepted, 5);

         // The page asks again for another range: the new data is in the answer.
         await clickItem(page, '24 h');
         await waitForItem(page, 'Occupancy chart', {timeout: 15000});
         await waitForItem(page, 'Meeting hours');
         await waitForItem(page, 'Hour of week');
         await screenshot(page, 'insights-page');
         await screenshotItem(page, 'Occupancy chart', 'insights-occupancy-chart');
         await screenshotItem(page, 'Meeting hours', 'insights-meeting-hours');
         await screenshotItem(page, 'Hour of week', 'insights-hour-of-week');
         await waitForItem(page, /^Salle Étoile: Occupied · 5 people$/);
         // The points shown, as a file.
         const [download] =
             await Promise.all([page.waitForEvent('download'), clickItem(page, 'Download CSV')]);
         const csv = await readFile(await download.path(), 'utf8');
         assert.match(csv, /^roomId,room,t,occupancy,peopleMean,peoplePeak,meetingMinutes,utilisation\r\n/);
         assert.match(csv, new RegExp(`^${etoile.id},Salle Étoile,\\d{4}-\\d\\d-\\d\\dT\\d\\d:00:00Z,`, 'm'));

         // R-GATE-1: Confluence holds no license in the demo.
         await waitForItem(page, 'Confluence · Locked');
         await waitForItem(
             page, 'Assign a Sync Plus or Select license to this room to unlock Insights (R-GATE-1).');

         // The Rooms table, live: the device goes offline, the room says so within 2 s.
         await page.evaluate((id) => { window.location.hash = `#/rooms?account=${id}`; }, account.id);
         await waitForItem(page, 'Export CSV');
         const rowOf = async (label) => {
             const all = await items(page);
             const row = all.find((i) => i.label === 'Salle Étoile');
             return row && all.find((i) => i.label === label && Math.abs(i.y - row.y) < row.h);
         };
         const deadline = Date.now() + 10000;
         while (!(await rowOf('Occupied · 5 people')) && Date.now() < deadline) {
             await page.waitForTimeout(50);
         }
         assert.ok(await rowOf('Occupied · 5 people'), 'the room\'s live status in its row');
         const {statusVersion} = await portalState(page);
         assert.ok(statusVersion, 'the status is known');

         const offline = await postTelemetry(token, `browser-offline-${Date.now()}`, [
             {type: 'device', serial: '2219RP0C7710', at: iso(Date.now()), status: 'offline'},
         ]);
         const answered = Date.now();
         assert.equal(offline.status, 200, JSON.stringify(offline.json));
         let shownAfter = null;
         while (Date.now() - answered < 5000) {
             if (await rowOf('Offline')) {
                 shownAfter = Date.now() - answered;
                 break;
             }
             await page.waitForTimeout(20);
         }
         await screenshot(page, 'rooms-status-offline');
         console.log(`Offline shown ${shownAfter} ms after the POST's answer`);
         assert.ok(shownAfter !== null, 'the room never showed Offline');
         assert.ok(shownAfter <= 2000, `Offline shown ${shownAfter} ms after the POST's answer`);
         const state = await waitForState(page, (s) => s.statusVersion !== statusVersion,
                                          {what: 'a newer status version'});
         assert.deepEqual(state.failing, []);

         // A server restart: the open portal's long poll fails, retries, and follows the new
         // server (another boot, so its first answer comes at once); a change made after the
         // restart shows within 2 s like before.
         const {port, dataDir} = server;
         await server.stop();
         server = await startServer({port, dataDir});
         await waitForState(page, (s) => s.online && s.failing.length === 0 &&
                                         s.statusVersion && s.statusVersion !== state.statusVersion,
                            {timeout: 20000, what: 'the status of the restarted server'});
         const online = await postTelemetry(token, `browser-online-${Date.now()}`, [
             {type: 'device', serial: '2219RP0C7710', at: iso(Date.now()), status: 'online'},
         ]);
         const answeredAgain = Date.now();
         assert.equal(online.status, 200, JSON.stringify(online.json));
         let backAfter = null;
         while (Date.now() - answeredAgain < 5000) {
             if (await rowOf('Occupied · 5 people')) {
                 backAfter = Date.now() - answeredAgain;
                 break;
             }
             await page.waitForTimeout(20);
         }
         console.log(`Online again shown ${backAfter} ms after the POST's answer (after a restart)`);
         assert.ok(backAfter !== null && backAfter <= 2000,
                   `after a restart, the change showed ${backAfter} ms after the POST's answer`);
         await page.close();
     });
