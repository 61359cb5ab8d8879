// Room telemetry as room agents send it (POST /api/v1/telemetry), the rules a batch must meet,
// and the live status of rooms and devices the portal shows (GET /accounts/{id}/status). Pure:
// the clock, the account's rooms and devices come in as values; times are Unix seconds (UTC).
//
//   Batch batch;   ... api::BatchFromJson(body, batch, errors)   (the shape: 400)
//   std::vector<Problem> problems = CheckBatch(batch, account, now, retention);  (the rules: 422)
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.h"

namespace portal::telemetry {

using Seconds = std::int64_t;

// [SECTION] Limits (the contract of POST /telemetry)

inline constexpr std::size_t kMaxBodyBytes = 1024 * 1024;  // larger: 413
inline constexpr std::size_t kMaxEvents = 10000;           // more: 413
inline constexpr int kMaxPeople = 10000;
inline constexpr Seconds kMaxMeetingSeconds = 24 * 3600;
inline constexpr Seconds kFutureSlackSeconds = 5 * 60;  // agents' clocks drift a little
inline constexpr std::size_t kMaxBatchIdLength = 200;
inline constexpr std::size_t kMaxSerialLength = 100;
inline constexpr std::size_t kMaxFirmwareLength = 100;

// [SECTION] Times

// "2026-11-20T09:15:00Z", with an optional fraction of a second (dropped: times are whole
// seconds) and "Z" or "+00:00"/"-00:00" as the zone; false for anything else (other offsets
// included: agents send UTC).
bool ParseUtcTime(std::string_view text, Seconds& out);
// "2026-11-20T09:15:00Z"
std::string FormatUtcTime(Seconds time);

// [SECTION] Batches

enum class EventType { Occupancy, Meeting, Device };

struct Event {
    EventType type = EventType::Occupancy;
    Id room_id = 0;                       // occupancy, meeting
    Seconds at = 0;                       // occupancy, device
    int people = 0;                       // occupancy
    Seconds start = 0;                    // meeting
    Seconds end = 0;                      // meeting
    std::string serial;                   // device
    bool online = false;                  // device: "online" / "offline"
    std::optional<std::string> firmware;  // device, when the agent knows it
};

struct Batch {
    std::string batch_id;
    std::vector<Event> events;
};

// A broken rule, named by the field's JSON path ("events[3].roomId").
struct Problem {
    std::string field;
    std::string message;
};

// What a batch is checked against: the token's account.
struct AccountScope {
    std::set<Id> rooms;             // the account's rooms
    std::set<std::string> serials;  // its devices
};

// The rules of a batch that parsed (422 when any is broken): every room and device is the
// account's (a foreign one is named exactly like a missing one), people in 0..kMaxPeople, a
// meeting ends after it starts and lasts at most 24 h, no time more than 5 minutes after now
// (a meeting's end may be later: it is on the calendar), none older than now - retention.
std::vector<Problem> CheckBatch(const Batch& batch, const AccountScope& account, Seconds now,
                                Seconds retention);

// The time an event is observed at: `at`, or a meeting's start.
inline Seconds ObservedAt(const Event& event) {
    return event.type == EventType::Meeting ? event.start : event.at;
}

// [SECTION] Status (GET /accounts/{id}/status)

enum class RoomState { Free, Meeting, Occupied, Offline, Unknown };
const char* RoomStateName(RoomState state);  // "free", ...
bool RoomStateFrom(std::string_view text, RoomState& out);

// offline when a device of the room is offline; else meeting when a meeting covers now; else
// occupied when people > 0; else free when people are known; else unknown. A room without
// Insights shows no people and no meetings (R-GATE-1): only offline or unknown.
RoomState StateOf(bool insights, int devices_offline, std::optional<bool> in_meeting,
                  std::optional<int> people);

struct RoomStatus {
    Id room_id = 0;
    bool insights = false;  // the room holds an active Insights license now (R-GATE-1)
    RoomState state = RoomState::Unknown;
    std::optional<int> people;  // null without Insights, or nothing reported yet
    std::optional<Seconds> people_at;
    std::optional<bool> in_meeting;  // null without Insights
    int devices_online = 0;
    int devices_offline = 0;
    // Alerts (issue 13): the room's firing (or acknowledged) alerts and the worst severity among
    // them ("critical", "major", "minor", "warning"; "" when none).
    int alerts_firing = 0;
    std::string alert_severity;
};

enum class DeviceState { Online, Offline, Unknown };
const char* DeviceStateName(DeviceState state);
bool DeviceStateFrom(std::string_view text, DeviceState& out);

struct DeviceStatus {
    std::string serial;
    Id room_id = 0;  // 0: not in a room (null)
    DeviceState status = DeviceState::Unknown;
    std::optional<Seconds> at;
    std::optional<std::string> firmware;
};

struct StatusDocument {
    std::string version;  // "<boot>-<n>": give it back as ?since= to wait for a change
    Seconds at = 0;
    std::vector<RoomStatus> rooms;
    std::vector<DeviceStatus> devices;
};

// [SECTION] Agent tokens

struct AgentToken {
    Id id = 0;
    std::string name;
    Seconds created_at = 0;
    Id created_by = 0;  // 0: unknown
    std::optional<Seconds> last_used_at;
    std::optional<Seconds> revoked_at;
    std::string token;  // only in the answer that creates it; never stored
};

}  // namespace portal::telemetry
