// The HourCache (hour_cache.h): hours are served only at the revision they were read at, the
// budget holds, the least recently used room leaves first, and PackedHour keeps a Bucket whole.
#include "server/hour_cache.h"

#include <gtest/gtest.h>

#include <memory>

namespace portal::server {
namespace {

std::shared_ptr<const RoomHours> HoursOf(int64_t revision, size_t count) {
    auto room = std::make_shared<RoomHours>();
    room->revision = revision;
    for (size_t i = 0; i < count; ++i) {
        PackedHour hour;
        hour.start = static_cast<int64_t>(i) * 3600;
        hour.observed = 3600;
        room->hours.push_back(hour);
    }
    room->hours.shrink_to_fit();
    return room;
}

TEST(HourCache, AnswersOnlyTheRevisionItHolds) {
    HourCache cache(1 << 20);
    EXPECT_EQ(cache.Find(7, 1), nullptr);
    auto first = HoursOf(1, 10);
    cache.Put(7, first);
    EXPECT_EQ(cache.Find(7, 1), first);
    EXPECT_EQ(cache.Find(7, 2), nullptr) << "ingestion moved the revision: read again";
    EXPECT_EQ(cache.Find(8, 1), nullptr);
    auto second = HoursOf(2, 12);
    cache.Put(7, second);
    EXPECT_EQ(cache.Find(7, 2), second);
    EXPECT_EQ(cache.Find(7, 1), nullptr);
    EXPECT_EQ(cache.Rooms(), 1u);
    EXPECT_EQ(cache.Bytes(), second->Bytes()) << "the replaced revision's bytes are returned";
}

TEST(HourCache, StaysWithinItsBudgetDroppingTheLeastRecentlyUsedRoom) {
    size_t one = HoursOf(1, 100)->Bytes();
    HourCache cache(3 * one);
    cache.Put(1, HoursOf(1, 100));
    cache.Put(2, HoursOf(1, 100));
    cache.Put(3, HoursOf(1, 100));
    ASSERT_NE(cache.Find(1, 1), nullptr);  // room 1 is now the most recently used
    cache.Put(4, HoursOf(1, 100));
    EXPECT_LE(cache.Bytes(), 3 * one);
    EXPECT_EQ(cache.Find(2, 1), nullptr) << "the least recently used room left";
    EXPECT_NE(cache.Find(1, 1), nullptr);
    EXPECT_NE(cache.Find(3, 1), nullptr);
    EXPECT_NE(cache.Find(4, 1), nullptr);

    auto held = cache.Find(4, 1);
    cache.Put(5, HoursOf(1, 250));  // needs every byte: all others leave
    EXPECT_EQ(held->hours.size(), 100u) << "hours in use by a query stay alive";
    cache.Put(6, HoursOf(1, 1000));  // bigger than the whole budget: not kept
    EXPECT_EQ(cache.Find(6, 1), nullptr);
    EXPECT_LE(cache.Bytes(), 3 * one);
}

TEST(PackedHour, KeepsABucketWholeAndRefusesWhatDoesNotFit) {
    insights::Bucket bucket;
    bucket.start = 1794787200;
    bucket.end = bucket.start + 3600;
    bucket.observed = 3600;
    bucket.occupied = 2400;
    bucket.person_seconds = 10000.0 * 3600;
    bucket.people_peak = 10000;
    bucket.meeting = 3600;
    bucket.device_in_use = 5 * 3600;
    PackedHour packed;
    ASSERT_TRUE(PackedHour::FromBucket(bucket, packed));
    insights::Bucket back = packed.ToBucket();
    EXPECT_EQ(back.start, bucket.start);
    EXPECT_EQ(back.end, bucket.end);
    EXPECT_EQ(back.observed, bucket.observed);
    EXPECT_EQ(back.occupied, bucket.occupied);
    EXPECT_EQ(back.person_seconds, bucket.person_seconds);
    EXPECT_EQ(back.people_peak, bucket.people_peak);
    EXPECT_EQ(back.meeting, bucket.meeting);
    EXPECT_EQ(back.device_in_use, bucket.device_in_use);

    insights::Bucket too_long = bucket;
    too_long.observed = 70000;  // a day, not an hour
    EXPECT_FALSE(PackedHour::FromBucket(too_long, packed));
    insights::Bucket negative = bucket;
    negative.meeting = -1;
    EXPECT_FALSE(PackedHour::FromBucket(negative, packed));
}

}  // namespace
}  // namespace portal::server
