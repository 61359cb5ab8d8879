#include "server/hour_cache.h"

#include <limits>

namespace portal::server {

bool PackedHour::FromBucket(const insights::Bucket& bucket, PackedHour& out) {
    auto fits = [](auto value, auto field) {
        return value >= 0 && value <= std::numeric_limits<decltype(field)>::max();
    };
    double person_seconds = bucket.person_seconds + 0.5;  // whole in storage (migration 008)
    if (!fits(bucket.observed, out.observed) || !fits(bucket.occupied, out.occupied) ||
        !fits(bucket.meeting, out.meeting) || !fits(bucket.people_peak, out.people_peak) ||
        !(person_seconds >= 0 && person_seconds <= std::numeric_limits<uint32_t>::max()) ||
        !fits(bucket.device_in_use, out.device_in_use)) {
        return false;
    }
    out.start = bucket.start;
    out.observed = static_cast<uint16_t>(bucket.observed);
    out.occupied = static_cast<uint16_t>(bucket.occupied);
    out.meeting = static_cast<uint16_t>(bucket.meeting);
    out.people_peak = static_cast<uint16_t>(bucket.people_peak);
    out.person_seconds = static_cast<uint32_t>(person_seconds);
    out.device_in_use = static_cast<uint32_t>(bucket.device_in_use);
    return true;
}

std::shared_ptr<const RoomHours> HourCache::Find(Id room_id, int64_t revision) {
    std::lock_guard lock(mutex_);
    auto found = rooms_.find(room_id);
    if (found == rooms_.end() || found->second.hours->revision != revision) return nullptr;
    recent_.splice(recent_.begin(), recent_, found->second.recent);
    return found->second.hours;
}

void HourCache::Put(Id room_id, std::shared_ptr<const RoomHours> hours) {
    std::lock_guard lock(mutex_);
    Evict(room_id);
    size_t bytes = hours->Bytes();
    if (bytes > budget_bytes_) return;
    while (bytes_ + bytes > budget_bytes_ && !recent_.empty()) Evict(recent_.back());
    recent_.push_front(room_id);
    rooms_.emplace(room_id, Entry{std::move(hours), recent_.begin()});
    bytes_ += bytes;
}

size_t HourCache::Bytes() {
    std::lock_guard lock(mutex_);
    return bytes_;
}

size_t HourCache::Rooms() {
    std::lock_guard lock(mutex_);
    return rooms_.size();
}

void HourCache::Evict(Id room_id) {
    auto found = rooms_.find(room_id);
    if (found == rooms_.end()) return;
    bytes_ -= found->second.hours->Bytes();
    recent_.erase(found->second.recent);
    rooms_.erase(found);
}

}  // namespace portal::server
