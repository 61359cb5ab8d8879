// A background worker's thread.
#include "server/worker_thread.h"

namespace portal::server {

WorkerThread::WorkerThread(std::chrono::milliseconds tick, std::function<bool()> pass)
    : tick_(tick), pass_(std::move(pass)) {}

WorkerThread::~WorkerThread() {
    Stop();
}

void WorkerThread::Start() {
    std::lock_guard lock(mutex_);
    if (thread_.joinable()) return;
    stop_ = false;
    woken_ = false;
    thread_ = std::thread([this] { Loop(); });
}

bool WorkerThread::Stop() {
    std::thread thread;
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
        thread = std::move(thread_);
    }
    wake_.notify_all();
    if (!thread.joinable()) return false;
    thread.join();
    return true;
}

void WorkerThread::Wake() {
    {
        std::lock_guard lock(mutex_);
        woken_ = true;
    }
    wake_.notify_all();
}

bool WorkerThread::Stopping() {
    std::lock_guard lock(mutex_);
    return stop_;
}

void WorkerThread::Loop() {
    std::unique_lock lock(mutex_);
    while (!stop_) {
        // Cleared before the pass, so that a Wake during it makes the next wait short.
        woken_ = false;
        lock.unlock();
        bool more = pass_();
        lock.lock();
        if (more) continue;
        // Real time: a tick is a wait, whatever the server's clock says (tests move that one).
        wake_.wait_for(lock, tick_, [this] { return stop_ || woken_; });
    }
}

}  // namespace portal::server
