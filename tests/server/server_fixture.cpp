// ServerTest: temp dir + fake web root + a real Server on port 0, run in a thread.
#include "server_fixture.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>

namespace portal::server::testing {

TempDir::TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "portal-test-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

void WriteFile(const std::filesystem::path& path, const std::string& content) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out << content;
}

std::string RawRequest(int port, const std::string& request) {
    int sock = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval timeout{5, 0};
    setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    std::string answer;
    if (connect(sock, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
        send(sock, request.data(), request.size(), MSG_NOSIGNAL) ==
            static_cast<ssize_t>(request.size())) {
        char buffer[4096];
        ssize_t n;
        while ((n = recv(sock, buffer, sizeof buffer, 0)) > 0) answer.append(buffer, n);
    }
    close(sock);
    return answer;
}

std::unique_ptr<Logger> LogCapture::MakeLogger() {
    return std::make_unique<Logger>(LogLevel::Debug, [this](std::string_view line) {
        std::lock_guard lock(mutex);
        lines.emplace_back(line);
    });
}

std::vector<std::string> LogCapture::Lines() {
    std::lock_guard lock(mutex);
    return lines;
}

void ServerTest::SetUp() {
    std::filesystem::path web = dir_.path() / "web";
    WriteFile(web / "index.html", kIndexHtml);
    WriteFile(web / "app.js", kAppJs);
    WriteFile(web / "app.js.br", kAppJsBr);
    WriteFile(web / "app.js.gz", kAppJsGz);
    WriteFile(web / "app.wasm", std::string(kAppWasm, 9));
    config_.port = 0;
    std::string error;
    ASSERT_TRUE(database_.Create(dir_ / "portal.db", config_, error)) << error;
    config_.web_root = web.string();
    config_.assets_dir = PORTAL_TEST_ASSETS_DIR;
    config_.password_cost = PasswordCost::TestOnlyMinimum();
    logger_ = log_.MakeLogger();
    StartServer();
}

void ServerTest::TearDown() {
    StopServer();
}

void ServerTest::StartServer(const std::function<void(Server&)>& before_start) {
    ASSERT_FALSE(server_) << "server already running";
    server_ = std::make_unique<Server>(config_, *logger_);
    server_->SetClock([this] { return clock_.Now(); });
    if (before_start) before_start(*server_);
    std::string error;
    ASSERT_TRUE(server_->Start(error)) << error;
    ASSERT_GT(server_->Port(), 0);
    // Start has bound and listened: connections queue until Run accepts them, so the server
    // is ready as soon as Start returns. Stop is safe however early it comes.
    thread_ = std::thread([this] { server_->Run(); });
}

void ServerTest::StopServer() {
    if (!server_) return;
    server_->Stop();
    if (thread_.joinable()) thread_.join();
    server_.reset();
}

httplib::Client ServerTest::MakeClient() const {
    httplib::Client client("127.0.0.1", server_->Port());
    client.set_decompress(false);
    client.set_connection_timeout(5);
    client.set_read_timeout(5);
    return client;
}

}  // namespace portal::server::testing
