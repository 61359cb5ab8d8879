// The REST handlers' shared answers, request readers and authorisation checks.
#include "server/api_support.h"

#include <httplib.h>

#include <algorithm>
#include <cctype>

#include "api/model_json.h"
#include "server/api_store.h"
#include "server/audit_store.h"
#include "server/http_server.h"

namespace portal::server {

namespace {

// How long an operator's identical reads of an account make one audit entry. A page polls
// (the live status is a long poll of up to 25 s, again and again): one entry per read would
// bury the customer's log under the same line. The first read is written at once; the same
// operator reading the same thing again within the window adds nothing, so a page watched for
// an hour is one line a minute, and a read of anything else is a line of its own at once.
constexpr int64_t kSupportReadWindowSeconds = 60;
// Longer query strings are cut: the object is for people to read.
constexpr size_t kMaxAuditedRequestLine = 500;
// A full disk or a restarting database: long enough for an operator or a restart, short enough
// that a waiting client tries again soon.
constexpr int kStorageRetrySeconds = 30;

// "GET /api/v1/accounts/3/status?x=1": method, path and query as sent (percent-encoded),
// without a long poll's `since` and `wait` (how the client waits, not what it reads: every
// poll reads the same thing). Printable ASCII only: a byte a client sent raw is written %XX,
// so that the log always makes valid JSON.
std::string AuditedRequestLine(const Request& req) {
    const std::string& target = req.target;
    size_t mark = std::min(target.find('?'), target.size());
    std::string line = req.method + " " + target.substr(0, mark);
    std::string query;
    size_t begin = mark + 1;
    while (begin <= target.size()) {
        size_t end = std::min(target.find('&', begin), target.size());
        std::string pair = target.substr(begin, end - begin);
        std::string name = pair.substr(0, pair.find('='));
        if (!pair.empty() && name != "since" && name != "wait") {
            query += (query.empty() ? "?" : "&") + pair;
        }
        begin = end + 1;
    }
    line += query;
    std::string out;
    for (unsigned char c : line) {
        if (c > 0x20 && c < 0x7f) {
            out += static_cast<char>(c);
        } else if (c == ' ' && out.find(' ') == std::string::npos) {
            out += ' ';  // the one after the method
        } else {
            static constexpr char kHex[] = "0123456789ABCDEF";
            out += {'%', kHex[c >> 4], kHex[c & 15]};
        }
        if (out.size() >= kMaxAuditedRequestLine) break;
    }
    return out;
}

// An operator with no role in the account, reading: the vendor's support (issue 14).
bool IsSupportRead(const Caller& caller, Id account_id) {
    return caller.operator_ && caller.reading && account_id != 0 && !caller.CanRead(account_id);
}

// Lets the support read account_id for this request once the read is in its audit log; 404
// when there is no such account, 500 when the log cannot be written (no read unrecorded).
bool GrantSupportRead(const ApiContext& ctx, Response& res, Caller& caller, Id account_id) {
    AuditEntry entry;
    entry.account_id = account_id;
    entry.at = ctx.NowText();
    entry.user_id = caller.user_id;
    entry.action = "support.read";
    entry.object = caller.request;
    std::string since =
        FormatUtc(ctx.clock() - std::chrono::seconds(kSupportReadWindowSeconds - 1));
    bool exists = false;
    std::string error;
    if (!ctx.store.Write(
            [&](Store::Writer& w, std::string& e) {
                return AppendSupportRead(w, entry, since, exists, e);
            },
            error)) {
        ctx.SendInternal(res,
                         "support read of account " + std::to_string(account_id) + ": " + error);
        return false;
    }
    if (!exists) {
        SendNotFound(res);
        return false;
    }
    caller.accounts[account_id] = Role::ReadOnly;
    caller.support_reads.insert(account_id);
    return true;
}

}  // namespace

void SendJson(Response& res, int status, const api::Json& body) {
    res.status = status;
    res.set_content(body.dump(), kJsonContentType);
}

void SendError(Response& res, const api::ApiError& error) {
    res.status = error.status;
    res.set_content(api::ErrorEnvelopeJson(error), kJsonContentType);
}

void SendError(Response& res, int status, const std::string& code, const std::string& message) {
    api::ApiError error;
    error.status = status;
    error.code = code;
    error.message = message;
    SendError(res, error);
}

void SendFailure(Response& res) {
    if (StorageOutages() > 0) {
        res.set_header("Retry-After", std::to_string(kStorageRetrySeconds));
        SendError(res, 503, "storage_unavailable",
                  "The server's storage is full, failing or restarting. Nothing was changed; "
                  "try again in a minute.");
        return;
    }
    SendError(res, 500, "internal", "The server failed to handle the request");
}

void SendNotFound(Response& res) {
    // Fixed text: nothing in it depends on the id asked for or on whose it is.
    SendError(res, 404, "not_found", "There is no such object");
}

api::ApiError MakeError(int status, const std::string& code, const std::string& message,
                        const std::string& rule) {
    api::ApiError error;
    error.status = status;
    error.code = code;
    error.message = message;
    error.rule = rule;
    return error;
}

void SendRefused(Response& res, const api::ApiError& error) {
    if (error.status == 404) return SendNotFound(res);
    SendError(res, error);
}

void SendForbidden(Response& res, const std::string& message) {
    SendError(res, 403, "forbidden", message);
}

void SendFieldErrors(Response& res, const std::vector<api::FieldError>& fields) {
    api::ApiError error;
    error.status = 400;
    error.code = "invalid_fields";
    error.message = fields.size() == 1 ? "A field is missing or invalid: " + fields[0].field
                                       : "Some fields are missing or invalid";
    error.fields = fields;
    SendError(res, error);
}

void SendRefusal(Response& res, const Refusal& refusal, Language language) {
    api::ApiError error = api::RefusalToError(refusal, language);
    if (error.status == 404) return SendNotFound(res);
    SendError(res, error);
}

bool ReadJsonBody(const Request& req, Response& res, api::Json& out) {
    std::string error;
    if (!api::ParseJson(req.body, out, error)) {
        SendError(res, 400, "bad_json", "The body is not valid JSON: " + error);
        return false;
    }
    if (!out.is_object()) {
        SendFieldErrors(res, {{"", "the body must be a JSON object"}});
        return false;
    }
    return true;
}

bool ReadBodyId(const Request& req, Response& res, const char* field, Id& out, bool nullable) {
    api::Json body;
    if (!ReadJsonBody(req, res, body)) return false;
    out = 0;
    std::vector<api::FieldError> errors;
    if (nullable && !body.contains(field)) {
        errors.push_back({field, "is required (null for none)"});
    } else if (!(nullable && body[field].is_null())) {
        api::FieldReader reader(body, "", errors);
        long long id = 0;
        if (reader.Int64(field, id) && id <= 0) reader.Fail(field, "must be a positive id");
        out = id;
    }
    if (errors.empty()) return true;
    SendFieldErrors(res, errors);
    return false;
}

Id PathId(const Request& req, size_t n) {
    if (n >= req.matches.size()) return 0;
    std::string text = req.matches[n].str();
    if (text.empty() || text.size() > 18) return 0;
    Id id = 0;
    for (char c : text) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return 0;
        id = id * 10 + (c - '0');
    }
    return id;
}

std::string PathText(const Request& req, size_t n) {
    return n < req.matches.size() ? httplib::detail::decode_url(req.matches[n].str(), false)
                                  : std::string();
}

Language RequestLanguage(const Request& req) {
    std::string accept = req.get_header_value("Accept-Language");
    for (char& c : accept) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    // The first language listed is the preferred one in practice (browsers list in order).
    return accept.rfind("fr", 0) == 0 ? Language::French : Language::English;
}

std::string BearerToken(const Request& req) {
    std::string header = req.get_header_value("Authorization");
    size_t begin = header.find_first_not_of(' ');
    if (begin == std::string::npos) return "";
    size_t space = header.find(' ', begin);
    if (space == std::string::npos) return "";
    std::string scheme = header.substr(begin, space - begin);
    for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (scheme != "bearer") return "";
    size_t token = header.find_first_not_of(" \t", space);
    size_t end = header.find_last_not_of(" \t\r\n");
    return token == std::string::npos ? "" : header.substr(token, end - token + 1);
}

bool ReadWaitSeconds(const Request& req, Response& res, int max_seconds, int& out) {
    out = 0;
    if (!req.has_param("wait")) return true;
    std::string text = req.get_param_value("wait");
    bool digits =
        !text.empty() && text.size() <= 6 &&
        std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits) {
        SendFieldErrors(
            res, {{"wait", "must be a whole number of seconds, 0-" + std::to_string(max_seconds)}});
        return false;
    }
    out = std::min(std::stoi(text), max_seconds);
    return true;
}

int64_t ApiContext::Now() const {
    return std::chrono::duration_cast<std::chrono::seconds>(clock().time_since_epoch()).count();
}

Date ApiContext::Today() const {
    return UtcDate(clock());
}

std::string ApiContext::NowText() const {
    return FormatUtc(clock());
}

bool ApiContext::RequireCaller(const Request& req, Response& res, Caller& caller) const {
    if (!auth.Authenticate(req, res, caller)) return false;
    caller.reading = req.method == "GET" || req.method == "HEAD";
    caller.request = AuditedRequestLine(req);
    return true;
}

bool ApiContext::CheckAccount(Response& res, Caller& caller, Id account_id, Role need) const {
    if (need == Role::ReadOnly && IsSupportRead(caller, account_id)) {
        return GrantSupportRead(*this, res, caller, account_id);
    }
    if (account_id == 0 || !caller.CanRead(account_id)) {
        SendNotFound(res);
        return false;
    }
    if (need == Role::Admin && !caller.CanAdmin(account_id)) {
        SendForbidden(res, "Your role in this account is read-only (R-ACC-1)");
        return false;
    }
    return true;
}

bool ApiContext::RequireAccount(const Request& req, Response& res, Id account_id, Role need,
                                Caller& caller) const {
    return RequireCaller(req, res, caller) && CheckAccount(res, caller, account_id, need);
}

bool ApiContext::RequireAdminRead(const Request& req, Response& res, Id account_id,
                                  Caller& caller) const {
    if (!RequireCaller(req, res, caller)) return false;
    return CheckAccount(res, caller, account_id,
                        IsSupportRead(caller, account_id) ? Role::ReadOnly : Role::Admin);
}

bool ApiContext::RequireAdminOrOperator(const Request& req, Response& res, Id account_id,
                                        Caller& caller) const {
    if (!RequireCaller(req, res, caller)) return false;
    if (!caller.operator_) return CheckAccount(res, caller, account_id, Role::Admin);
    // An operator reading the settings of a customer is the support reading it: audited.
    if (IsSupportRead(caller, account_id)) {
        return GrantSupportRead(*this, res, caller, account_id);
    }
    std::vector<AccountRow> rows;
    std::string error;
    if (!ListAccounts(store, {account_id}, rows, error)) {
        SendInternal(res, "account " + std::to_string(account_id) + ": " + error);
        return false;
    }
    if (account_id == 0 || rows.empty()) {
        SendNotFound(res);
        return false;
    }
    return true;
}

bool ApiContext::RequireOperator(const Request& req, Response& res, Caller& caller) const {
    if (!RequireCaller(req, res, caller)) return false;
    if (!caller.operator_) {
        SendForbidden(res, "Only the vendor's operators may do this");
        return false;
    }
    return true;
}

bool ApiContext::RequireRoom(const Request& req, Response& res, Role need, Caller& caller,
                             Id& room_id, Id& account_id) const {
    if (!RequireCaller(req, res, caller)) return false;
    room_id = PathId(req, 1);
    account_id = 0;
    std::string error;
    if (room_id != 0 && !AccountOfRoom(store, room_id, account_id, error)) {
        SendInternal(res, "room lookup: " + error);
        return false;
    }
    return CheckAccount(res, caller, account_id, need);
}

void ApiContext::SendInternal(Response& res, const std::string& what) const {
    logger.Error(what);
    SendFailure(res);
}

void AddApiRoute(Server& server, const ApiContext& ctx, const char* method, const char* pattern,
                 ApiHandler handler) {
    server.AddRoute(method, pattern,
                    [&ctx, handler](const Request& req, Response& res) { handler(ctx, req, res); });
}

bool Audit(Store::Writer& w, const ApiContext& ctx, Id account_id, Id user_id,
           const std::string& action, const std::string& object, std::optional<api::Json> before,
           std::optional<api::Json> after, std::string& error) {
    AuditEntry entry;
    entry.account_id = account_id;
    entry.at = ctx.NowText();
    entry.user_id = user_id;
    entry.action = action;
    entry.object = object;
    entry.before = std::move(before);
    entry.after = std::move(after);
    return AppendAudit(w, entry, error);
}

std::string ObjectName(const char* kind, Id id) {
    return std::string(kind) + ":" + std::to_string(id);
}

}  // namespace portal::server
