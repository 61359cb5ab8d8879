// Telemetry: UTC times, the rules of a batch, and the state a room shows.
#include "core/telemetry.h"

#include <cstdio>

#include "core/date.h"

namespace portal::telemetry {

namespace {

bool Digits(std::string_view text, size_t at, size_t count, int& out) {
    if (at + count > text.size()) return false;
    out = 0;
    for (size_t i = at; i < at + count; ++i) {
        if (text[i] < '0' || text[i] > '9') return false;
        out = out * 10 + (text[i] - '0');
    }
    return true;
}

std::string EventPath(size_t index, const char* field) {
    return "events[" + std::to_string(index) + "]." + field;
}

}  // namespace

bool ParseUtcTime(std::string_view text, Seconds& out) {
    // YYYY-MM-DDTHH:MM:SS[.fff][Z|+00:00|-00:00]
    Date date;
    int hour = 0, minute = 0, second = 0;
    if (text.size() < 20 || !ParseDate(text.substr(0, 10), date) ||
        (text[10] != 'T' && text[10] != 't') || text[13] != ':' || text[16] != ':' ||
        !Digits(text, 11, 2, hour) || !Digits(text, 14, 2, minute) ||
        !Digits(text, 17, 2, second) || hour > 23 || minute > 59 || second > 59) {
        return false;
    }
    size_t at = 19;
    if (text[at] == '.') {
        size_t digits = 0;
        for (++at; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at) ++digits;
        if (digits == 0 || digits > 9) return false;
    }
    std::string_view zone = text.substr(at);
    if (zone != "Z" && zone != "z" && zone != "+00:00" && zone != "-00:00") return false;
    out = static_cast<Seconds>(date.days) * 86400 + hour * 3600 + minute * 60 + second;
    return true;
}

std::string FormatUtcTime(Seconds time) {
    Seconds days = time >= 0 ? time / 86400 : (time - 86399) / 86400;
    Seconds rest = time - days * 86400;
    int year = 0, month = 0, day = 0;
    YmdFromDate(Date{static_cast<int>(days)}, year, month, day);
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day,
                  static_cast<int>(rest / 3600), static_cast<int>(rest / 60 % 60),
                  static_cast<int>(rest % 60));
    return text;
}

std::vector<Problem> CheckBatch(const Batch& batch, const AccountScope& account, Seconds now,
                                Seconds retention) {
    std::vector<Problem> problems;
    Seconds oldest = now - retention;
    Seconds latest = now + kFutureSlackSeconds;
    auto check_time = [&](size_t i, const char* field, Seconds time) {
        if (time > latest) {
            problems.push_back({EventPath(i, field), "is more than 5 minutes in the future"});
        } else if (time < oldest) {
            problems.push_back({EventPath(i, field), "is older than the telemetry kept (" +
                                                         std::to_string(retention / 86400) +
                                                         " days)"});
        }
    };
    for (size_t i = 0; i < batch.events.size(); ++i) {
        const Event& event = batch.events[i];
        switch (event.type) {
            case EventType::Occupancy:
                // A foreign room is named exactly like a missing one: the answer tells nothing
                // of other accounts.
                if (!account.rooms.count(event.room_id)) {
                    problems.push_back({EventPath(i, "roomId"), "is not a room of this account"});
                }
                if (event.people < 0 || event.people > kMaxPeople) {
                    problems.push_back({EventPath(i, "people"),
                                        "must be between 0 and " + std::to_string(kMaxPeople)});
                }
                check_time(i, "at", event.at);
                break;
            case EventType::Meeting:
                if (!account.rooms.count(event.room_id)) {
                    problems.push_back({EventPath(i, "roomId"), "is not a room of this account"});
                }
                if (event.end <= event.start) {
                    problems.push_back({EventPath(i, "end"), "must be after start"});
                } else if (event.end - event.start > kMaxMeetingSeconds) {
                    problems.push_back({EventPath(i, "end"), "a meeting lasts at most 24 hours"});
                }
                check_time(i, "start", event.start);
                break;
            case EventType::Device:
                if (!account.serials.count(event.serial)) {
                    problems.push_back({EventPath(i, "serial"), "is not a device of this account"});
                }
                check_time(i, "at", event.at);
                break;
        }
    }
    return problems;
}

const char* RoomStateName(RoomState state) {
    switch (state) {
        case RoomState::Free:
            return "free";
        case RoomState::Meeting:
            return "meeting";
        case RoomState::Occupied:
            return "occupied";
        case RoomState::Offline:
            return "offline";
        case RoomState::Unknown:
            return "unknown";
    }
    return "unknown";
}

bool RoomStateFrom(std::string_view text, RoomState& out) {
    for (RoomState state : {RoomState::Free, RoomState::Meeting, RoomState::Occupied,
                            RoomState::Offline, RoomState::Unknown}) {
        if (text == RoomStateName(state)) {
            out = state;
            return true;
        }
    }
    return false;
}

RoomState StateOf(bool insights, int devices_offline, std::optional<bool> in_meeting,
                  std::optional<int> people) {
    if (devices_offline > 0) return RoomState::Offline;
    if (!insights) return RoomState::Unknown;
    if (in_meeting.value_or(false)) return RoomState::Meeting;
    if (people) return *people > 0 ? RoomState::Occupied : RoomState::Free;
    return RoomState::Unknown;
}

const char* DeviceStateName(DeviceState state) {
    switch (state) {
        case DeviceState::Online:
            return "online";
        case DeviceState::Offline:
            return "offline";
        case DeviceState::Unknown:
            return "unknown";
    }
    return "unknown";
}

bool DeviceStateFrom(std::string_view text, DeviceState& out) {
    for (DeviceState state : {DeviceState::Online, DeviceState::Offline, DeviceState::Unknown}) {
        if (text == DeviceStateName(state)) {
            out = state;
            return true;
        }
    }
    return false;
}

}  // namespace portal::telemetry
