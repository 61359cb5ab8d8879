// The thread of a background worker (the mail outbox's, the alerts', the support tickets'): one
// pass, then a wait of one tick or until woken, and again until stopped. Requests never wait for
// it; they only wake it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace portal::server {

class WorkerThread {
  public:
    // pass: one pass of the work; true when more is due at once (the next pass runs without
    // waiting).
    WorkerThread(std::chrono::milliseconds tick, std::function<bool()> pass);
    ~WorkerThread();
    WorkerThread(const WorkerThread&) = delete;
    WorkerThread& operator=(const WorkerThread&) = delete;

    // Nothing when the thread runs already.
    void Start();
    // Stops the thread, waiting for a pass in progress; false when it was not running. Safe
    // more than once.
    bool Stop();
    // The next pass now rather than at the next tick.
    void Wake();
    // Stop was called: a pass in progress leaves the rest of its work.
    bool Stopping();

  private:
    void Loop();

    std::chrono::milliseconds tick_;
    std::function<bool()> pass_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stop_ = false;
    bool woken_ = false;
    std::thread thread_;
};

}  // namespace portal::server
