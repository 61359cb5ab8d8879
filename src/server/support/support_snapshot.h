// What a ticket records of its room when it is opened (R-SUP-2): the room with its licenses and
// entitlements, each device with its product, purchase date, warranty end and what telemetry
// says of it, the last 24 hours of status events and the open alerts; frozen as JSON text in
// the ticket's row and never rewritten. The same look at the room gives the one-click form its
// proposed subject and severity (core support::ProposeTicket).
#pragma once

#include <string>
#include <vector>

#include "api/alerts_json.h"
#include "core/catalogue.h"
#include "core/engine.h"
#include "core/insights.h"
#include "core/support.h"
#include "server/store.h"
#include "server/support/support_store.h"
#include "server/telemetry_store.h"

namespace portal::server {

// How far back the snapshot's events go.
inline constexpr Seconds kSnapshotEventsSeconds = 24 * 3600;

// A room as it is now, read in one transaction.
struct RoomLook {
    State state;  // the room's account's own rows (engine functions read it)
    Room room;
    RoomEntitlements entitlements;
    RoomStatusRow status;                  // people and meetings (shown with Insights only)
    std::vector<DeviceStatusRow> devices;  // the room's devices, by serial
    std::vector<DeviceEventRow> events;    // their status events of the last 24 hours
    std::vector<api::Alert> alerts;        // the room's alerts, newest first
};

// Reads room_id of account_id as of now; found false when the account has no such room.
bool LookAtRoom(Store::Writer& w, const Catalogue& catalogue, Id account_id, Id room_id,
                Seconds now, Date today, RoomLook& out, bool& found, std::string& error);

// The snapshot document (see the issue 14 design): {takenAt, room, devices, events, alerts}.
api::Json SnapshotJson(const RoomLook& look, const Catalogue& catalogue, Date today, Seconds now);

// What the one-click form's proposal reads of the room; times shown in `zone`.
support::RoomFacts FactsOf(const RoomLook& look, const insights::TimeZone& zone);

// "09:12": a moment's local time of day in zone.
std::string LocalClock(const insights::TimeZone& zone, Seconds at);

}  // namespace portal::server
