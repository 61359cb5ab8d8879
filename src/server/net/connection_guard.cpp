// The slow-client guard (see connection_guard.h). Linux only: it reads /proc/self/fd and the
// kernel's TCP_INFO.
#include "server/net/connection_guard.h"

#include <dirent.h>
#include <linux/sockios.h>
#include <linux/tcp.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <limits>

#include "server/log.h"
#include "server/worker_thread.h"

namespace portal::server {

namespace {

using Clock = std::chrono::steady_clock;

// Often enough that a head flood is cut within a few MB, cheap enough (a few system calls per
// connection) that a thousand connections cost a few % of a core.
constexpr std::chrono::milliseconds kSweepInterval{100};
constexpr size_t kLoggedPerSweep = 3;
// Bytes received are counted from the next sweep (a request's events cannot see its socket).
constexpr uint64_t kBaselineUnknown = std::numeric_limits<uint64_t>::max();

std::string KeyOf(const std::string& address, int port) {
    return address + " " + std::to_string(port);
}

// The numeric address and port of a socket address, written as cpp-httplib writes a request's
// remote_addr (getnameinfo, NI_NUMERICHOST), so that sweeps and requests name peers alike.
bool PeerOf(const sockaddr_storage& peer, socklen_t length, std::string& address, int& port) {
    char host[NI_MAXHOST];
    if (getnameinfo(reinterpret_cast<const sockaddr*>(&peer), length, host, sizeof host, nullptr, 0,
                    NI_NUMERICHOST) != 0) {
        return false;
    }
    address = host;
    if (peer.ss_family == AF_INET) {
        port = ntohs(reinterpret_cast<const sockaddr_in&>(peer).sin_port);
    } else if (peer.ss_family == AF_INET6) {
        port = ntohs(reinterpret_cast<const sockaddr_in6&>(peer).sin6_port);
    } else {
        return false;
    }
    return true;
}

int LocalPort(int fd) {
    sockaddr_storage local{};
    socklen_t length = sizeof local;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &length) != 0) return -1;
    if (local.ss_family == AF_INET) return ntohs(reinterpret_cast<sockaddr_in&>(local).sin_port);
    if (local.ss_family == AF_INET6) {
        return ntohs(reinterpret_cast<sockaddr_in6&>(local).sin6_port);
    }
    return -1;
}

// "address port" of the peer of a connected socket; empty for the listening one.
std::string PeerKey(int fd) {
    sockaddr_storage peer{};
    socklen_t length = sizeof peer;
    if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &length) != 0) return {};
    std::string address;
    int port = 0;
    if (!PeerOf(peer, length, address, port)) return {};
    return KeyOf(address, port);
}

// Bytes the server has read from the connection: received by the kernel, less what still waits
// in its queue. Not received alone: a client's body lands in the queue while its head is still
// being read, and is no more head for that.
uint64_t BytesRead(int fd) {
    tcp_info info{};
    socklen_t length = sizeof info;
    if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &length) != 0) return 0;
    int queued = 0;
    if (ioctl(fd, SIOCINQ, &queued) != 0 || queued < 0) queued = 0;
    uint64_t waiting = static_cast<uint64_t>(queued);
    return info.tcpi_bytes_received > waiting ? info.tcpi_bytes_received - waiting : 0;
}

double Seconds(Clock::duration duration) {
    return std::chrono::duration<double>(duration).count();
}

}  // namespace

std::vector<GuardVerdict> ConnectionsToEnd(const std::vector<GuardedConnection>& connections,
                                           const SlowClientLimits& limits, Clock::time_point now) {
    using Phase = GuardedConnection::Phase;
    std::vector<GuardVerdict> verdicts;
    std::vector<bool> ended(connections.size(), false);
    auto end = [&](size_t i, std::string reason) {
        ended[i] = true;
        verdicts.push_back({i, std::move(reason)});
    };
    for (size_t i = 0; i < connections.size(); ++i) {
        const GuardedConnection& c = connections[i];
        double age = Seconds(now - c.since);
        if (c.phase == Phase::Head) {
            if (c.bytes_in_phase > limits.max_head_bytes) {
                end(i, "sent more than " + std::to_string(limits.max_head_bytes) +
                           " bytes of request headers");
            } else if (age > limits.head_seconds) {
                end(i, "took more than " + std::to_string(limits.head_seconds) +
                           " s to send its request");
            }
        } else if (c.phase == Phase::Body) {
            double allowed = limits.head_seconds +
                             static_cast<double>(c.body_length) / limits.min_body_bytes_per_second;
            if (age > allowed) end(i, "sent its request body too slowly");
        }
    }

    // Under pressure: of the connections that have been sending their request for a while,
    // the oldest go first (a normal request arrives whole at once, so it is never among them).
    std::vector<size_t> slow;
    for (size_t i = 0; i < connections.size(); ++i) {
        if (!ended[i] && connections[i].phase == Phase::Head &&
            now - connections[i].since >= limits.slow_after) {
            slow.push_back(i);
        }
    }
    std::stable_sort(slow.begin(), slow.end(), [&](size_t a, size_t b) {
        return connections[a].since < connections[b].since;
    });
    std::map<std::string, size_t> per_address;
    for (size_t i : slow) ++per_address[connections[i].address];
    for (size_t i : slow) {
        const std::string& address = connections[i].address;
        bool trusted = std::find(limits.trusted_addresses.begin(), limits.trusted_addresses.end(),
                                 address) != limits.trusted_addresses.end();
        if (!trusted && per_address[address] > limits.max_slow_readers_per_address) {
            --per_address[address];
            end(i, "one of too many slow connections from its address");
        }
    }
    size_t remaining = 0;
    for (size_t i : slow) remaining += ended[i] ? 0 : 1;
    for (size_t i : slow) {
        if (remaining <= limits.max_slow_readers) break;
        if (ended[i]) continue;
        end(i, "one of too many slow connections");
        --remaining;
    }
    return verdicts;
}

ConnectionGuard::ConnectionGuard(SlowClientLimits limits, Logger& logger)
    : limits_(std::move(limits)), logger_(logger) {}

ConnectionGuard::~ConnectionGuard() {
    Stop();
}

void ConnectionGuard::Start(int port) {
    port_ = port;
    sweeper_ = std::make_unique<WorkerThread>(kSweepInterval, [this] { return Sweep(); });
    sweeper_->Start();
}

void ConnectionGuard::Stop() {
    if (sweeper_) sweeper_->Stop();
}

void ConnectionGuard::HeadRead(const std::string& address, int port, uint64_t content_length) {
    Move(address, port, GuardedConnection::Phase::Body, content_length);
}

void ConnectionGuard::Handling(const std::string& address, int port) {
    Move(address, port, GuardedConnection::Phase::Handling, 0);
}

void ConnectionGuard::Answered(const std::string& address, int port) {
    Move(address, port, GuardedConnection::Phase::Head, 0);
}

uint64_t ConnectionGuard::Ended() const {
    std::lock_guard lock(mutex_);
    return ended_;
}

void ConnectionGuard::Move(const std::string& address, int port, GuardedConnection::Phase phase,
                           uint64_t body_length) {
    std::lock_guard lock(mutex_);
    Tracked& tracked = tracked_[KeyOf(address, port)];
    tracked.view.address = address;
    tracked.view.phase = phase;
    tracked.view.since = Clock::now();
    tracked.view.body_length = body_length;
    tracked.bytes_at_phase_start = kBaselineUnknown;
    // An event comes from the connection that has this peer now: the next sweep takes its
    // socket as this entry's, whatever socket the entry had before.
    tracked.socket = 0;
    tracked.seen = true;  // until the next sweep says otherwise
}

bool ConnectionGuard::Sweep() {
    struct Live {
        int fd;
        ino_t socket;  // tells a new connection from an old one of the same peer port
        std::string key;
        uint64_t bytes;
    };
    std::vector<Live> live;
    if (DIR* fds = opendir("/proc/self/fd")) {
        while (dirent* entry = readdir(fds)) {
            if (entry->d_name[0] < '0' || entry->d_name[0] > '9') continue;
            int fd = std::atoi(entry->d_name);
            struct stat info;
            if (fd == dirfd(fds) || fstat(fd, &info) != 0 || !S_ISSOCK(info.st_mode)) continue;
            if (LocalPort(fd) != port_) continue;
            std::string key = PeerKey(fd);
            if (!key.empty()) live.push_back({fd, info.st_ino, std::move(key), BytesRead(fd)});
        }
        closedir(fds);
    }

    Clock::time_point now = Clock::now();
    std::vector<GuardedConnection> views;
    std::vector<const Live*> of_view;
    std::vector<GuardVerdict> verdicts;
    {
        std::lock_guard lock(mutex_);
        for (auto& [key, tracked] : tracked_) tracked.seen = false;
        for (const Live& connection : live) {
            auto [it, added] = tracked_.try_emplace(connection.key);
            Tracked& tracked = it->second;
            // A peer port reused by a new connection since the last sweep: not the old one's
            // phase, nor its byte count (which would make the new one's wrap around).
            bool reused = !added && ((tracked.socket != 0 && tracked.socket != connection.socket) ||
                                     (tracked.bytes_at_phase_start != kBaselineUnknown &&
                                      tracked.bytes_at_phase_start > connection.bytes));
            if (reused) tracked = Tracked();
            tracked.socket = connection.socket;
            if (added || reused) {
                // First seen: everything it sent so far is its request's head.
                tracked.view.address = connection.key.substr(0, connection.key.rfind(' '));
                tracked.view.since = now;
                tracked.bytes_at_phase_start = 0;
            } else if (tracked.bytes_at_phase_start == kBaselineUnknown) {
                tracked.bytes_at_phase_start = connection.bytes;
            }
            tracked.seen = true;
            tracked.view.bytes_in_phase = connection.bytes - tracked.bytes_at_phase_start;
            views.push_back(tracked.view);
            of_view.push_back(&connection);
        }
        std::erase_if(tracked_, [](const auto& entry) { return !entry.second.seen; });
        verdicts = ConnectionsToEnd(views, limits_, now);
        for (const GuardVerdict& verdict : verdicts) tracked_.erase(of_view[verdict.index]->key);
        ended_ += verdicts.size();
    }
    size_t shut = 0;
    for (const GuardVerdict& verdict : verdicts) {
        const Live& connection = *of_view[verdict.index];
        // The descriptor may have been closed and reused since the scan: only the same peer.
        if (PeerKey(connection.fd) != connection.key) continue;
        // Reset, not closed: a FIN would leave the socket in FIN-WAIT-2 for a minute, holding
        // what the client keeps sending (and the client blocked on it); a zero linger makes
        // the worker's close send an RST. Shutting down reading wakes that worker.
        linger reset{1, 0};
        setsockopt(connection.fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
        shutdown(connection.fd, SHUT_RD);
        // One line each for a few; one for the sweep in an attack (the log is not its target).
        if (++shut <= kLoggedPerSweep) {
            logger_.Warn("ended the connection of " + connection.key + ": it " + verdict.reason);
        }
    }
    if (shut > kLoggedPerSweep) {
        logger_.Warn("ended " + std::to_string(shut - kLoggedPerSweep) +
                     " more connections of slow or oversized requests");
    }
    return false;
}

}  // namespace portal::server
