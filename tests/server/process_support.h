// The built portal-server binary as a child process, for the suites that need a real process
// (its exit codes, or a kill -9 in the middle of work): spawned with the test's environment
// minus PORTAL_* (hermetic), its stdout read line by line, its stderr kept or discarded.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace portal::server::testing {

class ServerProcess {
  public:
    // Discard suits a child left running for long: nobody drains the stderr pipe.
    enum class Stderr { Capture, Discard };

    explicit ServerProcess(const std::vector<std::string>& args, Stderr err = Stderr::Capture);
    ~ServerProcess();  // SIGKILL and reaped if still running
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    bool Started() const { return pid_ > 0; }
    pid_t pid() const { return pid_; }

    // The next line on stdout, or nullopt after timeout (or at end of file).
    std::optional<std::string> ReadLine(std::chrono::milliseconds timeout);
    // The port of its "listening on" line, 0 when none came within timeout.
    int WaitForPort(std::chrono::milliseconds timeout);
    // Everything on stderr until it closes (call after the child exited; empty when discarded).
    std::string ReadStderr();
    // The wait status, or nullopt if the child is still running after timeout.
    std::optional<int> Wait(std::chrono::milliseconds timeout);
    // SIGKILL: no clean stop, no lease given back, nothing in flight finished.
    void Kill();

  private:
    pid_t pid_ = -1;
    int stdout_ = -1;
    int stderr_ = -1;
    bool exited_ = false;
};

}  // namespace portal::server::testing
