// portal-server: configuration, start, one "listening on" line on stdout, serve until SIGINT or
// SIGTERM, close the database, exit 0. Exit codes: 0 clean stop, 1 could not start, 2 bad config.
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "server/config.h"
#include "server/http_server.h"
#include "server/log.h"

namespace {

using portal::server::Config;
using portal::server::Logger;
using portal::server::LogLevel;
using portal::server::ParseOutcome;
using portal::server::Server;

int Serve(const Config& config, Logger& logger, const sigset_t& signals) {
    Server server(config, logger);
    std::string error;
    if (!server.Start(error)) {
        logger.Error("cannot start: " + error);
        return 1;
    }
    // Scripts and browser tests wait for this exact line and read the port from it.
    std::printf("portal-server listening on %s\n",
                portal::server::UrlFor(server.config().bind, server.Port()).c_str());
    std::fflush(stdout);
    logger.Info(std::string("portal-server ") + portal::server::ServerVersion() + " serving " +
                server.config().public_url);

    // Signals are blocked in every thread (see main), so they queue up for this one thread,
    // which may then do anything, Stop included, outside of a signal handler.
    std::atomic<bool> run_over{false};
    std::atomic<bool> signalled{false};
    std::thread waiter([&] {
        int signal = 0;
        sigwait(&signals, &signal);
        signalled = true;
        if (run_over) return;  // woken by main after Run ended on its own
        logger.Info(std::string("stopping on ") + (signal == SIGINT ? "SIGINT" : "SIGTERM"));
        server.Stop();
    });
    bool ok = server.Run();
    run_over = true;
    // Run ended on its own (socket failure): wake the waiter. Its id stays valid until join.
    if (!signalled) pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
    if (!ok) logger.Error("the listening socket failed");
    return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    // Before any thread exists, so that every thread inherits the mask.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    Config config;
    std::string error;
    std::vector<std::string> args(argv + 1, argv + argc);
    switch (portal::server::ParseConfig(args, portal::server::ProcessEnv, config, error)) {
        case ParseOutcome::Help:
            std::fputs(portal::server::ConfigUsage().c_str(), stdout);
            return 0;
        case ParseOutcome::Error:
            std::fprintf(stderr, "portal-server: %s\nTry 'portal-server --help'.\n", error.c_str());
            return 2;
        case ParseOutcome::Run:
            break;
    }
    LogLevel level = LogLevel::Info;
    portal::server::ParseLogLevel(config.log_level, level);
    Logger logger(level);

    int status = Serve(config, logger, signals);  // the server and its database close in there
    if (status == 0) logger.Info("stopped");
    return status;
}
