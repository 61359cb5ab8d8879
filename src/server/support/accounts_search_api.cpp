// The support desk's account search (issue 14): an operator finds a customer's account by
// name, parent entity, city, country or id, to open it read-only (every read of it is then in
// its audit log: ApiContext::CheckAccount).
//
//   GET /api/v1/support/accounts?q=<text>   operator: at most 50 accounts; no q: the first 50
//                                           by name
#include <httplib.h>

#include <cctype>

#include "server/api_store.h"
#include "server/api_support.h"
#include "server/http_server.h"

namespace portal::server {

namespace {

constexpr int kMaxAccounts = 50;
constexpr size_t kMaxQueryLength = 200;
constexpr size_t kMaxWords = 8;

// "Northwind  Austin" -> {"northwind", "austin"}: each word must match (ASCII lower-cased, as
// the store compares).
std::vector<std::string> WordsOf(const std::string& text) {
    std::vector<std::string> words;
    std::string word;
    for (char c : text + " ") {
        if (std::isspace(static_cast<unsigned char>(c))) {
            if (!word.empty()) words.push_back(std::move(word));
            word.clear();
        } else {
            word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    return words;
}

void SearchAccountsRoute(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    if (!ctx.RequireOperator(req, res, caller)) return;
    std::string q = req.get_param_value("q");
    if (q.size() > kMaxQueryLength) {
        return SendFieldErrors(res, {{"q", "is at most 200 characters"}});
    }
    std::vector<std::string> words = WordsOf(q);
    if (words.size() > kMaxWords) {
        return SendFieldErrors(res, {{"q", "has at most 8 words"}});
    }
    std::vector<AccountRow> rows;
    std::string error;
    if (!SearchAccounts(ctx.store, words, kMaxAccounts, rows, error)) {
        return ctx.SendInternal(res, "support account search: " + error);
    }
    api::Json accounts = api::Json::array();
    for (const AccountRow& row : rows) {
        accounts.push_back({{"id", row.account.id},
                            {"name", row.account.name},
                            {"kind", AccountKindId(row.account.kind)},
                            {"country", row.account.country},
                            {"city", row.account.city},
                            {"parentEntityId", row.account.parent_entity_id},
                            {"parentEntityName", row.parent_entity_name}});
    }
    SendJson(res, 200, {{"accounts", accounts}});
}

}  // namespace

void RegisterSupportAccountRoutes(Server& server, ApiContext& ctx) {
    AddApiRoute(server, ctx, "GET", "/api/v1/support/accounts", SearchAccountsRoute);
}

}  // namespace portal::server
