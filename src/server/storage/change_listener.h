// A PostgreSQL LISTEN on a connection and a thread of its own: how a server hears the changes
// other servers of the same database announce (NOTIFY), so that its long polls wake on a change
// made through any of them (the StatusBoard's kStatusChannel). SQLite serves one process and
// needs none.
//
// The thread waits on the connection's socket a short while at a time, so that Stop returns
// promptly; a lost connection is re-established (every second until it is), and each time it
// listens again the owner is told, since what was announced in between was missed.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <thread>

struct pg_conn;
typedef struct pg_conn PGconn;

namespace portal::server {

class Logger;

class ChangeListener {
  public:
    struct Handlers {
        // A notification's payload, on the listener's thread.
        std::function<void(const std::string& payload)> notified;
        // true once LISTEN is in force (after each connect), false when the connection is lost.
        std::function<void(bool listening)> listening;
    };

    // url: the database's postgresql:// URL; channel: a plain identifier.
    ChangeListener(std::string url, std::string channel, Handlers handlers, Logger& logger);
    ~ChangeListener();
    ChangeListener(const ChangeListener&) = delete;
    ChangeListener& operator=(const ChangeListener&) = delete;

    // Connects and listens before it returns (or leaves that to the thread, which retries
    // every second, when the database cannot be reached now).
    void Start();
    // Stops and joins the thread (within a poll interval); safe more than once.
    void Stop();

  private:
    // A connection that listens (the owner told), or null (warned).
    PGconn* Connect();
    void Loop(PGconn* conn);

    std::string url_;
    std::string channel_;
    Handlers handlers_;
    Logger& logger_;
    bool failing_ = false;  // an outage is on (its warning given): the thread's, once started
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

}  // namespace portal::server
