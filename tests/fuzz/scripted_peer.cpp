#include "scripted_peer.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>

namespace portal::fuzz {

namespace {

// Appends what arrives within kQuietMs; false when the client closed or said nothing.
bool Receive(int fd, std::string& buffer) {
    pollfd ready{fd, POLLIN, 0};
    if (poll(&ready, 1, ScriptedPeer::kQuietMs) <= 0) return false;
    char chunk[4096];
    ssize_t n = recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<size_t>(n));
    return true;
}

// Reads until `end` is in buffer (from `from` on), the client goes quiet or it closes.
void ReceiveUntil(int fd, std::string& buffer, size_t from, const char* end) {
    while (buffer.find(end, from) == std::string::npos && Receive(fd, buffer)) {
    }
}

void SendAll(int fd, const std::string& bytes) {
    size_t sent = 0;
    while (sent < bytes.size()) {
        ssize_t n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) return;
        sent += static_cast<size_t>(n);
    }
}

}  // namespace

ScriptedPeer::ScriptedPeer() {
    listener_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (listener_ < 0 || bind(listener_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
        listen(listener_, 16) != 0 ||
        getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        std::abort();  // the target's set-up is broken, not the code under test
    }
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { Run(); });
    thread_.detach();  // lives as long as the process
}

void ScriptedPeer::SetScript(Protocol protocol, std::vector<std::string> answers) {
    std::lock_guard<std::mutex> lock(mutex_);
    protocol_ = protocol;
    answers_ = std::move(answers);
    next_ = 0;
}

bool ScriptedPeer::NextAnswer(std::string& out, Protocol& protocol) {
    std::lock_guard<std::mutex> lock(mutex_);
    protocol = protocol_;
    if (next_ >= answers_.size()) return false;
    out = answers_[next_++];
    return true;
}

void ScriptedPeer::Run() {
    while (true) {
        int fd = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) continue;
        Serve(fd);
        close(fd);
    }
}

void ScriptedPeer::Serve(int fd) {
    std::string answer;
    Protocol protocol;
    std::string received;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        protocol = protocol_;
    }
    if (protocol == Protocol::Http) {
        // One request (headers, and the body as far as it comes), one answer, then close: the
        // close ends a body that gives no length.
        ReceiveUntil(fd, received, 0, "\r\n\r\n");
        size_t length = received.find("\r\n\r\n");
        if (length != std::string::npos) {
            size_t header = received.find("Content-Length:");
            if (header != std::string::npos && header < length) {
                size_t body = std::strtoul(received.c_str() + header + 15, nullptr, 10);
                while (received.size() < length + 4 + body && Receive(fd, received)) {
                }
            }
        }
        if (NextAnswer(answer, protocol)) SendAll(fd, answer);
        return;
    }
    // SMTP: the greeting, then one answer per command line; after DATA's answer, the message
    // up to its final "." line counts as one command.
    if (!NextAnswer(answer, protocol)) return;
    SendAll(fd, answer);
    bool in_data = false;
    while (true) {
        size_t from = received.size();
        ReceiveUntil(fd, received, from, in_data ? "\r\n.\r\n" : "\r\n");
        // Quiet or not, the client gets the next answer (it may be waiting for the rest of one).
        std::string command = received.substr(from);
        in_data = !in_data && (command.rfind("DATA", 0) == 0 || command.rfind("data", 0) == 0);
        if (!NextAnswer(answer, protocol)) return;
        SendAll(fd, answer);
    }
}

}  // namespace portal::fuzz
