// Rooms, devices and licenses: the routes that place things in rooms. Every change is planned
// by the engine on the account's state inside one write transaction (engine_actions.h).
//
// Rooms carry an optional IANA timeZone (422 unknown_time_zone for a zone this machine lacks).
//
//   GET, POST  /api/v1/accounts/{id}/rooms            member / admin
//   POST       /api/v1/accounts/{id}/rooms/import     admin (JSON array or CSV)
//   GET        /api/v1/rooms/{id}                     member (ETag: the room's version)
//   PATCH      /api/v1/rooms/{id}                     admin, If-Match required
//   DELETE     /api/v1/rooms/{id}                     admin, If-Match optional
//   GET        /api/v1/rooms/{id}/entitlements        member
//   POST       /api/v1/rooms/{id}/licenses            admin {contractId}
//   DELETE     /api/v1/rooms/{id}/licenses/{program}  admin
//   POST       /api/v1/rooms/{id}/licenses/{program}/move  admin {toRoomId}
//   GET, POST  /api/v1/accounts/{id}/devices          member / admin
//   POST       /api/v1/devices/{serial}/move          admin {roomId}
//
// The vendor's operators read (GET) any account's rooms and devices too, read-only and audited
// (ApiContext::CheckAccount); they change nothing here.
#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <unordered_map>

#include "api/json_writer.h"
#include "api/model_json.h"
#include "core/refusals.h"
#include "server/api_store.h"
#include "server/api_support.h"
#include "server/engine_actions.h"
#include "server/http_server.h"
#include "server/room_import.h"
#include "server/telemetry_store.h"
#include "server/text.h"
#include "server/time_zones.h"

namespace portal::server {

namespace {

// A room's timeZone must be a zone this machine knows (absent, null or "": UTC). Unknown zones
// are 422: the request is well formed, the zone is not one of the IANA database's.
void CheckTimeZone(const ApiContext& ctx, Room& room, const std::string& path,
                   std::vector<api::FieldError>& errors) {
    room.time_zone = text::Trim(room.time_zone);
    if (room.time_zone.empty() || (ctx.time_zones && ctx.time_zones->Known(room.time_zone))) {
        return;
    }
    errors.push_back({path.empty() ? "timeZone" : path + ".timeZone",
                      "is not a known IANA time zone (such as Europe/Paris)"});
}

void SendUnknownTimeZones(Response& res, const std::vector<api::FieldError>& errors) {
    api::ApiError error;
    error.status = 422;
    error.code = "unknown_time_zone";
    error.message = "Unknown time zone: " + errors[0].field;
    error.fields = errors;
    SendError(res, error);
}

std::string RoomKey(const Room& room) {
    return text::Lower(room.site) + "\n" + text::Lower(room.name);
}

std::string RoomETag(const Room& room) {
    return "\"" + std::to_string(room.id) + "." + std::to_string(room.version) + "\"";
}

// If-Match: absent, "*", or a list of entity tags (weak or strong: a room has one version).
enum class Precondition { Absent, Matches, Stale };
Precondition CheckIfMatch(const Request& req, const Room& room) {
    if (!req.has_header("If-Match")) return Precondition::Absent;
    std::string header = req.get_header_value("If-Match");
    if (text::Trim(header) == "*") return Precondition::Matches;
    std::string wanted = RoomETag(room);
    size_t start = 0;
    while (start <= header.size()) {
        size_t comma = header.find(',', start);
        std::string tag = text::Trim(
            header.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (tag.rfind("W/", 0) == 0) tag = tag.substr(2);
        if (tag == wanted) return Precondition::Matches;
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return Precondition::Stale;
}

void SendStaleRoom(Response& res) {
    SendError(res, 412, "precondition_failed",
              "The room changed since you read it: reload it and try again");
}

// What the room list shows of each room beyond the room itself.
struct HeldLicense {
    const Contract* contract = nullptr;
    Date assigned_on;
};
struct RoomFacts {
    int devices = 0;
    std::vector<HeldLicense> licenses;  // one per program (R-ROOM-1)
};

std::unordered_map<Id, RoomFacts> FactsOfRooms(const State& state) {
    std::unordered_map<Id, RoomFacts> facts;
    facts.reserve(state.rooms.size());
    for (const Device& device : state.devices) {
        if (device.room_id != 0) ++facts[device.room_id].devices;
    }
    std::unordered_map<Id, const Contract*> contracts;
    for (const Contract& contract : state.contracts) contracts[contract.id] = &contract;
    for (const Assignment& assignment : state.assignments) {
        if (!assignment.held()) continue;
        auto contract = contracts.find(assignment.contract_id);
        if (contract == contracts.end()) continue;
        facts[assignment.room_id].licenses.push_back({contract->second, assignment.assigned_on});
    }
    return facts;
}

// {program: {contractId, poNumber, assignedOn}}
api::Json LicensesJson(const RoomFacts& facts) {
    api::Json json = api::Json::object();
    for (const HeldLicense& held : facts.licenses) {
        json[held.contract->program] = {{"contractId", held.contract->id},
                                        {"poNumber", held.contract->po_number},
                                        {"assignedOn", FormatDate(held.assigned_on)}};
    }
    return json;
}

// One entry of the room list, written straight as text: the list is the API's busiest answer.
void WriteRoomListEntry(api::JsonWriter& out, const Room& room, const RoomFacts* facts,
                        const RoomEntitlements& entitlements) {
    // clang-format off
    out.BeginObject()
        .Key("id").Int(room.id)
        .Key("accountId").Int(room.account_id)
        .Key("name").String(room.name)
        .Key("site").String(room.site)
        .Key("country").String(room.country)
        .Key("capacity").Int(room.capacity);
    if (room.time_zone.empty()) {
        out.Key("timeZone").Null();
    } else {
        out.Key("timeZone").String(room.time_zone);
    }
    out.Key("version").Int(room.version)
        .Key("devices").Int(facts ? facts->devices : 0)
        .Key("licenses").BeginObject();
    if (facts) {
        for (const HeldLicense& held : facts->licenses) {
            out.Key(held.contract->program)
                .BeginObject()
                .Key("contractId").Int(held.contract->id)
                .Key("poNumber").String(held.contract->po_number)
                .Key("assignedOn").String(FormatDate(held.assigned_on))
                .EndObject();
        }
    }
    out.EndObject()
        .Key("insights").Bool(entitlements.insights)
        .Key("alerts").Bool(entitlements.alerts)
        .EndObject();
    // clang-format on
}

// Everything about one room: itself, devices, licenses held, entitlements, history.
api::Json RoomDetail(const ApiContext& ctx, const State& state, const Room& room) {
    Date today = ctx.Today();
    api::Json devices = api::Json::array();
    for (const Device& device : state.devices) {
        if (device.room_id != room.id) continue;
        api::Json json = api::DeviceToJson(device);
        std::optional<Date> warranty = WarrantyEnd(state, ctx.catalogue, device.serial, today);
        json["warrantyEnd"] = warranty ? api::Json(FormatDate(*warranty)) : api::Json(nullptr);
        devices.push_back(json);
    }
    api::Json history = api::Json::array();
    for (const Assignment& assignment : state.assignments) {
        if (assignment.room_id != room.id) continue;
        api::Json json = api::AssignmentToJson(assignment);
        if (const Contract* contract = state.FindContract(assignment.contract_id)) {
            json["program"] = contract->program;
            json["poNumber"] = contract->po_number;
        }
        history.push_back(json);
    }
    auto facts = FactsOfRooms(state);
    api::Json json = api::RoomToJson(room);
    json["devices"] = devices;
    json["licenses"] = LicensesJson(facts[room.id]);
    json["entitlements"] =
        api::EntitlementsToJson(EntitlementsOf(state, ctx.catalogue, room.id, today));
    json["history"] = history;
    return json;
}

// Rooms and contracts named in a body must be the caller's to see (any account of the parent
// entity is in the state; only some may be visible to this caller).
bool CallerSeesRoom(const Caller& caller, const State& state, Id room_id) {
    const Room* room = state.FindRoom(room_id);
    return !room || caller.CanRead(room->account_id);
}
bool CallerSeesContract(const Caller& caller, const State& state, Id contract_id) {
    const Contract* contract = state.FindContract(contract_id);
    return !contract || caller.CanRead(contract->account_id);
}

api::Json ContractJson(const ApiContext& ctx, const State& state, Id contract_id) {
    const Contract* contract = state.FindContract(contract_id);
    if (!contract) return nullptr;
    return api::ContractToJson(*contract,
                               ViewContract(state, ctx.catalogue, *contract, ctx.Today()));
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Rooms

void ListRooms(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id account_id = PathId(req, 1);
    if (!ctx.RequireAccount(req, res, account_id, Role::ReadOnly, caller)) return;
    State state;
    if (!LoadAccount(ctx, res, account_id, state)) return;
    std::vector<RoomEntitlements> entitlements =
        EntitlementsOfRooms(state, ctx.catalogue, ctx.Today());
    auto facts = FactsOfRooms(state);
    api::JsonWriter out;
    out.Reserve(64 + state.rooms.size() * 220);
    out.BeginObject().Key("rooms").BeginArray();
    for (size_t i = 0; i < state.rooms.size(); ++i) {
        const Room& room = state.rooms[i];
        if (room.account_id != account_id) continue;
        auto found = facts.find(room.id);
        WriteRoomListEntry(out, room, found == facts.end() ? nullptr : &found->second,
                           entitlements[i]);
    }
    out.EndArray().EndObject();
    res.status = 200;
    res.set_content(out.Take(), kJsonContentType);
}

// Inserts rooms (checked) with their audit entries in the transaction of w.
bool InsertRooms(Store::Writer& w, const ApiContext& ctx, const Caller& caller,
                 std::vector<Room>& rooms, const char* action, std::string& error) {
    for (Room& room : rooms) {
        room.id = 0;
        room.version = 1;
        if (!w.InsertRoom(room, error) ||
            !Audit(w, ctx, room.account_id, caller.user_id, action, ObjectName("room", room.id),
                   std::nullopt, api::RoomToJson(room), error)) {
            return false;
        }
    }
    return true;
}

void CreateRoom(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id account_id = PathId(req, 1);
    if (!ctx.RequireAccount(req, res, account_id, Role::Admin, caller)) return;
    api::Json body;
    if (!ReadJsonBody(req, res, body)) return;
    Room room;
    std::vector<api::FieldError> errors;
    api::RoomFromJson(body, room, errors);
    if (errors.empty()) CheckRoomFields(room, "", errors);
    if (!errors.empty()) return SendFieldErrors(res, errors);
    CheckTimeZone(ctx, room, "", errors);
    if (!errors.empty()) return SendUnknownTimeZones(res, errors);
    room.account_id = account_id;

    bool duplicate = false;
    std::string error;
    bool ok = ctx.store.Write(
        [&](Store::Writer& w, std::string& e) {
            State state;
            if (!w.LoadAccountOnly(account_id, state, e)) return false;
            for (const Room& other : state.rooms) {
                if (other.account_id == account_id && RoomKey(other) == RoomKey(room)) {
                    duplicate = true;
                    return false;
                }
            }
            std::vector<Room> rooms{room};
            if (!InsertRooms(w, ctx, caller, rooms, "room.create", e)) return false;
            room = rooms[0];
            return true;
        },
        error);
    if (duplicate) {
        api::ApiError conflict;
        conflict.status = 409;
        conflict.code = "room_exists";
        conflict.message = "This account already has a room named \"" + room.name +
                           "\" at site \"" + room.site + "\"";
        conflict.fields.push_back({"name", conflict.message});
        return SendError(res, conflict);
    }
    if (!ok) return ctx.SendInternal(res, "room.create: " + error);
    res.set_header("ETag", RoomETag(room));
    res.set_header("Location", "/api/v1/rooms/" + std::to_string(room.id));
    SendJson(res, 201, {{"room", api::RoomToJson(room)}});
}

void ImportRooms(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id account_id = PathId(req, 1);
    if (!ctx.RequireAccount(req, res, account_id, Role::Admin, caller)) return;
    std::string type = text::Lower(req.get_header_value("Content-Type"));
    std::vector<Room> rooms;
    std::vector<api::FieldError> errors;
    if (type.rfind("text/csv", 0) == 0) {
        RoomsFromCsv(req.body, rooms, errors);
    } else {
        api::Json body;
        std::string parse_error;
        if (!api::ParseJson(req.body, body, parse_error)) {
            return SendError(res, 400, "bad_json", "The body is not valid JSON: " + parse_error);
        }
        RoomsFromJson(body, rooms, errors);
    }
    if (errors.empty() && rooms.empty()) errors.push_back({"rooms", "lists no room"});
    if (rooms.size() > kMaxImportRows) {
        errors.push_back({"rooms", "at most " + std::to_string(kMaxImportRows) + " per import"});
    }
    for (size_t i = 0; i < rooms.size() && errors.size() < 100; ++i) {
        CheckRoomFields(rooms[i], "rooms[" + std::to_string(i) + "]", errors);
    }
    // All or nothing: one bad row and nothing is imported, every bad field named.
    if (!errors.empty()) return SendFieldErrors(res, errors);
    for (size_t i = 0; i < rooms.size() && errors.size() < 100; ++i) {
        CheckTimeZone(ctx, rooms[i], "rooms[" + std::to_string(i) + "]", errors);
    }
    if (!errors.empty()) return SendUnknownTimeZones(res, errors);

    api::Json created = api::Json::array();
    api::Json skipped = api::Json::array();
    std::string error;
    bool ok = ctx.store.Write(
        [&](Store::Writer& w, std::string& e) {
            State state;
            if (!w.LoadAccountOnly(account_id, state, e)) return false;
            std::set<std::string> known;
            for (const Room& room : state.rooms) {
                if (room.account_id == account_id) known.insert(RoomKey(room));
            }
            // A room already there (same site and name) is skipped: importing the same export
            // twice adds nothing.
            std::vector<Room> fresh;
            for (size_t i = 0; i < rooms.size(); ++i) {
                rooms[i].account_id = account_id;
                if (!known.insert(RoomKey(rooms[i])).second) {
                    skipped.push_back({{"row", i},
                                       {"name", rooms[i].name},
                                       {"site", rooms[i].site},
                                       {"reason", "exists"}});
                    continue;
                }
                fresh.push_back(rooms[i]);
            }
            if (!InsertRooms(w, ctx, caller, fresh, "room.import", e)) return false;
            for (const Room& room : fresh) created.push_back(api::RoomToJson(room));
            return true;
        },
        error);
    if (!ok) return ctx.SendInternal(res, "room.import: " + error);
    SendJson(res, created.empty() ? 200 : 201, {{"created", created}, {"skipped", skipped}});
}

void GetRoom(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id room_id = 0, account_id = 0;
    if (!ctx.RequireRoom(req, res, Role::ReadOnly, caller, room_id, account_id)) return;
    State state;
    if (!LoadAccount(ctx, res, account_id, state)) return;
    const Room* room = state.FindRoom(room_id);
    if (!room) return SendNotFound(res);
    res.set_header("ETag", RoomETag(*room));
    SendJson(res, 200, {{"room", RoomDetail(ctx, state, *room)}});
}

void PatchRoom(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id room_id = 0, account_id = 0;
    if (!ctx.RequireRoom(req, res, Role::Admin, caller, room_id, account_id)) return;
    api::Json body;
    if (!ReadJsonBody(req, res, body)) return;
    if (!req.has_header("If-Match")) {
        return SendError(res, 428, "precondition_required",
                         "Send If-Match with the room's ETag, so that an edit made from a stale "
                         "copy cannot overwrite a newer one");
    }
    bool stale = false, missing = false, duplicate = false;
    std::vector<api::FieldError> errors, zone_errors;
    Room updated;
    std::string error;
    bool ok = ctx.store.Write(
        [&](Store::Writer& w, std::string& e) {
            State state;
            if (!w.LoadAccountOnly(account_id, state, e)) return false;
            const Room* room = state.FindRoom(room_id);
            if (!room) {
                missing = true;
                return false;
            }
            if (CheckIfMatch(req, *room) != Precondition::Matches) {
                stale = true;
                return false;
            }
            updated = *room;
            api::FieldReader reader(body, "", errors);
            reader.String("name", updated.name, false);
            reader.String("site", updated.site, false);
            reader.String("country", updated.country, false);
            reader.Int("capacity", updated.capacity, false);
            if (body.contains("timeZone")) {
                // null clears it (UTC)
                updated.time_zone.clear();
                reader.String("timeZone", updated.time_zone, false);
            }
            for (const auto& item : body.items()) {
                if (item.key() != "name" && item.key() != "site" && item.key() != "country" &&
                    item.key() != "capacity" && item.key() != "timeZone") {
                    errors.push_back({item.key(), "cannot be changed here"});
                }
            }
            if (errors.empty()) CheckRoomFields(updated, "", errors);
            if (!errors.empty()) return false;
            CheckTimeZone(ctx, updated, "", zone_errors);
            if (!zone_errors.empty()) return false;
            for (const Room& other : state.rooms) {
                if (other.account_id == account_id && other.id != room_id &&
                    RoomKey(other) == RoomKey(updated)) {
                    duplicate = true;
                    return false;
                }
            }
            bool written = false;
            if (!UpdateRoom(w, updated, written, e)) return false;
            if (!written) {
                stale = true;
                return false;
            }
            return Audit(w, ctx, account_id, caller.user_id, "room.update",
                         ObjectName("room", room_id), api::RoomToJson(*room),
                         api::RoomToJson(updated), e);
        },
        error);
    if (missing) return SendNotFound(res);
    if (stale) return SendStaleRoom(res);
    if (!errors.empty()) return SendFieldErrors(res, errors);
    if (!zone_errors.empty()) return SendUnknownTimeZones(res, zone_errors);
    if (duplicate) {
        return SendError(res, 409, "room_exists",
                         "This account already has a room with that name at that site");
    }
    if (!ok) return ctx.SendInternal(res, "room.update: " + error);
    res.set_header("ETag", RoomETag(updated));
    SendJson(res, 200, {{"room", api::RoomToJson(updated)}});
}

void DeleteRoomRoute(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id room_id = 0, account_id = 0;
    if (!ctx.RequireRoom(req, res, Role::Admin, caller, room_id, account_id)) return;
    bool stale = false, missing = false;
    std::optional<Refusal> refusal;
    std::string error;
    bool ok = ctx.store.Write(
        [&](Store::Writer& w, std::string& e) {
            State state;
            if (!w.LoadAccountOnly(account_id, state, e)) return false;
            const Room* room = state.FindRoom(room_id);
            if (!room) {
                missing = true;
                return false;
            }
            if (CheckIfMatch(req, *room) == Precondition::Stale) {
                stale = true;
                return false;
            }
            bool licensed =
                std::any_of(state.assignments.begin(), state.assignments.end(),
                            [&](const Assignment& a) { return a.room_id == room_id && a.held(); });
            bool equipped = std::any_of(state.devices.begin(), state.devices.end(),
                                        [&](const Device& d) { return d.room_id == room_id; });
            if (licensed || equipped) {
                // R-ROOM-4: a license or a device is never lost with its room.
                refusal = Refusal{
                    "room_not_empty",
                    "R-ROOM-4",
                    {"Move or unassign the room's licenses and devices before deleting it",
                     "Déplacez ou retirez les licences et les appareils de la salle avant de la "
                     "supprimer"},
                    ""};
                return false;
            }
            api::Json before = api::RoomToJson(*room);
            return DeleteRoomTelemetry(w, room_id, e) && DeleteRoom(w, room_id, e) &&
                   Audit(w, ctx, account_id, caller.user_id, "room.delete",
                         ObjectName("room", room_id), before, std::nullopt, e);
        },
        error);
    if (missing) return SendNotFound(res);
    if (stale) return SendStaleRoom(res);
    if (refusal) return SendRefusal(res, *refusal, RequestLanguage(req));
    if (!ok) return ctx.SendInternal(res, "room.delete: " + error);
    res.status = 204;
}

void GetEntitlements(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id room_id = 0, account_id = 0;
    if (!ctx.RequireRoom(req, res, Role::ReadOnly, caller, room_id, account_id)) return;
    State state;
    if (!LoadAccount(ctx, res, account_id, state)) return;
    if (!state.FindRoom(room_id)) return SendNotFound(res);
    RoomEntitlements entitlements = EntitlementsOf(state, ctx.catalogue, room_id, ctx.Today());
    api::Json json = api::EntitlementsToJson(entitlements);
    json["roomId"] = room_id;
    SendJson(res, 200, json);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Licenses

void AssignLicense(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id room_id = 0, account_id = 0;
    if (!ctx.RequireRoom(req, res, Role::Admin, caller, room_id, account_id)) return;
    Id contract_id = 0;
    if (!ReadBodyId(req, res, "contractId", contract_id)) return;
    Performed done;
    if (!PerformAction(
            ctx, req, res, caller, account_id, Action::Assign(room_id, contract_id),
            "license.assign", ObjectName("room", room_id),
            [&](const State& state) { return CallerSeesContract(caller, state, contract_id); },
            done)) {
        return;
    }
    const Assignment& assignment = done.change.new_assignments.at(0);
    SendJson(res, 201,
             {{"assignment", api::AssignmentToJson(assignment)},
              {"contract", ContractJson(ctx, done.after, contract_id)},
              {"entitlements", api::EntitlementsToJson(EntitlementsOf(done.after, ctx.catalogue,
                                                                      room_id, ctx.Today()))}});
}

void UnassignLicense(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id room_id = 0, account_id = 0;
    if (!ctx.RequireRoom(req, res, Role::Admin, caller, room_id, account_id)) return;
    std::string program = PathText(req, 2);
    if (!ctx.catalogue.FindProgram(program)) return SendNotFound(res);
    Performed done;
    if (!PerformAction(ctx, req, res, caller, account_id, Action::Unassign(room_id, program),
                       "license.unassign", ObjectName("room", room_id), {}, done)) {
        return;
    }
    res.status = 204;
}

void MoveLicense(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id room_id = 0, account_id = 0;
    if (!ctx.RequireRoom(req, res, Role::Admin, caller, room_id, account_id)) return;
    std::string program = PathText(req, 2);
    if (!ctx.catalogue.FindProgram(program)) return SendNotFound(res);
    Id to_room = 0;
    if (!ReadBodyId(req, res, "toRoomId", to_room)) return;
    Performed done;
    if (!PerformAction(
            ctx, req, res, caller, account_id, Action::MoveLicense(room_id, program, to_room),
            "license.move", ObjectName("room", room_id),
            [&](const State& state) { return CallerSeesRoom(caller, state, to_room); }, done)) {
        return;
    }
    const Assignment& assignment = done.change.new_assignments.at(0);
    SendJson(res, 200,
             {{"assignment", api::AssignmentToJson(assignment)},
              {"contract", ContractJson(ctx, done.after, assignment.contract_id)}});
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Devices

void ListDevices(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id account_id = PathId(req, 1);
    if (!ctx.RequireAccount(req, res, account_id, Role::ReadOnly, caller)) return;
    State state;
    if (!LoadAccount(ctx, res, account_id, state)) return;
    api::Json devices = api::Json::array();
    for (const Device& device : state.devices) {
        if (device.account_id == account_id) devices.push_back(api::DeviceToJson(device));
    }
    SendJson(res, 200, {{"devices", devices}});
}

void AddDevice(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id account_id = PathId(req, 1);
    if (!ctx.RequireAccount(req, res, account_id, Role::Admin, caller)) return;
    api::Json body;
    if (!ReadJsonBody(req, res, body)) return;
    std::vector<api::FieldError> errors;
    api::FieldReader reader(body, "", errors);
    std::string serial, product, purchase_text;
    long long room_id = 0;
    reader.String("serial", serial);
    reader.String("product", product);
    if (body.contains("roomId") && !body["roomId"].is_null()) reader.Int64("roomId", room_id);
    Date purchase = ctx.Today();
    if (reader.String("purchaseDate", purchase_text, false) &&
        !ParseDate(purchase_text, purchase)) {
        reader.Fail("purchaseDate", "must be a date YYYY-MM-DD");
    }
    if (!errors.empty()) return SendFieldErrors(res, errors);
    serial = text::Trim(serial);
    for (char& c : serial) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    // People type the product's name as the catalogue shows it; the device keeps the id.
    product = text::Trim(product);
    if (const Product* known = ctx.catalogue.FindProductByNameOrId(product)) product = known->id;
    Action action = Action::PlaceDevice(account_id, serial, product, room_id, purchase);
    auto sees_room = [&](const State& state) { return CallerSeesRoom(caller, state, room_id); };
    // The caller's own input (room, serial syntax, product, date) is checked first, so that the
    // answer to a bad request is the same whoever holds the serial.
    if (!CheckAction(ctx, req, res, account_id, action, sees_room)) return;
    // R-ROOM-3: a serial is one device in the whole portal, whoever registered it (only this
    // customer's devices are in the engine's state). The answer neither names nor confirms
    // another customer.
    Id owner = 0;
    std::string error;
    if (!AccountOfDevice(ctx.store, serial, owner, error)) {
        return ctx.SendInternal(res, "device lookup: " + error);
    }
    if (owner != 0 && owner != account_id) {
        return SendRefusal(res, refusals::SerialUnavailable(), RequestLanguage(req));
    }
    Performed done;
    if (!PerformAction(ctx, req, res, caller, account_id, action, "device.add", "device:" + serial,
                       sees_room, done)) {
        return;
    }
    SendJson(res, 201, {{"device", api::DeviceToJson(done.change.new_devices.at(0))}});
}

void MoveDevice(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    if (!ctx.RequireCaller(req, res, caller)) return;
    std::string serial = PathText(req, 1);
    for (char& c : serial) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    Id account_id = 0;
    std::string error;
    if (!AccountOfDevice(ctx.store, serial, account_id, error)) {
        return ctx.SendInternal(res, "device lookup: " + error);
    }
    if (!ctx.CheckAccount(res, caller, account_id, Role::Admin)) return;
    Id to_room = 0;  // null takes the device out of its room
    if (!ReadBodyId(req, res, "roomId", to_room, /*nullable=*/true)) return;
    Performed done;
    if (!PerformAction(
            ctx, req, res, caller, account_id, Action::MoveDevice(serial, to_room), "device.move",
            "device:" + serial,
            [&](const State& state) { return CallerSeesRoom(caller, state, to_room); }, done)) {
        return;
    }
    const Device* device = done.after.FindDevice(serial);
    SendJson(res, 200, {{"device", device ? api::DeviceToJson(*device) : api::Json(nullptr)}});
}

}  // namespace

void RegisterRoomRoutes(Server& server, ApiContext& ctx) {
    auto route = [&](const char* method, const char* pattern, ApiHandler handler) {
        AddApiRoute(server, ctx, method, pattern, handler);
    };
    route("GET", R"(/api/v1/accounts/([^/]+)/rooms)", ListRooms);
    route("POST", R"(/api/v1/accounts/([^/]+)/rooms)", CreateRoom);
    route("POST", R"(/api/v1/accounts/([^/]+)/rooms/import)", ImportRooms);
    route("GET", R"(/api/v1/rooms/([^/]+))", GetRoom);
    route("PATCH", R"(/api/v1/rooms/([^/]+))", PatchRoom);
    route("DELETE", R"(/api/v1/rooms/([^/]+))", DeleteRoomRoute);
    route("GET", R"(/api/v1/rooms/([^/]+)/entitlements)", GetEntitlements);
    route("POST", R"(/api/v1/rooms/([^/]+)/licenses)", AssignLicense);
    route("DELETE", R"(/api/v1/rooms/([^/]+)/licenses/([^/]+))", UnassignLicense);
    route("POST", R"(/api/v1/rooms/([^/]+)/licenses/([^/]+)/move)", MoveLicense);
    route("GET", R"(/api/v1/accounts/([^/]+)/devices)", ListDevices);
    route("POST", R"(/api/v1/accounts/([^/]+)/devices)", AddDevice);
    route("POST", R"(/api/v1/devices/([^/]+)/move)", MoveDevice);
}

}  // namespace portal::server
