// Telemetry batches, the status document and agent tokens <-> JSON.
#include "api/telemetry_json.h"

#include <cctype>

namespace portal::api {

namespace {

using telemetry::Seconds;

bool ReadTime(FieldReader& reader, const char* key, Seconds& out, bool required = true) {
    std::string text;
    if (!reader.String(key, text, required)) return false;
    if (!telemetry::ParseUtcTime(text, out)) {
        reader.Fail(key, "must be an ISO 8601 UTC time such as 2026-11-20T09:15:00Z");
        return false;
    }
    return true;
}

// A nullable time: absent or null is nullopt.
void ReadOptionalTime(FieldReader& reader, const char* key, std::optional<Seconds>& out) {
    Seconds time = 0;
    out.reset();
    if (ReadTime(reader, key, time, false)) out = time;
}

Json TimeJson(std::optional<Seconds> time) {
    return time ? Json(telemetry::FormatUtcTime(*time)) : Json(nullptr);
}

Json IdOrNull(Id id) {
    return id == 0 ? Json(nullptr) : Json(id);
}

bool ReadPositiveId(FieldReader& reader, const char* key, Id& out) {
    long long id = 0;
    if (!reader.Int64(key, id)) return false;
    if (id <= 0) {
        reader.Fail(key, "must be a positive id");
        return false;
    }
    out = id;
    return true;
}

}  // namespace

bool BatchFromJson(const Json& json, telemetry::Batch& out, std::vector<FieldError>& errors) {
    size_t before = errors.size();
    FieldReader reader(json, "", errors);
    if (!reader.IsObject()) return false;
    if (reader.String("batchId", out.batch_id) &&
        (out.batch_id.empty() || out.batch_id.size() > telemetry::kMaxBatchIdLength)) {
        reader.Fail("batchId",
                    "must be 1 to " + std::to_string(telemetry::kMaxBatchIdLength) + " characters");
    }
    const Json* events = reader.Array("events");
    if (!events) return false;
    out.events.clear();
    out.events.reserve(events->size());
    for (size_t i = 0; i < events->size() && errors.size() - before < 100; ++i) {
        FieldReader entry((*events)[i], IndexPath("events", i), errors);
        if (!entry.IsObject()) continue;
        telemetry::Event event;
        std::string type;
        if (!entry.String("type", type)) continue;
        if (type == "occupancy") {
            event.type = telemetry::EventType::Occupancy;
            ReadPositiveId(entry, "roomId", event.room_id);
            ReadTime(entry, "at", event.at);
            entry.Int("people", event.people);
        } else if (type == "meeting") {
            event.type = telemetry::EventType::Meeting;
            ReadPositiveId(entry, "roomId", event.room_id);
            ReadTime(entry, "start", event.start);
            ReadTime(entry, "end", event.end);
        } else if (type == "device") {
            event.type = telemetry::EventType::Device;
            if (entry.String("serial", event.serial)) {
                for (char& c : event.serial) {
                    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                }
                if (event.serial.empty() || event.serial.size() > telemetry::kMaxSerialLength) {
                    entry.Fail("serial", "must be 1 to " +
                                             std::to_string(telemetry::kMaxSerialLength) +
                                             " characters");
                }
            }
            ReadTime(entry, "at", event.at);
            std::string status;
            if (entry.String("status", status)) {
                if (status == "online" || status == "offline") {
                    event.online = status == "online";
                } else {
                    entry.Fail("status", "must be \"online\" or \"offline\"");
                }
            }
            std::string firmware;
            if (entry.String("firmware", firmware, false)) {
                if (firmware.size() > telemetry::kMaxFirmwareLength) {
                    entry.Fail("firmware", "is at most " +
                                               std::to_string(telemetry::kMaxFirmwareLength) +
                                               " characters");
                }
                event.firmware = firmware;
            }
        } else {
            entry.Fail("type", "must be \"occupancy\", \"meeting\" or \"device\"");
            continue;
        }
        out.events.push_back(std::move(event));
    }
    return errors.size() == before;
}

Json BatchToJson(const telemetry::Batch& batch) {
    Json events = Json::array();
    for (const telemetry::Event& event : batch.events) {
        switch (event.type) {
            case telemetry::EventType::Occupancy:
                events.push_back({{"type", "occupancy"},
                                  {"roomId", event.room_id},
                                  {"at", telemetry::FormatUtcTime(event.at)},
                                  {"people", event.people}});
                break;
            case telemetry::EventType::Meeting:
                events.push_back({{"type", "meeting"},
                                  {"roomId", event.room_id},
                                  {"start", telemetry::FormatUtcTime(event.start)},
                                  {"end", telemetry::FormatUtcTime(event.end)}});
                break;
            case telemetry::EventType::Device: {
                Json json = {{"type", "device"},
                             {"serial", event.serial},
                             {"at", telemetry::FormatUtcTime(event.at)},
                             {"status", event.online ? "online" : "offline"}};
                if (event.firmware) json["firmware"] = *event.firmware;
                events.push_back(std::move(json));
                break;
            }
        }
    }
    return {{"batchId", batch.batch_id}, {"events", std::move(events)}};
}

Json StatusToJson(const telemetry::StatusDocument& status) {
    Json rooms = Json::array();
    for (const telemetry::RoomStatus& room : status.rooms) {
        rooms.push_back({{"roomId", room.room_id},
                         {"insights", room.insights},
                         {"state", telemetry::RoomStateName(room.state)},
                         {"people", room.people ? Json(*room.people) : Json(nullptr)},
                         {"peopleAt", TimeJson(room.people_at)},
                         {"inMeeting", room.in_meeting ? Json(*room.in_meeting) : Json(nullptr)},
                         {"devicesOnline", room.devices_online},
                         {"devicesOffline", room.devices_offline},
                         {"alertsFiring", room.alerts_firing},
                         {"alertSeverity", room.alert_severity.empty()
                                               ? Json(nullptr)
                                               : Json(room.alert_severity)}});
    }
    Json devices = Json::array();
    for (const telemetry::DeviceStatus& device : status.devices) {
        devices.push_back({{"serial", device.serial},
                           {"roomId", IdOrNull(device.room_id)},
                           {"status", telemetry::DeviceStateName(device.status)},
                           {"at", TimeJson(device.at)},
                           {"firmware", device.firmware ? Json(*device.firmware) : Json(nullptr)}});
    }
    return {{"version", status.version},
            {"at", telemetry::FormatUtcTime(status.at)},
            {"rooms", std::move(rooms)},
            {"devices", std::move(devices)}};
}

bool StatusFromJson(const Json& json, telemetry::StatusDocument& out,
                    std::vector<FieldError>& errors) {
    size_t before = errors.size();
    FieldReader reader(json, "", errors);
    if (!reader.IsObject()) return false;
    reader.String("version", out.version);
    ReadTime(reader, "at", out.at);
    out.rooms.clear();
    out.devices.clear();
    if (const Json* rooms = reader.Array("rooms")) {
        for (size_t i = 0; i < rooms->size(); ++i) {
            FieldReader entry((*rooms)[i], IndexPath("rooms", i), errors);
            telemetry::RoomStatus room;
            long long id = 0;
            if (entry.Int64("roomId", id)) room.room_id = id;
            entry.Bool("insights", room.insights);
            std::string state;
            if (entry.String("state", state) && !telemetry::RoomStateFrom(state, room.state)) {
                entry.Fail("state", "is not a room state");
            }
            int people = 0;
            if (entry.Int("people", people, false)) room.people = people;
            ReadOptionalTime(entry, "peopleAt", room.people_at);
            bool in_meeting = false;
            if (entry.Bool("inMeeting", in_meeting, false)) room.in_meeting = in_meeting;
            entry.Int("devicesOnline", room.devices_online);
            entry.Int("devicesOffline", room.devices_offline);
            entry.Int("alertsFiring", room.alerts_firing, false);
            entry.String("alertSeverity", room.alert_severity, false);
            out.rooms.push_back(room);
        }
    }
    if (const Json* devices = reader.Array("devices")) {
        for (size_t i = 0; i < devices->size(); ++i) {
            FieldReader entry((*devices)[i], IndexPath("devices", i), errors);
            telemetry::DeviceStatus device;
            entry.String("serial", device.serial);
            long long room = 0;
            if (entry.Int64("roomId", room, false)) device.room_id = room;
            std::string status;
            if (entry.String("status", status) &&
                !telemetry::DeviceStateFrom(status, device.status)) {
                entry.Fail("status", "is not a device status");
            }
            ReadOptionalTime(entry, "at", device.at);
            std::string firmware;
            if (entry.String("firmware", firmware, false)) device.firmware = firmware;
            out.devices.push_back(device);
        }
    }
    return errors.size() == before;
}

Json AgentTokenToJson(const telemetry::AgentToken& token) {
    Json json = {{"id", token.id},
                 {"name", token.name},
                 {"createdAt", telemetry::FormatUtcTime(token.created_at)},
                 {"createdBy", IdOrNull(token.created_by)},
                 {"lastUsedAt", TimeJson(token.last_used_at)},
                 {"revokedAt", TimeJson(token.revoked_at)}};
    if (!token.token.empty()) json["token"] = token.token;
    return json;
}

bool AgentTokenFromJson(const Json& json, telemetry::AgentToken& out,
                        std::vector<FieldError>& errors) {
    size_t before = errors.size();
    FieldReader reader(json, "", errors);
    if (!reader.IsObject()) return false;
    long long id = 0;
    if (reader.Int64("id", id)) out.id = id;
    reader.String("name", out.name);
    ReadTime(reader, "createdAt", out.created_at);
    long long by = 0;
    out.created_by = reader.Int64("createdBy", by, false) ? by : 0;
    ReadOptionalTime(reader, "lastUsedAt", out.last_used_at);
    ReadOptionalTime(reader, "revokedAt", out.revoked_at);
    out.token.clear();
    reader.String("token", out.token, false);
    return errors.size() == before;
}

Json AgentTokensToJson(const std::vector<telemetry::AgentToken>& tokens) {
    Json list = Json::array();
    for (const telemetry::AgentToken& token : tokens) list.push_back(AgentTokenToJson(token));
    return {{"agentTokens", std::move(list)}};
}

bool AgentTokensFromJson(const Json& json, std::vector<telemetry::AgentToken>& out,
                         std::vector<FieldError>& errors) {
    size_t before = errors.size();
    FieldReader reader(json, "", errors);
    out.clear();
    if (const Json* list = reader.Array("agentTokens")) {
        for (size_t i = 0; i < list->size(); ++i) {
            telemetry::AgentToken token;
            std::vector<FieldError> entry_errors;
            AgentTokenFromJson((*list)[i], token, entry_errors);
            for (FieldError& error : entry_errors) {
                error.field = IndexPath("agentTokens", i) + "." + error.field;
                errors.push_back(std::move(error));
            }
            out.push_back(std::move(token));
        }
    }
    return errors.size() == before;
}

}  // namespace portal::api
