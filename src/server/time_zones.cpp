// TimeZones: IANA zones read from TZif files under a root (/usr/share/zoneinfo) with core
// insights::ParseTzif, each file read once. A name is a path under the root, so only names
// that stay inside it and name a zone file are looked up (no "..", no absolute path, not the
// "posix/" and "right/" copies, not the directories and tables beside the zones).
#include "server/time_zones.h"

#include <sys/stat.h>

#include <fstream>
#include <sstream>

namespace portal::server {

namespace {

// Misses are remembered too (a room list names the same few zones again and again), but not
// without end: names come from requests.
constexpr size_t kMaxCachedNames = 4096;

// IANA names are ASCII letters, digits and "/_-+" ("America/Argentina/Buenos_Aires",
// "Etc/GMT+5"); anything else cannot be one, whatever the file system holds.
bool PlausibleName(const std::string& name) {
    if (name.empty() || name.size() > 64 || name.front() == '/' || name.back() == '/') {
        return false;
    }
    if (name.find("..") != std::string::npos || name.find("//") != std::string::npos) return false;
    if (name.rfind("posix/", 0) == 0 || name.rfind("right/", 0) == 0) return false;
    for (char c : name) {
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '/' || c == '_' || c == '-' || c == '+';
        if (!ok) return false;
    }
    return true;
}

bool ReadRegularFile(const std::string& path, std::string& bytes) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return false;
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream text;
    text << in.rdbuf();
    bytes = text.str();
    return static_cast<bool>(in) || in.eof();
}

}  // namespace

TimeZones::TimeZones(std::string root) : root_(std::move(root)), utc_(insights::Utc()) {}

bool TimeZones::Known(const std::string& name) {
    std::lock_guard<std::mutex> lock(mutex_);
    return Load(name) != nullptr;
}

const insights::TimeZone& TimeZones::Get(const std::string& name) {
    if (name.empty()) return utc_;
    std::lock_guard<std::mutex> lock(mutex_);
    const insights::TimeZone* zone = Load(name);
    return zone ? *zone : utc_;
}

const insights::TimeZone* TimeZones::Load(const std::string& name) {
    auto found = zones_.find(name);
    if (found != zones_.end()) return found->second.get();
    if (!PlausibleName(name)) return nullptr;
    std::unique_ptr<insights::TimeZone> zone;
    std::string bytes;
    if (ReadRegularFile(root_ + "/" + name, bytes)) {
        auto parsed = std::make_unique<insights::TimeZone>();
        std::string error;
        if (insights::ParseTzif(bytes, *parsed, error)) {
            parsed->name = name;
            zone = std::move(parsed);
        }
    }
    const insights::TimeZone* result = zone.get();
    // Zones once handed out stay (the reference is the caller's for the life of this object).
    if (result || zones_.size() < kMaxCachedNames) zones_.emplace(name, std::move(zone));
    return result;
}

}  // namespace portal::server
