// Slow and hostile clients (issue 19): the connection guard's rules (net/connection_guard.h) on
// their own, then against the real server: a slowloris crowd larger than the worker pool, a
// request head that never ends, a body that trickles, and JSON nested past any reason. Normal
// clients keep being answered throughout.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "api_fixture.h"
#include "server/net/connection_guard.h"
#include "server_fixture.h"

namespace portal::server {
namespace {

using Phase = GuardedConnection::Phase;
using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::ApiAnswer;
using testing::ApiClient;
using Clock = std::chrono::steady_clock;

GuardedConnection Connection(const std::string& address, Phase phase, Clock::duration age,
                             Clock::time_point now, uint64_t bytes = 0, uint64_t body = 0) {
    GuardedConnection c;
    c.address = address;
    c.phase = phase;
    c.since = now - age;
    c.bytes_in_phase = bytes;
    c.body_length = body;
    return c;
}

std::vector<size_t> Ended(const std::vector<GuardVerdict>& verdicts) {
    std::vector<size_t> indices;
    for (const GuardVerdict& verdict : verdicts) indices.push_back(verdict.index);
    std::sort(indices.begin(), indices.end());
    return indices;
}

TEST(ConnectionGuardRules, AHeadTooSlowOrTooLargeIsEndedAndAHandledRequestNever) {
    Clock::time_point now = Clock::now();
    SlowClientLimits limits;  // 10 s, 64 KiB
    std::vector<GuardedConnection> connections{
        Connection("10.0.0.1", Phase::Head, seconds(11), now),            // too slow
        Connection("10.0.0.2", Phase::Head, seconds(2), now, 70 * 1024),  // too large
        Connection("10.0.0.3", Phase::Head, seconds(9), now, 1000),       // within both
        Connection("10.0.0.4", Phase::Handling, seconds(600), now),       // a long poll
    };
    std::vector<GuardVerdict> verdicts = ConnectionsToEnd(connections, limits, now);
    EXPECT_EQ(Ended(verdicts), (std::vector<size_t>{0, 1}));
    EXPECT_NE(verdicts[0].reason.find("10 s"), std::string::npos) << verdicts[0].reason;
}

TEST(ConnectionGuardRules, ABodyHasTheGracePlusItsLengthAtTheMinimumRate) {
    Clock::time_point now = Clock::now();
    SlowClientLimits limits;      // 10 s grace, 16 KiB/s
    uint64_t ten_mib = 10 << 20;  // 640 s at 16 KiB/s, plus 10
    std::vector<GuardedConnection> connections{
        Connection("10.0.0.1", Phase::Body, seconds(649), now, 0, ten_mib),
        Connection("10.0.0.1", Phase::Body, seconds(651), now, 0, ten_mib),
        Connection("10.0.0.2", Phase::Body, seconds(11), now, 0, 100),
    };
    EXPECT_EQ(Ended(ConnectionsToEnd(connections, limits, now)), (std::vector<size_t>{1, 2}));
}

TEST(ConnectionGuardRules, UnderPressureTheOldestSlowReadersGoFirstAndFreshOnesStay) {
    Clock::time_point now = Clock::now();
    SlowClientLimits limits;
    limits.max_slow_readers = 3;
    limits.max_slow_readers_per_address = 100;
    std::vector<GuardedConnection> connections;
    for (int i = 0; i < 6; ++i) {
        // Ages 6 s, 5 s ... 1 s, each from its own address.
        connections.push_back(
            Connection("10.0.1." + std::to_string(i), Phase::Head, seconds(6 - i), now));
    }
    connections.push_back(Connection("10.0.2.1", Phase::Head, milliseconds(5), now));  // fresh
    EXPECT_EQ(Ended(ConnectionsToEnd(connections, limits, now)), (std::vector<size_t>{0, 1, 2}));
}

TEST(ConnectionGuardRules, OneAddressHoldsAtMostItsShareUnlessItIsATrustedBalancer) {
    Clock::time_point now = Clock::now();
    SlowClientLimits limits;
    limits.max_slow_readers_per_address = 2;
    limits.trusted_addresses = {"10.9.9.9"};
    std::vector<GuardedConnection> connections;
    for (int i = 0; i < 4; ++i) {
        connections.push_back(Connection("10.0.0.7", Phase::Head, seconds(5 - i), now));
    }
    for (int i = 0; i < 4; ++i) {
        connections.push_back(Connection("10.9.9.9", Phase::Head, seconds(5 - i), now));
    }
    EXPECT_EQ(Ended(ConnectionsToEnd(connections, limits, now)), (std::vector<size_t>{0, 1}));
}

// A TCP connection to the server; -1 on failure.
int Connect(int port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

bool SendAll(int fd, const std::string& bytes) {
    return send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
}

// True once the server has closed fd (end of file or reset) within timeout.
bool ClosedByServer(int fd, milliseconds timeout) {
    auto deadline = Clock::now() + timeout;
    char buffer[4096];
    while (Clock::now() < deadline) {
        pollfd ready{fd, POLLIN, 0};
        if (poll(&ready, 1, 50) <= 0) continue;
        ssize_t n = recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) return true;
    }
    return false;
}

class SlowClientsTest : public testing::ApiTest {
  protected:
    void SetUp() override {
        config_.request_seconds = 2;
        ApiTest::SetUp();
    }

    // A normal client's health check: true when answered 200 within timeout.
    bool HealthAnswered(seconds timeout) {
        httplib::Client client("127.0.0.1", server_->Port());
        client.set_connection_timeout(timeout);
        client.set_read_timeout(timeout);
        auto answer = client.Get("/api/v1/health");
        return answer && answer->status == 200;
    }
};

TEST_F(SlowClientsTest, ASlowlorisCrowdLargerThanThePoolDoesNotStopOthersBeingAnswered) {
    // 150 connections, more than the 64 workers, each sending its headers a byte at a time.
    std::vector<int> slow;
    for (int i = 0; i < 150; ++i) {
        int fd = Connect(server_->Port());
        ASSERT_GE(fd, 0);
        ASSERT_TRUE(SendAll(fd, "GET /api/v1/health HTTP/1.1\r\nHost: portal\r\nX-Slow: "));
        slow.push_back(fd);
    }
    std::atomic<bool> stop{false};
    std::thread trickle([&] {
        while (!stop) {
            for (int fd : slow) SendAll(fd, "a");
            std::this_thread::sleep_for(milliseconds(300));
        }
    });
    std::this_thread::sleep_for(milliseconds(1500));
    // Without the guard this waits until the crowd gives up: all workers are reading it.
    for (int i = 0; i < 5; ++i) EXPECT_TRUE(HealthAnswered(seconds(3))) << "request " << i;
    // After the head deadline (2 s here) every one of them has been ended.
    int closed = 0;
    for (int fd : slow) closed += ClosedByServer(fd, milliseconds(4000)) ? 1 : 0;
    stop = true;
    trickle.join();
    for (int fd : slow) close(fd);
    EXPECT_EQ(closed, 150);
    EXPECT_TRUE(HealthAnswered(seconds(3)));
}

TEST_F(SlowClientsTest, AHeadThatNeverEndsIsCutOffAtItsByteLimit) {
    int fd = Connect(server_->Port());
    ASSERT_GE(fd, 0);
    ASSERT_TRUE(SendAll(fd, "GET /api/v1/health HTTP/1.1\r\nHost: portal\r\n"));
    std::string header = "X-Filler: " + std::string(1000, 'f') + "\r\n";
    bool cut = false;
    auto deadline = Clock::now() + seconds(10);
    for (int i = 0; !cut && Clock::now() < deadline; ++i) {
        cut = !SendAll(fd, header);
        if (i % 64 == 0) std::this_thread::sleep_for(milliseconds(1));
    }
    EXPECT_TRUE(cut || ClosedByServer(fd, milliseconds(2000)));
    close(fd);
    EXPECT_TRUE(HealthAnswered(seconds(3)));
}

TEST_F(SlowClientsTest, ABodyThatTricklesIsEndedAfterTheGrace) {
    ApiClient anne = SignInAs(testing::kAnne);
    int fd = Connect(server_->Port());
    ASSERT_GE(fd, 0);
    std::string body = R"({"name": "Salle lente", "site": "Lyon", "country": "FR"})";
    ASSERT_TRUE(SendAll(fd, "POST " + Account(NorthwindHq(), "/rooms") +
                                " HTTP/1.1\r\nHost: portal\r\nX-Requested-With: portal\r\n"
                                "Content-Type: application/json\r\nCookie: " +
                                anne.cookie() +
                                "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n"));
    auto started = Clock::now();
    bool closed = false;
    for (size_t i = 0; i + 1 < body.size() && !closed; ++i) {
        closed = !SendAll(fd, body.substr(i, 1));
        pollfd ready{fd, POLLIN, 0};
        if (poll(&ready, 1, 400) > 0) closed = true;
    }
    EXPECT_TRUE(closed || ClosedByServer(fd, milliseconds(3000)));
    EXPECT_LT(Clock::now() - started, seconds(8));  // 2 s of grace and 56 bytes at 16 KiB/s
    close(fd);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM rooms WHERE name = 'Salle lente'"), 0);
}

TEST_F(SlowClientsTest, JsonNestedPastAnyReasonIsRefusedWith400) {
    ApiClient anne = SignInAs(testing::kAnne);
    std::string deep = std::string(100000, '[') + std::string(100000, ']');
    ApiAnswer answer = anne.PostText(Account(NorthwindHq(), "/rooms"), R"({"name": )" + deep + "}",
                                     "application/json");
    EXPECT_EQ(answer.status, 400) << answer.body;
    EXPECT_EQ(answer.ErrorCode(), "bad_json");
    EXPECT_NE(answer.body.find("nested deeper than 64 levels"), std::string::npos);
    // 64 levels still parse (and are then refused for what they are).
    std::string ok = std::string(63, '[') + std::string(63, ']');
    answer = anne.PostText(Account(NorthwindHq(), "/rooms"), R"({"name": )" + ok + "}",
                           "application/json");
    EXPECT_EQ(answer.status, 400);
    EXPECT_EQ(answer.ErrorCode(), "invalid_fields") << answer.body;
}

}  // namespace
}  // namespace portal::server
