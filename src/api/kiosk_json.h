// The kiosk as the REST API speaks it: kiosk links (POST/GET /accounts/{id}/kiosk-links,
// /partners/{id}/kiosk-links) and the wall display's dashboard (GET /kiosk/dashboard), both ways
// (the server writes them, the browser and the tests read them). Times are ISO 8601 UTC text.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/json_fields.h"
#include "core/model.h"
#include "core/telemetry.h"

namespace portal::api {

// A kiosk link: read access to one account's dashboard (optionally only some sites or rooms),
// or, made by a partner organisation, to all the customers that delegated to it.
struct KioskLink {
    Id id = 0;
    std::string name;                // "Lobby screen"
    Id account_id = 0;               // 0 (null) for a partner link
    Id partner_org_id = 0;           // 0 (null) for an account link
    std::vector<std::string> sites;  // empty: every site
    std::vector<Id> rooms;           // empty: every room (of the sites, when sites are given)
    std::string theme = "dark";      // "dark" | "light"
    telemetry::Seconds created_at = 0;
    Id created_by = 0;
    std::optional<telemetry::Seconds> expires_at;
    std::optional<telemetry::Seconds> revoked_at;
    std::optional<telemetry::Seconds> last_used_at;
    std::string token;  // only in the answer that creates it ("ksk_..."), never stored
    std::string url;    // likewise: <public url>/#/kiosk/<token>
};

// {id, name, accountId, partnerOrgId, sites, rooms, theme, createdAt, createdBy, expiresAt,
//  revokedAt, lastUsedAt} and, when set, token and url.
Json KioskLinkToJson(const KioskLink& link);
bool KioskLinkFromJson(const Json& json, KioskLink& out, std::vector<FieldError>& errors);
// {kioskLinks:[...]}
Json KioskLinksToJson(const std::vector<KioskLink>& links);
bool KioskLinksFromJson(const Json& json, std::vector<KioskLink>& out,
                        std::vector<FieldError>& errors);

// The request body of POST .../kiosk-links: {name?, sites?, rooms?, expiresAt?, theme?}.
// Shape only (400 naming the field); whether sites and rooms exist is the server's (422).
// sites and rooms hold at most kMaxKioskLinkEntries each (like other lists the API takes: one
// request may not make the server check, store and redraw an unbounded list).
inline constexpr size_t kMaxKioskLinkEntries = 500;
struct KioskLinkRequest {
    std::string name;
    std::vector<std::string> sites;
    std::vector<Id> rooms;
    std::optional<telemetry::Seconds> expires_at;
    std::string theme = "dark";
};
Json KioskLinkRequestToJson(const KioskLinkRequest& request);
bool KioskLinkRequestFromJson(const Json& json, KioskLinkRequest& out,
                              std::vector<FieldError>& errors);

// What a tile shows. free / meeting / occupied come from Insights data (R-GATE-1): a room
// without Insights shows only its devices: online, offline, attention or unknown.
enum class TileState { Free, Meeting, Occupied, Offline, Attention, Online, Unknown };
const char* TileStateName(TileState state);  // "free", "meeting", "occupied", "offline",
                                             // "attention", "online", "unknown"
bool TileStateFrom(const std::string& text, TileState& out);

struct KioskRoom {
    Id id = 0;
    Id account_id = 0;
    std::string account_name;
    std::string name;
    std::string site;
    int capacity = 0;
    std::string time_zone;  // "" (null): UTC
    TileState state = TileState::Unknown;
    bool insights = false;      // holds Insights now (R-GATE-1)
    std::optional<int> people;  // null without Insights or before any report
    std::optional<telemetry::Seconds> people_at;
    std::optional<telemetry::Seconds> meeting_ends;  // the meeting under way, with Insights
    int devices = 0;
    int devices_online = 0;
    int devices_offline = 0;
    // The room's local today by hour (24 entries, local midnight first): the occupancy share of
    // each hour, NaN for an hour without data (yet). Empty without Insights.
    std::vector<double> today;
};

struct KioskSite {
    Id account_id = 0;
    std::string account_name;
    std::string site;
    int rooms = 0;
    int free = 0, meeting = 0, occupied = 0, offline = 0, attention = 0;
    std::optional<int> people;  // the sum over its rooms with Insights; null when none has
};

struct KioskDashboard {
    std::string version;  // give it back as ?since= to wait for a change
    telemetry::Seconds generated_at = 0;
    std::string title;  // the account's name, or "<partner>: all customers"
    std::string theme = "dark";
    std::optional<telemetry::Seconds> expires_at;
    std::vector<KioskSite> sites;  // by account name, then site
    std::vector<KioskRoom> rooms;  // by account name, site, room name
};

// {version, generatedAt, title, theme, expiresAt, sites:[{accountId, accountName, site, rooms,
//  free, meeting, occupied, offline, attention, people}], rooms:[{id, accountId, accountName,
//  name, site, capacity, timeZone, state, insights, people, peopleAt, meetingEnds, devices,
//  devicesOnline, devicesOffline, today:[24 numbers or null] or null}]}
Json KioskDashboardToJson(const KioskDashboard& dashboard);
bool KioskDashboardFromJson(const Json& json, KioskDashboard& out, std::vector<FieldError>& errors);

}  // namespace portal::api
