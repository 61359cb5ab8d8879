// The SMTP sink of smtp_sink.h: spawns smtp_sink.py, reads the port it prints, reads its files.
#include "smtp_sink.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace portal::server::testing {

bool WaitUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

int FreePort() {
    int sock = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    int port = 0;
    if (bind(sock, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
        getsockname(sock, reinterpret_cast<sockaddr*>(&address), &size) == 0) {
        port = ntohs(address.sin_port);
    }
    close(sock);
    return port;
}

std::string SmtpUrl(int port) {
    return "smtp://127.0.0.1:" + std::to_string(port);
}

void SmtpSink::Start(const std::filesystem::path& out_dir, int port) {
    std::filesystem::create_directories(out_dir);
    out_dir_ = out_dir;
    int fds[2];
    ASSERT_EQ(pipe2(fds, O_CLOEXEC), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    std::string python = PORTAL_TEST_PYTHON3, script = PORTAL_TEST_SMTP_SINK;
    std::string dir = out_dir.string(), port_text = std::to_string(port);
    char* argv[] = {python.data(), script.data(), dir.data(), port_text.data(), nullptr};
    int spawned = posix_spawn(&pid_, python.c_str(), &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    stdout_ = fds[0];
    ASSERT_EQ(spawned, 0) << "cannot run " << python;
    std::string line;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (line.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
        pollfd readable{stdout_, POLLIN, 0};
        if (poll(&readable, 1, 100) <= 0) continue;
        char buffer[64];
        ssize_t n = read(stdout_, buffer, sizeof buffer);
        if (n <= 0) break;  // the sink exited
        line.append(buffer, static_cast<size_t>(n));
    }
    port_ = std::atoi(line.c_str());
    ASSERT_GT(port_, 0) << "the SMTP sink did not start (is Debian's python3-aiosmtpd "
                           "installed? apt-get install python3-aiosmtpd); see stderr";
}

void SmtpSink::Stop() {
    if (pid_ > 0) {
        kill(pid_, SIGTERM);
        waitpid(pid_, nullptr, 0);
        pid_ = 0;
    }
    if (stdout_ >= 0) close(stdout_);
    stdout_ = -1;
}

std::vector<api::Json> SmtpSink::Messages() const {
    std::vector<std::filesystem::path> files;
    std::error_code ignored;
    for (const auto& entry : std::filesystem::directory_iterator(out_dir_, ignored)) {
        if (entry.path().extension() == ".json") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    std::vector<api::Json> messages;
    for (const auto& file : files) {
        std::ifstream in(file);
        std::stringstream text;
        text << in.rdbuf();
        api::Json message;
        std::string error;
        EXPECT_TRUE(api::ParseJson(text.str(), message, error)) << file << ": " << error;
        messages.push_back(std::move(message));
    }
    return messages;
}

std::vector<api::Json> SmtpSink::WaitForMessages(size_t count,
                                                 std::chrono::milliseconds timeout) const {
    std::vector<api::Json> messages;
    bool arrived = WaitUntil(
        [&] {
            messages = Messages();
            return messages.size() >= count;
        },
        timeout);
    EXPECT_TRUE(arrived) << "the SMTP sink received " << messages.size() << " of " << count;
    return messages;
}

}  // namespace portal::server::testing
