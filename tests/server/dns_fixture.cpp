// The dnsmasq fixture of dns_fixture.h: writes the records to a conf file, runs dnsmasq in the
// foreground, and asks it (with LookupTxt itself) until it answers.
#include "dns_fixture.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "server_fixture.h"
#include "smtp_sink.h"

extern char** environ;

namespace portal::server::testing {

namespace {

// Debian's path (dnsmasq-base); PATH may not hold /usr/sbin for a non-root user.
constexpr const char* kDnsmasq = "/usr/sbin/dnsmasq";

// A string in dnsmasq's conf-file syntax: quoted, so that commas and '#' are plain characters.
std::string Quoted(const std::string& value) {
    std::string out = "\"";
    for (char c : value) {
        switch (c) {
            case '\\':
                out += "\\\\";
                break;
            case '"':
                out += "\\\"";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                out += c;
        }
    }
    return out + "\"";
}

}  // namespace

DnsServer::DnsServer(std::string listen_address) : listen_address_(std::move(listen_address)) {}

DnsServer::~DnsServer() {
    Stop();
}

void DnsServer::Start() {
    if (pid_ > 0) return;
    ASSERT_EQ(access(kDnsmasq, X_OK), 0)
        << kDnsmasq << " is missing: install Debian's dnsmasq-base "
        << "(apt-get install dnsmasq-base; scripts/setup does it)";
    if (!dir_) dir_ = std::make_unique<TempDir>();
    // FreePort's port may be taken by someone else a moment later: try a few.
    std::string failure;
    for (int attempt = 0; attempt < 3; ++attempt) {
        port_ = FreePort();
        if (Spawn(failure)) return;
    }
    FAIL() << failure;
}

void DnsServer::Stop() {
    Kill();
    dir_.reset();
}

void DnsServer::SetTxt(const std::string& name, const std::string& value) {
    SetTxtStrings(name, {value});
}

void DnsServer::SetTxtStrings(const std::string& name, const std::vector<std::string>& strings) {
    records_.push_back({"txt-record", name, strings});
    Restart();
}

void DnsServer::SetA(const std::string& name, const std::string& ipv4) {
    records_.push_back({"host-record", name, {ipv4}});
    Restart();
}

void DnsServer::ClearTxt() {
    std::erase_if(records_, [](const Record& record) { return record.type == "txt-record"; });
    Restart();
}

void DnsServer::ClearTxt(const std::string& name) {
    std::erase_if(records_, [&](const Record& record) {
        return record.type == "txt-record" && record.name == name;
    });
    Restart();
}

std::string DnsServer::ServersText() const {
    bool ipv6 = listen_address_.find(':') != std::string::npos;
    return (ipv6 ? "[" + listen_address_ + "]" : listen_address_) + ":" + std::to_string(port_);
}

std::vector<sso::DnsServer> DnsServer::Servers() const {
    sso::DnsServer server;
    server.address = listen_address_;
    server.port = port_;
    return {server};
}

void DnsServer::Restart() {
    if (pid_ <= 0) {
        Start();
        return;
    }
    Kill();
    std::string failure;
    // The same port: the server under test was configured with it.
    if (!Spawn(failure)) FAIL() << failure;
}

bool DnsServer::Spawn(std::string& failure) {
    std::string conf = *dir_ / "dnsmasq.conf";
    std::string log = *dir_ / "dnsmasq.log";
    {
        std::ofstream out(conf, std::ios::trunc);
        for (const Record& record : records_) {
            out << record.type << "=" << record.name;
            for (const std::string& value : record.values) {
                out << "," << (record.type == "txt-record" ? Quoted(value) : value);
            }
            out << "\n";
        }
        if (!out) {
            failure = "cannot write " + conf;
            return false;
        }
    }
    std::vector<std::string> args = {
        kDnsmasq,
        "--keep-in-foreground",
        "--no-resolv",  // no upstream servers: it answers from its records only
        "--no-hosts",
        "--local=/#/",  // every name is local: unknown ones are NXDOMAIN, never forwarded
        "--bind-interfaces",
        "--listen-address=" + listen_address_,
        "--port=" + std::to_string(port_),
        "--conf-file=" + conf,
        "--pid-file=",  // none
        "--cache-size=0",
        "--log-facility=-",  // stderr, into the log file read on failure
    };
    // As root dnsmasq would drop to nobody; staying root keeps it able to read its files.
    if (geteuid() == 0) args.push_back("--user=root");
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    int spawned = posix_spawn(&pid_, kDnsmasq, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
        pid_ = 0;
        failure = std::string("cannot run ") + kDnsmasq + ": " + std::strerror(spawned);
        return false;
    }

    // Ready once it answers anything (NXDOMAIN here); until it binds, the port refuses at once.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = 0;
            failure = "dnsmasq exited at start on port " + std::to_string(port_) + ":\n" + Log();
            return false;
        }
        sso::TxtLookup probe = sso::LookupTxt("probe.dns-fixture.invalid", Servers());
        if (probe.outcome != sso::TxtLookup::Outcome::Failed) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    Kill();
    failure = "dnsmasq did not answer on port " + std::to_string(port_) + " within 5 s:\n" + Log();
    return false;
}

void DnsServer::Kill() {
    if (pid_ > 0) {
        kill(pid_, SIGTERM);
        waitpid(pid_, nullptr, 0);
        pid_ = 0;
    }
}

std::string DnsServer::Log() const {
    std::ifstream in(*dir_ / "dnsmasq.log");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace portal::server::testing
