// IANA time zones for rooms (Insights days follow a room's zone), read from the system's
// tzdata (/usr/share/zoneinfo, Debian package tzdata) on first use and cached. Thread-safe.
//
//   TimeZones zones;                        // or TimeZones zones("/other/zoneinfo")
//   if (!zones.Known("Europe/Paris")) ...   // a room's timeZone field is checked with it
//   const insights::TimeZone& paris = zones.Get("Europe/Paris");  // UTC for "" and unknown
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/insights.h"

namespace portal::server {

class TimeZones {
  public:
    explicit TimeZones(std::string root = "/usr/share/zoneinfo");

    // Whether `name` is an IANA zone name this machine has ("Europe/Paris"; not "posix/...",
    // not a path with "..").
    bool Known(const std::string& name);

    // The zone; UTC for an empty or unknown name. The reference stays valid for the life of
    // this object.
    const insights::TimeZone& Get(const std::string& name);

  private:
    const insights::TimeZone* Load(const std::string& name);  // under mutex_

    std::string root_;
    std::mutex mutex_;
    std::map<std::string, std::unique_ptr<insights::TimeZone>> zones_;  // nullptr: not found
    insights::TimeZone utc_;
};

}  // namespace portal::server
