// Routes of the mail outbox (operators only): GET /api/v1/outbox[?status=pending|all][&limit=N]
// lists the queued mails, newest first, so that an operator sees what was sent, what waits and
// why a delivery fails; without SMTP configured it is where the mails are read. Each mail:
// {id, kind, accountId, from, to, subject, body, language, createdAt, attempts, nextAttemptAt,
// sentAt, lastError}; times are 'YYYY-MM-DDTHH:MM:SSZ' or null (nextAttemptAt once sent,
// sentAt until then, lastError while no attempt failed).
#include <httplib.h>

#include <chrono>

#include "server/api_support.h"
#include "server/http_server.h"
#include "server/mail.h"
#include "server/store.h"

namespace portal::server {

namespace {

constexpr int kDefaultLimit = 100;
constexpr int kMaxLimit = 1000;

api::Json OptionalTime(int64_t seconds) {
    if (seconds == 0) return nullptr;
    return FormatUtc(std::chrono::system_clock::time_point(std::chrono::seconds(seconds)));
}

const char* LanguageText(Language language) {
    return language == Language::French ? "fr" : "en";
}

api::Json MailToJson(const MailMessage& mail) {
    return {
        {"id", mail.id},
        {"kind", mail.kind},
        {"accountId", mail.account_id == 0 ? api::Json(nullptr) : api::Json(mail.account_id)},
        {"from", mail.sender},
        {"to", mail.recipient},
        {"subject", mail.subject},
        {"body", mail.body},
        {"language", LanguageText(mail.language)},
        {"createdAt", OptionalTime(mail.created_at)},
        {"attempts", mail.attempts},
        {"nextAttemptAt", mail.sent_at == 0 ? OptionalTime(mail.next_attempt_at) : nullptr},
        {"sentAt", OptionalTime(mail.sent_at)},
        {"lastError", mail.last_error.empty() ? api::Json(nullptr) : api::Json(mail.last_error)}};
}

// A whole number in [1, kMaxLimit]; false for anything else.
bool ParseLimit(const std::string& text, int& out) {
    if (text.empty() || text.size() > 4) return false;
    int value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
        value = value * 10 + (c - '0');
    }
    if (value < 1 || value > kMaxLimit) return false;
    out = value;
    return true;
}

}  // namespace

void ApiContext::MailQueued() const {
    if (mail) mail->Wake();
}

void RegisterMailRoutes(Server& server, ApiContext& ctx) {
    server.AddRoute("GET", "/api/v1/outbox", [&ctx](const Request& req, Response& res) {
        Caller caller;
        if (!ctx.RequireOperator(req, res, caller)) return;
        std::vector<api::FieldError> problems;
        bool pending_only = false;
        if (req.has_param("status")) {
            std::string status = req.get_param_value("status");
            if (status == "pending") {
                pending_only = true;
            } else if (status != "all") {
                problems.push_back({"status", "must be pending or all"});
            }
        }
        int limit = kDefaultLimit;
        if (req.has_param("limit") && !ParseLimit(req.get_param_value("limit"), limit)) {
            problems.push_back({"limit", "must be a whole number from 1 to 1000"});
        }
        if (!problems.empty()) return SendFieldErrors(res, problems);

        std::vector<MailMessage> mails;
        std::string error;
        if (!ListOutbox(ctx.store, pending_only, limit, mails, error)) {
            return ctx.SendInternal(res, "outbox: " + error);
        }
        api::Json list = api::Json::array();
        for (const MailMessage& mail : mails) list.push_back(MailToJson(mail));
        SendJson(res, 200, {{"mails", std::move(list)}});
    });
}

}  // namespace portal::server
