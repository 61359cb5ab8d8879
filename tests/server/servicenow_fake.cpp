// The ServiceNow fake of servicenow_fake.h: routes, records, credentials and injected faults.
#include "servicenow_fake.h"

#include <ctime>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

namespace portal::server::testing {
namespace {

using Json = nlohmann::json;

std::string Base64(const std::string& text) {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    size_t i = 0;
    for (; i + 2 < text.size(); i += 3) {
        unsigned n = (static_cast<unsigned char>(text[i]) << 16) |
                     (static_cast<unsigned char>(text[i + 1]) << 8) |
                     static_cast<unsigned char>(text[i + 2]);
        for (int shift : {18, 12, 6, 0}) out += kAlphabet[(n >> shift) & 63];
    }
    if (i < text.size()) {
        unsigned n = static_cast<unsigned char>(text[i]) << 16;
        if (i + 1 < text.size()) n |= static_cast<unsigned char>(text[i + 1]) << 8;
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += i + 1 < text.size() ? kAlphabet[(n >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

// ServiceNow's error envelope.
void Error(httplib::Response& res, int status, const std::string& message,
           const std::string& detail) {
    res.status = status;
    Json body = {{"error", {{"message", message}, {"detail", detail}}}, {"status", "failure"}};
    res.set_content(body.dump(), "application/json");
}

void Answer(httplib::Response& res, int status, const Json& body) {
    res.status = status;
    res.set_content(body.dump(), "application/json");
}

Json ToJson(const ServiceNowFake::Incident& incident) {
    Json out = Json::object();
    for (const auto& [key, value] : incident) out[key] = value;
    return out;
}

// The Table API stores every field as text.
std::string FieldText(const Json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_null()) return "";
    return value.dump();
}

std::string Now() {
    std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &utc);
    return text;
}

// "a=1^b=2^ORDERBYx": the equality conditions; ordering terms do not matter for one match.
bool Matches(const ServiceNowFake::Incident& incident, const std::string& query) {
    std::stringstream terms(query);
    std::string term;
    while (std::getline(terms, term, '^')) {
        if (term.empty() || term.rfind("ORDERBY", 0) == 0) continue;
        size_t equals = term.find('=');
        if (equals == std::string::npos) continue;
        std::string field = term.substr(0, equals);
        std::string value = term.substr(equals + 1);
        auto it = incident.find(field);
        if ((it == incident.end() ? std::string() : it->second) != value) return false;
    }
    return true;
}

Json Project(const ServiceNowFake::Incident& incident, const std::string& fields) {
    if (fields.empty()) return ToJson(incident);
    Json out = Json::object();
    std::stringstream names(fields);
    std::string name;
    while (std::getline(names, name, ',')) {
        auto it = incident.find(name);
        out[name] = it == incident.end() ? "" : it->second;
    }
    return out;
}

}  // namespace

ServiceNowFake::ServiceNowFake() : ServiceNowFake(Options{}) {}

ServiceNowFake::ServiceNowFake(Options options) : options_(std::move(options)) {
    server_.set_tcp_nodelay(true);
    Routes();
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("ServiceNowFake: cannot bind a port");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // stop() does nothing until the loop runs: wait for it, or the destructor could hang.
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

ServiceNowFake::~ServiceNowFake() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    stopping_cv_.notify_all();
    server_.stop();
    thread_.join();
}

std::string ServiceNowFake::Url() const {
    return "http://127.0.0.1:" + std::to_string(port_);
}

std::vector<ServiceNowFake::Incident> ServiceNowFake::Incidents() const {
    std::lock_guard lock(mutex_);
    return incidents_;
}

std::optional<ServiceNowFake::Incident> ServiceNowFake::Find(const std::string& sys_id) const {
    std::lock_guard lock(mutex_);
    for (const Incident& incident : incidents_) {
        if (incident.at("sys_id") == sys_id) return incident;
    }
    return std::nullopt;
}

int ServiceNowFake::RequestCount(const std::string& method) const {
    std::lock_guard lock(mutex_);
    int count = 0;
    for (const Request& request : requests_) count += request.method == method ? 1 : 0;
    return count;
}

std::vector<ServiceNowFake::Request> ServiceNowFake::Requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
}

int ServiceNowFake::TokensIssued() const {
    std::lock_guard lock(mutex_);
    return tokens_issued_;
}

std::optional<ServiceNowFake::Created> ServiceNowFake::FindCreated(const std::string& field,
                                                                   const std::string& value) const {
    std::lock_guard lock(mutex_);
    for (size_t i = 0; i < incidents_.size(); ++i) {
        auto it = incidents_[i].find(field);
        if (it != incidents_[i].end() && it->second == value) {
            return Created{incidents_[i], created_at_[i]};
        }
    }
    return std::nullopt;
}

void ServiceNowFake::FailNext(int count, int status) {
    std::lock_guard lock(mutex_);
    fail_count_ = count;
    fail_status_ = status;
}

void ServiceNowFake::RateLimitNext(int count, int retry_after_seconds) {
    std::lock_guard lock(mutex_);
    limit_count_ = count;
    limit_retry_after_ = retry_after_seconds;
}

void ServiceNowFake::DropAnswerAfterCreateNext() {
    std::lock_guard lock(mutex_);
    drop_next_create_ = true;
}

void ServiceNowFake::DelayNext(int count, std::chrono::milliseconds delay,
                               const std::string& method) {
    std::lock_guard lock(mutex_);
    delay_count_ = count;
    delay_ = delay;
    delay_method_ = method;
}

void ServiceNowFake::Delay(const std::string& method) {
    std::unique_lock lock(mutex_);
    if (delay_count_ <= 0 || (!delay_method_.empty() && delay_method_ != method)) return;
    --delay_count_;
    stopping_cv_.wait_for(lock, delay_, [this] { return stopping_; });
}

void ServiceNowFake::SetField(const std::string& sys_id, const std::string& field,
                              const std::string& value) {
    std::lock_guard lock(mutex_);
    for (Incident& incident : incidents_) {
        if (incident.at("sys_id") == sys_id) incident[field] = value;
    }
}

void ServiceNowFake::RevokeTokens() {
    std::lock_guard lock(mutex_);
    tokens_.clear();
}

std::string ServiceNowFake::RandomHex(size_t digits) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    while (out.size() < digits) out += kHex[random_() & 15];
    return out;
}

bool ServiceNowFake::Fault(httplib::Response& res) {
    std::lock_guard lock(mutex_);
    if (fail_count_ > 0) {
        --fail_count_;
        Error(res, fail_status_, "Injected failure", "ServiceNowFake::FailNext");
        return true;
    }
    if (limit_count_ > 0) {
        --limit_count_;
        Error(res, 429, "Rate limit exceeded", "ServiceNowFake::RateLimitNext");
        res.set_header("Retry-After", std::to_string(limit_retry_after_));
        return true;
    }
    return false;
}

bool ServiceNowFake::Authorized(const httplib::Request& req, httplib::Response& res) {
    std::string header = req.get_header_value("Authorization");
    bool ok = false;
    if (header.rfind("Basic ", 0) == 0) {
        ok = header.substr(6) == Base64(options_.user + ":" + options_.password);
    } else if (header.rfind("Bearer ", 0) == 0) {
        std::lock_guard lock(mutex_);
        ok = tokens_.count(header.substr(7)) > 0;
    }
    if (!ok) {
        // What an instance answers, whatever was wrong with the credentials.
        Error(res, 401, "User Not Authenticated", "Required to provide Auth information");
        res.set_header("WWW-Authenticate", "BASIC realm=\"Service-now\"");
    }
    return ok;
}

ServiceNowFake::Request ServiceNowFake::Describe(const httplib::Request& req) {
    Request request;
    request.method = req.method;
    request.path = req.path;
    for (const auto& [key, value] : req.params) request.params[key] = value;
    if (req.get_header_value("Content-Type").rfind("application/x-www-form-urlencoded", 0) == 0) {
        httplib::Params form;
        httplib::detail::parse_query_text(req.body, form);
        for (const auto& [key, value] : form) request.params[key] = value;
    }
    request.body = req.body;
    std::string auth = req.get_header_value("Authorization");
    request.auth = auth.rfind("Basic ", 0) == 0    ? "basic"
                   : auth.rfind("Bearer ", 0) == 0 ? "bearer"
                                                   : "none";
    return request;
}

size_t ServiceNowFake::Record(const httplib::Request& req) {
    Request request = Describe(req);
    std::lock_guard lock(mutex_);
    requests_.push_back(std::move(request));
    return requests_.size() - 1;
}

void ServiceNowFake::Routes() {
    // Every request is logged as its handler starts, so that one whose answer is held back is
    // seen at once, and its status is filled in before the answer is written, so that a client
    // that has its answer finds it in the log.
    auto logged = [this](auto handler) {
        return [this, handler](const httplib::Request& req, httplib::Response& res) {
            size_t index = Record(req);
            handler(req, res);
            std::lock_guard lock(mutex_);
            requests_[index].status = res.status;
        };
    };
    // The Table API's prelude: faults, credentials, the table.
    auto guarded = [this, logged](auto handler) {
        return logged([this, handler](const httplib::Request& req, httplib::Response& res) {
            Delay(req.method);
            if (Fault(res) || !Authorized(req, res)) return;
            if (req.matches[1] != "incident") {
                Error(res, 400, "Invalid table " + std::string(req.matches[1]), "");
                return;
            }
            handler(req, res);
        });
    };

    auto grant = [this](const httplib::Request& req, httplib::Response& res) {
        Delay(req.method);
        if (Fault(res)) return;
        httplib::Params form;
        httplib::detail::parse_query_text(req.body, form);
        auto field = [&](const char* name) {
            auto it = form.find(name);
            return it == form.end() ? std::string() : it->second;
        };
        if (field("grant_type") != "client_credentials") {
            Answer(res, 400, {{"error", "unsupported_grant_type"}});
            return;
        }
        if (field("client_id") != options_.client_id ||
            field("client_secret") != options_.client_secret) {
            Answer(res, 401, {{"error_description", "access_denied"}, {"error", "server_error"}});
            return;
        }
        std::string token;
        {
            std::lock_guard lock(mutex_);
            token = RandomHex(64);
            tokens_.insert(token);
            ++tokens_issued_;
        }
        Answer(res, 200,
               {{"access_token", token},
                {"scope", "useraccount"},
                {"token_type", "Bearer"},
                {"expires_in", options_.token_expires_in}});
    };

    auto query = [this](const httplib::Request& req, httplib::Response& res) {
        std::string conditions = req.get_param_value("sysparm_query");
        std::string fields = req.get_param_value("sysparm_fields");
        std::string limit_text = req.get_param_value("sysparm_limit");
        long limit = limit_text.empty() ? 10000 : std::strtol(limit_text.c_str(), nullptr, 10);
        Json rows = Json::array();
        std::lock_guard lock(mutex_);
        for (const Incident& incident : incidents_) {
            if (static_cast<long>(rows.size()) >= limit) break;
            if (Matches(incident, conditions)) rows.push_back(Project(incident, fields));
        }
        Answer(res, 200, {{"result", rows}});
    };

    auto create = [this](const httplib::Request& req, httplib::Response& res) {
        Json body = Json::parse(req.body, nullptr, false);
        if (body.is_discarded() || !body.is_object()) {
            Error(res, 400, "Exception while reading request", "The payload is not valid JSON.");
            return;
        }
        Incident incident;
        for (auto it = body.begin(); it != body.end(); ++it) {
            incident[it.key()] = FieldText(it.value());
        }
        bool drop = false;
        {
            std::lock_guard lock(mutex_);
            incident["sys_id"] = RandomHex(32);
            char number[16];
            std::snprintf(number, sizeof number, "INC%07d", next_number_++);
            incident["number"] = number;
            if (incident["state"].empty()) incident["state"] = "1";
            incident["active"] = "true";
            incident["sys_created_on"] = Now();
            incidents_.push_back(incident);
            created_at_.push_back(std::chrono::steady_clock::now());
            drop = drop_next_create_;
            drop_next_create_ = false;
        }
        if (drop) {
            // Created, and the answer comes only after the client has given up.
            std::unique_lock lock(mutex_);
            stopping_cv_.wait_for(lock, options_.drop_hold, [this] { return stopping_; });
        }
        res.set_header("Location", Url() + "/api/now/table/incident/" + incident["sys_id"]);
        Answer(res, 201, {{"result", ToJson(incident)}});
    };

    auto read = [this](const httplib::Request& req, httplib::Response& res) {
        std::lock_guard lock(mutex_);
        for (const Incident& incident : incidents_) {
            if (incident.at("sys_id") != req.matches[2]) continue;
            Answer(res, 200,
                   {{"result", Project(incident, req.get_param_value("sysparm_fields"))}});
            return;
        }
        Error(res, 404, "No Record found",
              "Record doesn't exist or ACL restricts the record retrieval");
    };

    auto update = [this](const httplib::Request& req, httplib::Response& res) {
        Json body = Json::parse(req.body, nullptr, false);
        if (body.is_discarded() || !body.is_object()) {
            Error(res, 400, "Exception while reading request", "The payload is not valid JSON.");
            return;
        }
        std::lock_guard lock(mutex_);
        for (Incident& incident : incidents_) {
            if (incident.at("sys_id") != req.matches[2]) continue;
            for (auto it = body.begin(); it != body.end(); ++it) {
                if (it.key() != "sys_id" && it.key() != "number") {
                    incident[it.key()] = FieldText(it.value());
                }
            }
            Answer(res, 200, {{"result", ToJson(incident)}});
            return;
        }
        Error(res, 404, "No Record found",
              "Record doesn't exist or ACL restricts the record retrieval");
    };

    // Anything else, as an instance answers it.
    auto unknown = [](const httplib::Request&, httplib::Response& res) {
        Error(res, 400, "Requested URI does not represent any resource", "");
    };

    const std::string table = R"(/api/now/table/([A-Za-z0-9_]+))";
    const std::string record = table + R"(/([A-Za-z0-9]+))";
    server_.Post("/oauth_token.do", logged(grant));
    server_.Get(table, guarded(query));
    server_.Post(table, guarded(create));
    server_.Get(record, guarded(read));
    server_.Patch(record, guarded(update));
    server_.Put(record, guarded(update));
    // Registered last: cpp-httplib tries patterns in order.
    server_.Get(".*", logged(unknown));
    server_.Post(".*", logged(unknown));
    server_.Patch(".*", logged(unknown));
    server_.Put(".*", logged(unknown));
    server_.Delete(".*", logged(unknown));
}

}  // namespace portal::server::testing
