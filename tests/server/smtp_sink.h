// smtp_sink.py as a child process: a real SMTP server on loopback (Debian's python3-aiosmtpd)
// that writes each message it accepts to a JSON file (envelope, headers decoded by Python's email
// package, body, parser defects, raw bytes), for the suites that check mail as recipients get it
// (mail_test.cpp, the alert mails). Nothing skips: without python3-aiosmtpd these tests fail.
//
//   SmtpSink sink;
//   ASSERT_NO_FATAL_FAILURE(sink.Start(dir_.path() / "sink"));
//   config_.smtp_url = SmtpUrl(sink.port());
//   std::vector<api::Json> mails = sink.WaitForMessages(2);  // mails[0]["headers"]["subject"]
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "api/json_fields.h"

namespace portal::server::testing {

// Polls done every 10 ms until it is true or timeout passes; whether it became true.
bool WaitUntil(const std::function<bool()>& done,
               std::chrono::milliseconds timeout = std::chrono::seconds(5));

// A loopback port nothing listens on (bound, read and released: free a moment later too).
int FreePort();

// "smtp://127.0.0.1:<port>"
std::string SmtpUrl(int port);

class SmtpSink {
  public:
    SmtpSink() = default;
    SmtpSink(const SmtpSink&) = delete;
    SmtpSink& operator=(const SmtpSink&) = delete;
    ~SmtpSink() { Stop(); }

    // Listens on port (0: any free port); fails the test when the sink cannot start.
    void Start(const std::filesystem::path& out_dir, int port = 0);
    void Stop();

    int port() const { return port_; }

    // The messages received so far, in the order received.
    std::vector<api::Json> Messages() const;
    // At least count messages, waiting up to timeout for them (a test failure when they do not
    // all come).
    std::vector<api::Json> WaitForMessages(
        size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(5)) const;

  private:
    std::filesystem::path out_dir_;
    pid_t pid_ = 0;
    int stdout_ = -1;
    int port_ = 0;
};

}  // namespace portal::server::testing
