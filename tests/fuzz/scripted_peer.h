// A loopback peer for fuzz_outbound_answers: it answers whatever connects to it with the next
// answers of a script (raw bytes, as the fuzzer wrote them), one per request (HTTP) or per
// command line (SMTP), then closes. It never waits long for the client: after kQuietMs without
// a byte it answers anyway, so that no script can make a client and the peer wait on each other
// until a timeout.
#pragma once

#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace portal::fuzz {

class ScriptedPeer {
  public:
    enum class Protocol { Http, Smtp };
    static constexpr int kQuietMs = 50;

    ScriptedPeer();  // listens on 127.0.0.1, an ephemeral port; serves on a thread of its own
    int port() const { return port_; }
    // The answers for the next connections, in order; what is left of the last script goes.
    void SetScript(Protocol protocol, std::vector<std::string> answers);

  private:
    void Run();
    void Serve(int fd);
    bool NextAnswer(std::string& out, Protocol& protocol);

    int listener_ = -1;
    int port_ = 0;
    std::mutex mutex_;
    Protocol protocol_ = Protocol::Http;
    std::vector<std::string> answers_;
    size_t next_ = 0;
    std::thread thread_;
};

}  // namespace portal::fuzz
