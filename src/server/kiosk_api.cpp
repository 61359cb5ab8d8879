// Kiosk links and the wall display's dashboard (issue 7).
//
//   POST, GET  /api/v1/accounts/{id}/kiosk-links  admin (or operator); the token is shown once
//   POST, GET  /api/v1/partners/{id}/kiosk-links  admin member of the partner organisation;
//                                                 POST needs an admin delegation, and the
//                                                 link shows the customers delegating admin
//   DELETE     /api/v1/kiosk-links/{id}           whoever could make it
//   GET        /api/v1/kiosk/dashboard            Authorization: Bearer ksk_..., only;
//                                                 ?since=<version>&wait=<seconds 0..25>
//
// A kiosk token reads the dashboard and nothing else: every other route reads the session
// cookie only, so a bearer token there is "not signed in" (401); and the dashboard reads the
// bearer only, so a session cookie there is not enough (401). The dashboard shows people,
// meetings and today's hours only for rooms with Insights today (R-GATE-1).
#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <tuple>

#include "api/kiosk_json.h"
#include "core/engine.h"
#include "core/insights.h"
#include "server/alerts/alerts_store.h"
#include "server/api_store.h"
#include "server/api_support.h"
#include "server/engine_actions.h"
#include "server/http_server.h"
#include "server/insights_query.h"
#include "server/kiosk_store.h"
#include "server/password.h"
#include "server/telemetry_store.h"
#include "server/text.h"
#include "server/time_zones.h"

namespace portal::server {

namespace {

using api::KioskLink;
using api::TileState;

constexpr int kMaxWaitSeconds = 25;
constexpr Seconds kTouchEverySeconds = 60;    // last_used_at: at most one write a minute
constexpr const char* kTokenPrefix = "ksk_";  // tells a kiosk token apart in logs and URLs
constexpr const char* kDefaultName = "Kiosk";

api::Json AuditJson(const KioskLink& link) {
    return api::KioskLinkToJson(link);  // token and url are never set on a stored link
}

// A partner organisation's kiosk links are its admins': 404 for a missing organisation or one
// the caller is not a member of, 403 for a read-only member.
bool RequirePartnerAdmin(const ApiContext& ctx, const Request& req, Response& res,
                         Id partner_org_id, Caller& caller) {
    if (!ctx.RequireCaller(req, res, caller)) return false;
    std::optional<Role> role;
    std::string error;
    if (partner_org_id != 0 && !ctx.store.Read(
                                   [&](Store::Writer& w, std::string& e) {
                                       return FindPartnerRole(w, caller.user_id, partner_org_id,
                                                              role, e);
                                   },
                                   error)) {
        ctx.SendInternal(res, "partner members: " + error);
        return false;
    }
    if (!role) {
        SendNotFound(res);
        return false;
    }
    if (*role != Role::Admin) {
        SendForbidden(res, "Your role in this partner organisation is read-only");
        return false;
    }
    return true;
}

void SendUnprocessable(Response& res, const std::vector<api::FieldError>& fields) {
    api::ApiError error;
    error.status = 422;
    error.code = "invalid_kiosk_link";
    error.message = fields[0].field + " " + fields[0].message;
    error.fields = fields;
    SendError(res, error);
}

// The body of POST .../kiosk-links, shape (400) and the future expiry (422); an empty body is {}.
bool ReadLinkRequest(const ApiContext& ctx, const Request& req, Response& res,
                     api::KioskLinkRequest& request, api::Json& body) {
    body = api::Json::object();
    if (req.body.find_first_not_of(" \t\r\n") != std::string::npos &&
        !ReadJsonBody(req, res, body)) {
        return false;
    }
    std::vector<api::FieldError> errors;
    if (!api::KioskLinkRequestFromJson(body, request, errors)) {
        SendFieldErrors(res, errors);
        return false;
    }
    if (request.expires_at && *request.expires_at <= ctx.Now()) {
        SendUnprocessable(res, {{"expiresAt", "must be in the future"}});
        return false;
    }
    return true;
}

// Stores the link (audited, never the token) and answers 201 with the token and its URL.
void CreateLink(const ApiContext& ctx, const Request& req, Response& res, const Caller& caller,
                KioskLink link, const api::KioskLinkRequest& request) {
    link.name = request.name.empty() ? kDefaultName : request.name;
    link.theme = request.theme;
    link.expires_at = request.expires_at;
    link.created_by = caller.user_id;
    link.created_at = ctx.Now();
    std::string secret = kTokenPrefix + NewRandomToken();
    std::string error;
    bool ok = ctx.store.Write(
        [&](Store::Writer& w, std::string& e) {
            return InsertKioskLink(w, link, Sha256Hex(secret), e) &&
                   Audit(w, ctx, link.account_id, caller.user_id, "kiosk_link.create",
                         ObjectName("kiosk-link", link.id), std::nullopt, AuditJson(link), e);
        },
        error);
    if (!ok) return ctx.SendInternal(res, "kiosk_link.create: " + error);
    std::string base = ctx.config.public_url;
    if (base.empty()) base = "http://" + req.get_header_value("Host");
    while (!base.empty() && base.back() == '/') base.pop_back();
    link.token = secret;  // the only time anyone sees it
    link.url = base + "/#/kiosk/" + secret;
    res.set_header("Cache-Control", "no-store");  // the token: neither cached nor replayed
    SendJson(res, 201, api::KioskLinkToJson(link));
}

void SendLinks(const ApiContext& ctx, Response& res, Id account_id, Id partner_org_id) {
    std::vector<KioskLink> links;
    std::string error;
    if (!ctx.store.Read(
            [&](Store::Writer& w, std::string& e) {
                return ListKioskLinks(w, account_id, partner_org_id, links, e);
            },
            error)) {
        return ctx.SendInternal(res, "kiosk links: " + error);
    }
    SendJson(res, 200, api::KioskLinksToJson(links));
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Links

void CreateAccountLink(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id account_id = PathId(req, 1);
    if (!ctx.RequireAdminOrOperator(req, res, account_id, caller)) return;
    api::KioskLinkRequest request;
    api::Json body;
    if (!ReadLinkRequest(ctx, req, res, request, body)) return;
    State state;
    if (!LoadAccount(ctx, res, account_id, state)) return;
    std::set<std::string> sites;
    std::set<Id> rooms;
    for (const Room& room : state.rooms) {
        if (room.account_id != account_id) continue;
        sites.insert(room.site);
        rooms.insert(room.id);
    }
    std::vector<api::FieldError> problems;
    for (size_t i = 0; i < request.sites.size(); ++i) {
        if (!sites.count(request.sites[i])) {
            problems.push_back(
                {api::IndexPath("sites", i), "is not a site of the account's rooms"});
        }
    }
    for (size_t i = 0; i < request.rooms.size(); ++i) {
        // A foreign room is named exactly like a missing one.
        if (!rooms.count(request.rooms[i])) {
            problems.push_back({api::IndexPath("rooms", i), "is not a room of the account"});
        }
    }
    if (!problems.empty()) return SendUnprocessable(res, problems);
    KioskLink link;
    link.account_id = account_id;
    link.sites = request.sites;
    link.rooms = request.rooms;
    CreateLink(ctx, req, res, caller, std::move(link), request);
}

void ListAccountLinks(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id account_id = PathId(req, 1);
    if (!ctx.RequireAdminOrOperator(req, res, account_id, caller)) return;
    SendLinks(ctx, res, account_id, 0);
}

void CreatePartnerLink(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id partner_org_id = PathId(req, 1);
    if (!RequirePartnerAdmin(ctx, req, res, partner_org_id, caller)) return;
    api::KioskLinkRequest request;
    api::Json body;
    if (!ReadLinkRequest(ctx, req, res, request, body)) return;
    // R-ACC-6: a read-only delegation lets the partner's users read, not publish the
    // customer's rooms to whoever holds a link.
    std::vector<Id> admin_accounts;
    std::string error;
    if (!ctx.store.Read(
            [&](Store::Writer& w, std::string& e) {
                return ListAdminDelegatingAccounts(w, partner_org_id, admin_accounts, e);
            },
            error)) {
        return ctx.SendInternal(res, "kiosk accounts: " + error);
    }
    if (admin_accounts.empty()) {
        return SendForbidden(res,
                             "A partner's kiosk link needs at least one customer that delegates "
                             "admin to the partner (R-ACC-6)");
    }
    std::vector<api::FieldError> problems;
    for (const char* field : {"sites", "rooms"}) {
        if (body.contains(field)) {
            problems.push_back({field, "a partner's link spans whole customers: leave it out"});
        }
    }
    if (!problems.empty()) return SendUnprocessable(res, problems);
    KioskLink link;
    link.partner_org_id = partner_org_id;
    CreateLink(ctx, req, res, caller, std::move(link), request);
}

void ListPartnerLinks(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id partner_org_id = PathId(req, 1);
    if (!RequirePartnerAdmin(ctx, req, res, partner_org_id, caller)) return;
    SendLinks(ctx, res, 0, partner_org_id);
}

void RevokeLink(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    if (!ctx.RequireCaller(req, res, caller)) return;
    Id link_id = PathId(req, 1);
    KioskLink link;
    bool found = false;
    std::string error;
    if (link_id != 0 &&
        !ctx.store.Read([&](Store::Writer& w,
                            std::string& e) { return FindKioskLink(w, link_id, link, found, e); },
                        error)) {
        return ctx.SendInternal(res, "kiosk link: " + error);
    }
    if (!found) return SendNotFound(res);
    if (link.partner_org_id != 0) {
        if (!RequirePartnerAdmin(ctx, req, res, link.partner_org_id, caller)) return;
    } else if (!caller.operator_ && !ctx.CheckAccount(res, caller, link.account_id, Role::Admin)) {
        return;
    }
    Seconds now = ctx.Now();
    bool ok = ctx.store.Write(
        [&](Store::Writer& w, std::string& e) {
            KioskLink before;
            bool still = false;
            if (!FindKioskLink(w, link_id, before, still, e)) return false;
            if (!still || before.revoked_at) return true;  // revoked already: nothing changes
            KioskLink after = before;
            after.revoked_at = now;
            return RevokeKioskLink(w, link_id, now, e) &&
                   Audit(w, ctx, before.account_id, caller.user_id, "kiosk_link.revoke",
                         ObjectName("kiosk-link", link_id), AuditJson(before), AuditJson(after), e);
        },
        error);
    if (!ok) return ctx.SendInternal(res, "kiosk_link.revoke: " + error);
    ctx.status->WakeKiosks();  // a kiosk waiting on this link learns at once (401)
    res.status = 204;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Dashboard

void SendUnauthenticatedKiosk(Response& res) {
    res.set_header("WWW-Authenticate", "Bearer");
    SendError(res, 401, "unauthenticated",
              "Send a valid kiosk token: Authorization: Bearer ksk_...");
}

// The link of the request's bearer token; false with 401 written when it is unknown, revoked or
// expired (or there is no bearer: a session cookie is not enough here).
bool AuthenticateKiosk(const ApiContext& ctx, const Request& req, Response& res, KioskLink& link) {
    std::string secret = BearerToken(req);
    bool found = false;
    std::string error;
    if (!secret.empty() && !ctx.store.Read(
                               [&](Store::Writer& w, std::string& e) {
                                   return FindKioskLinkByHash(w, Sha256Hex(secret), link, found, e);
                               },
                               error)) {
        ctx.SendInternal(res, "kiosk link: " + error);
        return false;
    }
    if (!found || link.revoked_at || (link.expires_at && *link.expires_at <= ctx.Now())) {
        SendUnauthenticatedKiosk(res);
        return false;
    }
    return true;
}

// The accounts a link shows now (a partner's: those delegating to it at this moment) and the
// dashboard's title.
bool LinkAccounts(const ApiContext& ctx, Response& res, const KioskLink& link,
                  std::vector<Id>& accounts, std::string& title) {
    std::string error;
    if (link.account_id != 0) {
        std::vector<AccountRow> rows;
        if (!ListAccounts(ctx.store, {link.account_id}, rows, error)) {
            ctx.SendInternal(res, "kiosk account: " + error);
            return false;
        }
        accounts.clear();
        for (const AccountRow& row : rows) {
            accounts.push_back(row.account.id);
            title = row.account.name;
        }
        return true;
    }
    bool ok = ctx.store.Read(
        [&](Store::Writer& w, std::string& e) {
            bool found = false;
            if (!FindPartnerOrgName(w, link.partner_org_id, title, found, e)) return false;
            title += ": all customers";
            // Read at each refresh: a delegation lowered to read-only leaves the wall at once.
            return ListAdminDelegatingAccounts(w, link.partner_org_id, accounts, e);
        },
        error);
    if (!ok) ctx.SendInternal(res, "kiosk accounts: " + error);
    return ok;
}

// alerts_firing: the room's firing alerts (issue 13): "needs attention" follows them.
TileState TileOf(const api::KioskRoom& room, bool in_meeting, int alerts_firing) {
    if (room.devices_offline > 0) {
        return room.devices_online == 0 ? TileState::Offline : TileState::Attention;
    }
    if (alerts_firing > 0) return TileState::Attention;
    if (!room.insights) return room.devices_online > 0 ? TileState::Online : TileState::Unknown;
    if (in_meeting) return TileState::Meeting;
    if (!room.people) return TileState::Unknown;
    return *room.people > 0 ? TileState::Occupied : TileState::Free;
}

// One account's rooms the link shows, with their state; licensed: the Insights query of each
// room with Insights (R-GATE-1, and R-GATE-3's licensed spans as the insights route).
bool AccountRooms(const ApiContext& ctx, Response& res, const KioskLink& link, Id account_id,
                  Seconds now, std::vector<api::KioskRoom>& rooms,
                  std::vector<InsightsRoomQuery>& licensed) {
    State state;
    if (!LoadAccount(ctx, res, account_id, state)) return false;
    const Account* account = state.FindAccount(account_id);
    if (!account) return true;  // deleted meanwhile
    std::vector<RoomStatusRow> status_rows;
    std::vector<DeviceStatusRow> devices;
    std::map<Id, Seconds> meeting_ends;
    std::vector<RoomAlertCount> alert_counts;
    std::string error;
    if (!ctx.store.Read(
            [&](Store::Writer& w, std::string& e) {
                return LoadStatusRows(w, account_id, now, status_rows, devices, e) &&
                       LoadMeetingEnds(w, account_id, now, meeting_ends, e) &&
                       CountFiringAlerts(w, account_id, alert_counts, e);
            },
            error)) {
        ctx.SendInternal(res, "kiosk status: " + error);
        return false;
    }
    std::map<Id, const RoomStatusRow*> status;
    for (const RoomStatusRow& row : status_rows) status[row.room_id] = &row;
    std::map<Id, int> firing;
    for (const RoomAlertCount& count : alert_counts) firing[count.room_id] = count.firing;
    // Each room's devices counted once: a wall may show thousands of rooms.
    struct DeviceCounts {
        int all = 0, online = 0, offline = 0;
    };
    std::map<Id, DeviceCounts> room_devices;
    for (const DeviceStatusRow& device : devices) {
        if (device.room_id == 0) continue;
        DeviceCounts& counts = room_devices[device.room_id];
        ++counts.all;
        if (device.online) ++(*device.online ? counts.online : counts.offline);
    }
    std::set<std::string> sites(link.sites.begin(), link.sites.end());
    std::set<Id> chosen(link.rooms.begin(), link.rooms.end());
    Date today = ctx.Today();
    std::vector<RoomEntitlements> entitlements = EntitlementsOfRooms(state, ctx.catalogue, today);
    for (size_t i = 0; i < state.rooms.size(); ++i) {
        const Room& room = state.rooms[i];
        if (room.account_id != account_id) continue;
        if (!sites.empty() && !sites.count(room.site)) continue;
        if (!chosen.empty() && !chosen.count(room.id)) continue;
        api::KioskRoom tile;
        tile.id = room.id;
        tile.account_id = account_id;
        tile.account_name = account->name;
        tile.name = room.name;
        tile.site = room.site;
        tile.capacity = room.capacity;
        tile.time_zone = room.time_zone;
        tile.insights = entitlements[i].insights;
        if (auto counts = room_devices.find(room.id); counts != room_devices.end()) {
            tile.devices = counts->second.all;
            tile.devices_online = counts->second.online;
            tile.devices_offline = counts->second.offline;
        }
        bool in_meeting = false;
        auto row = status.find(room.id);
        // R-GATE-1: people and meetings show only while the room holds Insights.
        if (tile.insights && row != status.end()) {
            tile.people = row->second->people;
            tile.people_at = row->second->people_at;
            in_meeting = row->second->in_meeting;
            auto ends = meeting_ends.find(room.id);
            if (in_meeting && ends != meeting_ends.end()) tile.meeting_ends = ends->second;
        }
        auto alerts = firing.find(room.id);
        tile.state = TileOf(tile, in_meeting, alerts == firing.end() ? 0 : alerts->second);
        if (tile.insights) {
            licensed.push_back(
                {room.id, insights::LicensedSpans(state, ctx.catalogue, room.id, today)});
        }
        rooms.push_back(std::move(tile));
    }
    return true;
}

// Fills `today` of the rooms with Insights: the 24 local clock hours of the room's today, each
// the occupancy share of the UTC hours that start in it (a repeated hour merged, a skipped one
// without data), NaN without data (or in the future).
bool FillToday(const ApiContext& ctx, Response& res, Seconds now,
               std::vector<InsightsRoomQuery> licensed, std::vector<api::KioskRoom>& rooms) {
    if (licensed.empty()) return true;
    if (!ctx.time_zones || !ctx.hours) {
        ctx.SendInternal(res, "kiosk: insights not set up");
        return false;
    }
    std::map<Id, api::KioskRoom*> by_id;
    std::map<Id, std::pair<Seconds, Seconds>> days;  // room -> its today [midnight, next)
    InsightsQuery query;
    query.resolution = InsightsResolution::Hour;
    query.now = now;
    query.from = now;
    query.to = now + 1;  // the hour under way counts up to now
    for (api::KioskRoom& room : rooms) {
        if (!room.insights) continue;
        by_id[room.id] = &room;
        std::vector<Seconds> day =
            insights::LocalDayBoundaries(ctx.time_zones->Get(room.time_zone), now, now + 1);
        days[room.id] = {day.front(), day.back()};
        query.from = std::min(query.from, day.front());
    }
    query.rooms = std::move(licensed);
    std::vector<InsightsRoomSeries> series;
    std::string error;
    if (!QueryInsights(ctx.store, *ctx.time_zones, *ctx.hours, query, series, error)) {
        ctx.SendInternal(res, "kiosk insights: " + error);
        return false;
    }
    for (const InsightsRoomSeries& room_series : series) {
        api::KioskRoom& room = *by_id.at(room_series.room_id);
        auto [midnight, next] = days.at(room.id);
        const insights::TimeZone& zone = ctx.time_zones->Get(room.time_zone);
        std::vector<insights::Bucket> hours(24);
        // Captured by name: clang-14 (the fuzz tree) cannot capture a structured binding.
        room_series.ForEachBucket(
            [&, midnight = midnight, next = next](const insights::Bucket& bucket) {
                if (bucket.start < midnight || bucket.start >= next) return;
                Seconds local = bucket.start + insights::OffsetAt(zone, bucket.start);
                insights::Bucket& hour = hours[((local % 86400 + 86400) % 86400) / 3600];
                hour.observed += bucket.observed;
                hour.occupied += bucket.occupied;
            });
        room.today.clear();
        for (const insights::Bucket& hour : hours) {
            double share = insights::PointOf(hour, room.capacity).occupancy;
            room.today.push_back(hour.observed > 0 ? std::round(share * 10000.0) / 10000.0
                                                   : std::numeric_limits<double>::quiet_NaN());
        }
    }
    return true;
}

std::vector<api::KioskSite> SiteTotals(const std::vector<api::KioskRoom>& rooms) {
    std::vector<api::KioskSite> sites;
    for (const api::KioskRoom& room : rooms) {  // sorted: a site's rooms are consecutive
        if (sites.empty() || sites.back().account_id != room.account_id ||
            sites.back().site != room.site) {
            api::KioskSite& site = sites.emplace_back();
            site.account_id = room.account_id;
            site.account_name = room.account_name;
            site.site = room.site;
        }
        api::KioskSite& site = sites.back();
        ++site.rooms;
        switch (room.state) {
            case TileState::Free:
                ++site.free;
                break;
            case TileState::Meeting:
                ++site.meeting;
                break;
            case TileState::Occupied:
                ++site.occupied;
                break;
            case TileState::Offline:
                ++site.offline;
                break;
            case TileState::Attention:
                ++site.attention;
                break;
            case TileState::Online:
            case TileState::Unknown:
                break;
        }
        if (room.insights && room.people) site.people = site.people.value_or(0) + *room.people;
    }
    return sites;
}

void GetDashboard(const ApiContext& ctx, const Request& req, Response& res) {
    KioskLink link;
    if (!AuthenticateKiosk(ctx, req, res, link)) return;
    int wait = 0;
    if (!ReadWaitSeconds(req, res, kMaxWaitSeconds, wait)) return;
    api::KioskDashboard dashboard;
    std::vector<Id> accounts;
    if (!LinkAccounts(ctx, res, link, accounts, dashboard.title)) return;
    if (req.has_param("since") && wait > 0) {
        ctx.status->WaitWhileCurrent(accounts, req.get_param_value("since"),
                                     std::chrono::seconds(wait));
        // Revoked, expired or undelegated meanwhile: what holds now answers.
        if (!AuthenticateKiosk(ctx, req, res, link)) return;
        if (!LinkAccounts(ctx, res, link, accounts, dashboard.title)) return;
    }
    // The version is read before the rows, as GET /status does: a change made meanwhile moves it
    // past what the kiosk gets, so that its next poll answers at once.
    dashboard.version = ctx.status->Version(accounts);
    Seconds now = ctx.Now();
    dashboard.generated_at = now;
    dashboard.theme = link.theme;
    dashboard.expires_at = link.expires_at;
    std::vector<InsightsRoomQuery> licensed;
    for (Id account_id : accounts) {
        if (!AccountRooms(ctx, res, link, account_id, now, dashboard.rooms, licensed)) return;
    }
    std::sort(dashboard.rooms.begin(), dashboard.rooms.end(),
              [](const api::KioskRoom& a, const api::KioskRoom& b) {
                  return std::make_tuple(text::Lower(a.account_name), a.account_id,
                                         text::Lower(a.site), text::Lower(a.name), a.id) <
                         std::make_tuple(text::Lower(b.account_name), b.account_id,
                                         text::Lower(b.site), text::Lower(b.name), b.id);
              });
    if (!FillToday(ctx, res, now, std::move(licensed), dashboard.rooms)) return;
    dashboard.sites = SiteTotals(dashboard.rooms);
    if (!link.last_used_at || now - *link.last_used_at >= kTouchEverySeconds) {
        std::string error;
        if (!ctx.store.Write([&](Store::Writer& w,
                                 std::string& e) { return TouchKioskLink(w, link.id, now, e); },
                             error)) {
            ctx.logger.Warn("kiosk link last use: " + error);
        }
    }
    SendJson(res, 200, api::KioskDashboardToJson(dashboard));
}

}  // namespace

void RegisterKioskRoutes(Server& server, ApiContext& ctx) {
    auto route = [&](const char* method, const char* pattern, ApiHandler handler) {
        AddApiRoute(server, ctx, method, pattern, handler);
    };
    route("POST", "/api/v1/accounts/([0-9]+)/kiosk-links", CreateAccountLink);
    route("GET", "/api/v1/accounts/([0-9]+)/kiosk-links", ListAccountLinks);
    route("POST", "/api/v1/partners/([0-9]+)/kiosk-links", CreatePartnerLink);
    route("GET", "/api/v1/partners/([0-9]+)/kiosk-links", ListPartnerLinks);
    route("DELETE", "/api/v1/kiosk-links/([0-9]+)", RevokeLink);
    route("GET", "/api/v1/kiosk/dashboard", GetDashboard);
}

}  // namespace portal::server
