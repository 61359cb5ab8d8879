// Kiosk links, their request body and the kiosk dashboard <-> JSON.
#include "api/kiosk_json.h"

#include <cmath>
#include <limits>

#include "core/text_checks.h"

namespace portal::api {

namespace {

using telemetry::Seconds;

constexpr size_t kMaxNameLength = 120;

Json IntOrNull(std::optional<int> value) {
    if (!value) return nullptr;
    return *value;
}

std::optional<int> ReadNullableInt(FieldReader& reader, const char* key) {
    int value = 0;
    if (reader.Int(key, value, false)) return value;
    return std::nullopt;
}

void ReadTheme(FieldReader& reader, std::string& out, bool required) {
    std::string theme;
    if (!reader.String("theme", theme, required)) return;
    if (theme == "dark" || theme == "light")
        out = theme;
    else
        reader.Fail("theme", "must be \"dark\" or \"light\"");
}

// rooms: [positive ids], each wrong entry named "rooms[i]".
void ReadRoomIds(FieldReader& reader, std::vector<Id>& out, bool required) {
    ReadPositiveIds(reader, "rooms", out, required, "must be a positive room id");
}

// sites: [non-empty strings], each wrong entry named "sites[i]".
void ReadSites(FieldReader& reader, std::vector<std::string>& out, bool required) {
    ReadNonEmptyStrings(reader, "sites", out, required, "must be a site name");
}

Json HoursJson(const std::vector<double>& hours) {
    Json list = Json::array();
    for (double share : hours) list.push_back(std::isnan(share) ? Json(nullptr) : Json(share));
    return list;
}

void ReadHours(FieldReader& reader, std::vector<double>& out) {
    out.clear();
    const Json* hours = reader.Array("today", false);
    if (!hours) return;
    for (size_t i = 0; i < hours->size(); ++i) {
        const Json& share = (*hours)[i];
        if (share.is_null()) {
            out.push_back(std::numeric_limits<double>::quiet_NaN());
        } else if (share.is_number()) {
            out.push_back(share.get<double>());
        } else {
            reader.Fail(IndexPath("today", i), "must be a number or null");
        }
    }
}

Json SiteToJson(const KioskSite& site) {
    return {{"accountId", site.account_id},
            {"accountName", site.account_name},
            {"site", site.site},
            {"rooms", site.rooms},
            {"free", site.free},
            {"meeting", site.meeting},
            {"occupied", site.occupied},
            {"offline", site.offline},
            {"attention", site.attention},
            {"people", IntOrNull(site.people)}};
}

void SiteFromJson(FieldReader& reader, KioskSite& site) {
    ReadId(reader, "accountId", site.account_id);
    reader.String("accountName", site.account_name);
    reader.String("site", site.site);
    reader.Int("rooms", site.rooms);
    reader.Int("free", site.free);
    reader.Int("meeting", site.meeting);
    reader.Int("occupied", site.occupied);
    reader.Int("offline", site.offline);
    reader.Int("attention", site.attention);
    site.people = ReadNullableInt(reader, "people");
}

Json RoomToJson(const KioskRoom& room) {
    return {{"id", room.id},
            {"accountId", room.account_id},
            {"accountName", room.account_name},
            {"name", room.name},
            {"site", room.site},
            {"capacity", room.capacity},
            {"timeZone", room.time_zone.empty() ? Json(nullptr) : Json(room.time_zone)},
            {"state", TileStateName(room.state)},
            {"insights", room.insights},
            {"people", IntOrNull(room.people)},
            {"peopleAt", IsoOrNull(room.people_at)},
            {"meetingEnds", IsoOrNull(room.meeting_ends)},
            {"devices", room.devices},
            {"devicesOnline", room.devices_online},
            {"devicesOffline", room.devices_offline},
            {"today", room.today.empty() ? Json(nullptr) : HoursJson(room.today)}};
}

void RoomFromJson(FieldReader& reader, KioskRoom& room) {
    ReadId(reader, "id", room.id);
    ReadId(reader, "accountId", room.account_id);
    reader.String("accountName", room.account_name);
    reader.String("name", room.name);
    reader.String("site", room.site);
    reader.Int("capacity", room.capacity);
    room.time_zone.clear();
    reader.String("timeZone", room.time_zone, false);
    std::string state;
    if (reader.String("state", state) && !TileStateFrom(state, room.state)) {
        reader.Fail("state", "is not a tile state");
    }
    reader.Bool("insights", room.insights);
    room.people = ReadNullableInt(reader, "people");
    ReadIsoTime(reader, "peopleAt", room.people_at, false);
    ReadIsoTime(reader, "meetingEnds", room.meeting_ends, false);
    reader.Int("devices", room.devices);
    reader.Int("devicesOnline", room.devices_online);
    reader.Int("devicesOffline", room.devices_offline);
    ReadHours(reader, room.today);
}

}  // namespace

const char* TileStateName(TileState state) {
    switch (state) {
        case TileState::Free:
            return "free";
        case TileState::Meeting:
            return "meeting";
        case TileState::Occupied:
            return "occupied";
        case TileState::Offline:
            return "offline";
        case TileState::Attention:
            return "attention";
        case TileState::Online:
            return "online";
        case TileState::Unknown:
            return "unknown";
    }
    return "unknown";
}

bool TileStateFrom(const std::string& text, TileState& out) {
    for (TileState state :
         {TileState::Free, TileState::Meeting, TileState::Occupied, TileState::Offline,
          TileState::Attention, TileState::Online, TileState::Unknown}) {
        if (text == TileStateName(state)) {
            out = state;
            return true;
        }
    }
    return false;
}

Json KioskLinkToJson(const KioskLink& link) {
    Json json = {{"id", link.id},
                 {"name", link.name},
                 {"accountId", NullableId(link.account_id)},
                 {"partnerOrgId", NullableId(link.partner_org_id)},
                 {"sites", link.sites},
                 {"rooms", link.rooms},
                 {"theme", link.theme},
                 {"createdAt", telemetry::FormatUtcTime(link.created_at)},
                 {"createdBy", NullableId(link.created_by)},
                 {"expiresAt", IsoOrNull(link.expires_at)},
                 {"revokedAt", IsoOrNull(link.revoked_at)},
                 {"lastUsedAt", IsoOrNull(link.last_used_at)}};
    if (!link.token.empty()) json["token"] = link.token;
    if (!link.url.empty()) json["url"] = link.url;
    return json;
}

bool KioskLinkFromJson(const Json& json, KioskLink& out, std::vector<FieldError>& errors) {
    size_t before = errors.size();
    FieldReader reader(json, "", errors);
    if (!reader.IsObject()) return false;
    ReadId(reader, "id", out.id);
    reader.String("name", out.name);
    out.account_id = ReadNullableId(reader, "accountId");
    out.partner_org_id = ReadNullableId(reader, "partnerOrgId");
    ReadSites(reader, out.sites, true);
    ReadRoomIds(reader, out.rooms, true);
    ReadTheme(reader, out.theme, true);
    std::optional<Seconds> created;
    if (ReadIsoTime(reader, "createdAt", created, true)) out.created_at = *created;
    out.created_by = ReadNullableId(reader, "createdBy");
    ReadIsoTime(reader, "expiresAt", out.expires_at, false);
    ReadIsoTime(reader, "revokedAt", out.revoked_at, false);
    ReadIsoTime(reader, "lastUsedAt", out.last_used_at, false);
    out.token.clear();
    out.url.clear();
    reader.String("token", out.token, false);
    reader.String("url", out.url, false);
    return errors.size() == before;
}

Json KioskLinksToJson(const std::vector<KioskLink>& links) {
    return DocumentsToJson("kioskLinks", links, KioskLinkToJson);
}

bool KioskLinksFromJson(const Json& json, std::vector<KioskLink>& out,
                        std::vector<FieldError>& errors) {
    return ReadDocuments(json, "kioskLinks", out, errors, KioskLinkFromJson);
}

Json KioskLinkRequestToJson(const KioskLinkRequest& request) {
    Json json = {{"theme", request.theme}};
    if (!request.name.empty()) json["name"] = request.name;
    if (!request.sites.empty()) json["sites"] = request.sites;
    if (!request.rooms.empty()) json["rooms"] = request.rooms;
    if (request.expires_at) json["expiresAt"] = telemetry::FormatUtcTime(*request.expires_at);
    return json;
}

bool KioskLinkRequestFromJson(const Json& json, KioskLinkRequest& out,
                              std::vector<FieldError>& errors) {
    size_t before = errors.size();
    FieldReader reader(json, "", errors);
    if (!reader.IsObject()) return false;
    out.name.clear();
    if (reader.String("name", out.name, false)) {
        if (out.name.size() > kMaxNameLength) {
            reader.Fail("name", "is at most " + std::to_string(kMaxNameLength) + " characters");
        } else if (!IsOneLineText(out.name)) {
            reader.Fail("name", "must be one line, without control characters");
        }
    }
    ReadSites(reader, out.sites, false);
    ReadRoomIds(reader, out.rooms, false);
    std::string most = "holds at most " + std::to_string(kMaxKioskLinkEntries) + " entries";
    if (out.sites.size() > kMaxKioskLinkEntries) reader.Fail("sites", most);
    if (out.rooms.size() > kMaxKioskLinkEntries) reader.Fail("rooms", most);
    ReadIsoTime(reader, "expiresAt", out.expires_at, false);
    out.theme = "dark";
    ReadTheme(reader, out.theme, false);
    return errors.size() == before;
}

Json KioskDashboardToJson(const KioskDashboard& dashboard) {
    Json sites = Json::array();
    for (const KioskSite& site : dashboard.sites) sites.push_back(SiteToJson(site));
    Json rooms = Json::array();
    for (const KioskRoom& room : dashboard.rooms) rooms.push_back(RoomToJson(room));
    return {{"version", dashboard.version},
            {"generatedAt", telemetry::FormatUtcTime(dashboard.generated_at)},
            {"title", dashboard.title},
            {"theme", dashboard.theme},
            {"expiresAt", IsoOrNull(dashboard.expires_at)},
            {"sites", std::move(sites)},
            {"rooms", std::move(rooms)}};
}

bool KioskDashboardFromJson(const Json& json, KioskDashboard& out,
                            std::vector<FieldError>& errors) {
    size_t before = errors.size();
    FieldReader reader(json, "", errors);
    if (!reader.IsObject()) return false;
    reader.String("version", out.version);
    std::optional<Seconds> generated;
    if (ReadIsoTime(reader, "generatedAt", generated, true)) out.generated_at = *generated;
    reader.String("title", out.title);
    ReadTheme(reader, out.theme, true);
    ReadIsoTime(reader, "expiresAt", out.expires_at, false);
    ReadEach(reader, "sites", out.sites, errors, true, SiteFromJson);
    ReadEach(reader, "rooms", out.rooms, errors, true, RoomFromJson);
    return errors.size() == before;
}

}  // namespace portal::api
