// A ServiceNow instance for tests: a real cpp-httplib server on 127.0.0.1 (any free port, its
// own thread) that answers like the Table API for table incident (create, query by encoded
// query, read, patch), with basic authentication and OAuth client credentials
// (/oauth_token.do), ServiceNow's error envelopes, and injected faults: 5xx, 429 with
// Retry-After, a slow instance, and an answer that never arrives although the incident was
// created.
#pragma once

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace portal::server::testing {

class ServiceNowFake {
  public:
    struct Options {
        std::string user = "portal.integration";
        std::string password = "s3cret-Passw0rd";
        std::string client_id = "portal-client-id";
        std::string client_secret = "portal-client-secret";
        long token_expires_in = 1800;  // seconds, as /oauth_token.do says it
        // How long a dropped answer is held back (the client has given up long before).
        std::chrono::milliseconds drop_hold = std::chrono::milliseconds(3000);
    };

    // A record as the Table API shows it: every field a string.
    using Incident = std::map<std::string, std::string>;

    struct Request {
        std::string method;
        std::string path;
        // Query parameters, and the form fields of a token request.
        std::map<std::string, std::string> params;
        std::string body;
        std::string auth;  // "basic", "bearer" or "none": what the request carried
        int status = 0;    // what the fake answered; 0 while the answer is being made
    };

    ServiceNowFake();
    explicit ServiceNowFake(Options options);
    ~ServiceNowFake();
    ServiceNowFake(const ServiceNowFake&) = delete;
    ServiceNowFake& operator=(const ServiceNowFake&) = delete;

    // "http://127.0.0.1:<port>": the instance URL.
    std::string Url() const;
    int Port() const { return port_; }
    const Options& options() const { return options_; }

    // Inspection, thread-safe (copies).
    std::vector<Incident> Incidents() const;  // in creation order
    std::optional<Incident> Find(const std::string& sys_id) const;
    int RequestCount(const std::string& method) const;  // "GET", "POST", "PATCH"
    std::vector<Request> Requests() const;
    int TokensIssued() const;
    // The first incident whose field equals value, with when the fake created it (steady clock,
    // taken as it was stored): for scripts/bench-alerts, which times batch -> incident.
    struct Created {
        Incident incident;
        std::chrono::steady_clock::time_point at;
    };
    std::optional<Created> FindCreated(const std::string& field, const std::string& value) const;

    // Fault injection; each applies to the next requests of any kind, before authentication
    // (as a load balancer or the instance's rate limiter would answer).
    // The next count requests are answered status (e.g. 503) with ServiceNow's error envelope.
    void FailNext(int count, int status);
    // The next count requests are answered 429 with Retry-After: retry_after_seconds.
    void RateLimitNext(int count, int retry_after_seconds);
    // The next incident creation happens, but its answer is held back for options.drop_hold
    // (cut short when the fake stops), so that the client times out without seeing it.
    void DropAnswerAfterCreateNext();
    // The next count requests (of method, when not empty) wait delay before the instance
    // handles them (a slow instance; cut short when the fake stops): nothing is looked up or
    // created until then.
    void DelayNext(int count, std::chrono::milliseconds delay, const std::string& method = "");

    // Changes an incident behind the client's back (a person resolving or closing it).
    void SetField(const std::string& sys_id, const std::string& field, const std::string& value);
    // Every token issued so far is revoked: the next bearer request is answered 401.
    void RevokeTokens();

  private:
    void Routes();
    // Waits out an injected delay, if one is due for a request of method.
    void Delay(const std::string& method);
    // The fault to answer instead of the request, if any; true when res was filled.
    bool Fault(httplib::Response& res);
    // Whether req carries valid credentials; fills a 401 otherwise.
    bool Authorized(const httplib::Request& req, httplib::Response& res);
    std::string RandomHex(size_t digits);  // under mutex_
    static Request Describe(const httplib::Request& req);
    size_t Record(const httplib::Request& req);  // its index in requests_

    Options options_;
    httplib::Server server_;
    std::thread thread_;
    int port_ = 0;

    mutable std::mutex mutex_;
    std::condition_variable stopping_cv_;
    bool stopping_ = false;
    std::vector<Incident> incidents_;
    std::vector<std::chrono::steady_clock::time_point> created_at_;  // beside incidents_
    int next_number_ = 10001;
    std::vector<Request> requests_;
    std::set<std::string> tokens_;
    int tokens_issued_ = 0;
    int fail_count_ = 0;
    int fail_status_ = 0;
    int limit_count_ = 0;
    int limit_retry_after_ = 0;
    bool drop_next_create_ = false;
    int delay_count_ = 0;
    std::chrono::milliseconds delay_{0};
    std::string delay_method_;
    std::mt19937_64 random_{std::random_device{}()};
};

}  // namespace portal::server::testing
