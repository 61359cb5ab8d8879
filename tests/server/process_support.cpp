// The child process of process_support.h.
#include "process_support.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <regex>
#include <string_view>

extern char** environ;

namespace portal::server::testing {

ServerProcess::ServerProcess(const std::vector<std::string>& args, Stderr err) {
    int out[2];
    int errs[2] = {-1, -1};
    if (pipe2(out, O_CLOEXEC) != 0) return;
    if (err == Stderr::Capture ? pipe2(errs, O_CLOEXEC) != 0
                               : (errs[1] = open("/dev/null", O_WRONLY | O_CLOEXEC)) < 0) {
        close(out[0]);
        close(out[1]);
        return;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, errs[1], STDERR_FILENO);

    std::vector<std::string> all = {PORTAL_SERVER_BINARY};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& arg : all) argv.push_back(arg.data());
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (char** var = environ; *var; ++var) {
        if (std::string_view(*var).rfind("PORTAL_", 0) != 0) envp.push_back(*var);
    }
    envp.push_back(nullptr);

    if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), envp.data()) != 0) {
        pid_ = -1;
    }
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    close(errs[1]);
    stdout_ = out[0];
    stderr_ = errs[0];
}

ServerProcess::~ServerProcess() {
    Kill();
    if (stdout_ >= 0) close(stdout_);
    if (stderr_ >= 0) close(stderr_);
}

std::optional<std::string> ServerProcess::ReadLine(std::chrono::milliseconds timeout) {
    std::string line;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd fd{stdout_, POLLIN, 0};
        if (poll(&fd, 1, 50) <= 0) continue;
        char c;
        if (read(stdout_, &c, 1) != 1) return std::nullopt;
        if (c == '\n') return line;
        line += c;
    }
    return std::nullopt;
}

int ServerProcess::WaitForPort(std::chrono::milliseconds timeout) {
    if (!Started()) return 0;
    std::optional<std::string> line = ReadLine(timeout);
    std::smatch match;
    if (!line ||
        !std::regex_match(*line, match, std::regex(R"(portal-server listening on .*:(\d+))"))) {
        return 0;
    }
    return std::stoi(match[1]);
}

std::string ServerProcess::ReadStderr() {
    std::string text;
    if (stderr_ < 0) return text;
    char buffer[4096];
    ssize_t n;
    while ((n = read(stderr_, buffer, sizeof buffer)) > 0) text.append(buffer, n);
    return text;
}

std::optional<int> ServerProcess::Wait(std::chrono::milliseconds timeout) {
    if (!Started()) return std::nullopt;  // waitpid(-1) would reap any child
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            exited_ = true;
            return status;
        }
        if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
        usleep(10 * 1000);
    }
}

void ServerProcess::Kill() {
    if (pid_ <= 0 || exited_) return;
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    exited_ = true;
}

}  // namespace portal::server::testing
