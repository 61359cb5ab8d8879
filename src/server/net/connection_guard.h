// Guards the server's workers against slow and hostile clients (issue 19).
//
// cpp-httplib serves each connection on one worker thread from its first byte to its close, and
// only limits the time between two reads (5 s): a client that sends its request a byte every
// few seconds (slowloris) holds a worker as long as it likes, and a few hundred of them hold all
// of them. Nor does it limit how many header lines a request has. This guard watches every
// connection of the listening port from outside (a sweep over the process's sockets ten times a
// second, reading the kernel's count of bytes received less those still queued) and, by
// resetting it, ends one that:
//   - takes more than `head_seconds` to send its request line and headers (counted from its
//     first byte, or from the end of its previous answer on a kept-alive connection);
//   - sends more than `max_head_bytes` before its headers end;
//   - sends its body slower than `min_body_bytes_per_second` after a grace of `head_seconds`;
//   - is among the oldest of too many connections still sending their request (more than
//     `max_slow_readers` in all, or `max_slow_readers_per_address` from one address that is not
//     a trusted proxy), when the workers would otherwise run out: a normal request arrives
//     whole in a few milliseconds, so it is never the oldest reader.
// A connection whose request is being handled (a long poll, an upload being stored) is never
// touched. The server tells the guard where each request is (HeadRead, Handling, Answered).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace portal::server {

class Logger;
class WorkerThread;

struct SlowClientLimits {
    int head_seconds = 10;
    uint64_t max_head_bytes = 64 * 1024;
    uint64_t min_body_bytes_per_second = 16 * 1024;
    size_t max_slow_readers = 32;
    size_t max_slow_readers_per_address = 8;
    // A connection still reading after this long counts as a slow reader.
    std::chrono::milliseconds slow_after{500};
    std::vector<std::string> trusted_addresses;  // balancers: no per-address limit
};

// Where one connection is, as the sweep sees it.
struct GuardedConnection {
    enum class Phase { Head, Body, Handling };
    std::string address;  // the peer's address, without its port
    Phase phase = Phase::Head;
    std::chrono::steady_clock::time_point since;  // when this phase began
    uint64_t bytes_in_phase = 0;                  // bytes the server read since then
    uint64_t body_length = 0;                     // Content-Length, in Phase::Body
};

// The connections to end (indices into connections), and why, for the sweep and its tests.
struct GuardVerdict {
    size_t index;
    std::string reason;
};
std::vector<GuardVerdict> ConnectionsToEnd(const std::vector<GuardedConnection>& connections,
                                           const SlowClientLimits& limits,
                                           std::chrono::steady_clock::time_point now);

class ConnectionGuard {
  public:
    ConnectionGuard(SlowClientLimits limits, Logger& logger);
    ~ConnectionGuard();
    ConnectionGuard(const ConnectionGuard&) = delete;
    ConnectionGuard& operator=(const ConnectionGuard&) = delete;

    // Starts sweeping the connections of the listening socket on port.
    void Start(int port);
    void Stop();

    // A request's line and headers have arrived; its body (content_length bytes) comes next.
    void HeadRead(const std::string& address, int port, uint64_t content_length);
    // Its handler runs: the connection is no longer the client's to hold.
    void Handling(const std::string& address, int port);
    // Its answer was sent: the connection may carry the next request.
    void Answered(const std::string& address, int port);

    // Connections ended so far, for the log and the benchmarks.
    uint64_t Ended() const;

  private:
    struct Tracked {
        GuardedConnection view;
        uint64_t bytes_at_phase_start = 0;
        ino_t socket = 0;   // its socket's inode, once a sweep has seen it
        bool seen = false;  // by the current sweep
    };
    void Move(const std::string& address, int port, GuardedConnection::Phase phase,
              uint64_t body_length);
    bool Sweep();

    SlowClientLimits limits_;
    Logger& logger_;
    int port_ = 0;
    mutable std::mutex mutex_;
    std::map<std::string, Tracked> tracked_;  // by "address port" of the peer
    uint64_t ended_ = 0;
    std::unique_ptr<WorkerThread> sweeper_;
};

}  // namespace portal::server
