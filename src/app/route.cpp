#include "app/route.h"

#include <cctype>
#include <cstdio>

namespace portal::app {

namespace {

struct PageSlugEntry {
    Page page;
    const char* slug;
};

constexpr PageSlugEntry kPages[] = {
    {Page::Overview, "overview"},   {Page::ServiceOrders, "orders"},
    {Page::Rooms, "rooms"},         {Page::Devices, "devices"},
    {Page::Insights, "insights"},   {Page::Alerts, "alerts"},
    {Page::Support, "support"},     {Page::SupportQueue, "support-queue"},
    {Page::People, "people"},       {Page::Intake, "intake"},
    {Page::Invite, "invite"},       {Page::Kiosk, "kiosk"},
    {Page::Catalogue, "catalogue"},
};

// The value of `key` in "account=12&x=y"; empty when absent.
std::string_view QueryValue(std::string_view query, std::string_view key) {
    while (!query.empty()) {
        size_t amp = query.find('&');
        std::string_view pair = query.substr(0, amp);
        if (pair.size() > key.size() && pair.substr(0, key.size()) == key &&
            pair[key.size()] == '=') {
            return pair.substr(key.size() + 1);
        }
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return {};
}

// "account=12&x=y" -> 12; 0 when absent or not a positive number.
Id AccountOfQuery(std::string_view query) {
    Id id = 0;
    for (char c : QueryValue(query, "account")) {
        if (c < '0' || c > '9' || id > 100000000000LL) return 0;
        id = id * 10 + (c - '0');
    }
    return id;
}

// "...&sso=not_invited" -> "not_invited": a code the server wrote ([a-z_], short); "" for
// anything else (the link may have been typed or tampered with, and the text is shown).
std::string SsoOfQuery(std::string_view query) {
    std::string_view code = QueryValue(query, "sso");
    if (code.size() > 40) return {};
    for (char c : code) {
        if (!((c >= 'a' && c <= 'z') || c == '_')) return {};
    }
    return std::string(code);
}

// "...&filter=offline" -> "offline": a page's filter name ([a-z0-9_-], short); "" otherwise.
std::string FilterOfQuery(std::string_view query) {
    std::string_view name = QueryValue(query, "filter");
    if (name.size() > 40) return {};
    for (char c : name) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return {};
    }
    return std::string(name);
}

// "?account=12&sso=tested&filter=offline", "?sso=tested" or "".
std::string QueryOf(const Route& route) {
    std::string query;
    auto add = [&query](const std::string& pair) { query += (query.empty() ? "" : "&") + pair; };
    if (route.account != 0) add("account=" + std::to_string(route.account));
    if (!route.sso.empty()) add("sso=" + route.sso);
    if (!route.filter.empty()) add("filter=" + route.filter);
    return query.empty() ? query : "?" + query;
}

}  // namespace

const char* PageSlug(Page page) {
    for (const auto& entry : kPages) {
        if (entry.page == page) return entry.slug;
    }
    return "";
}

Route ParseRoute(std::string_view hash) {
    if (!hash.empty() && hash.front() == '#') hash.remove_prefix(1);
    std::string_view query;
    if (size_t question = hash.find('?'); question != std::string_view::npos) {
        query = hash.substr(question + 1);
        hash = hash.substr(0, question);
    }
    Id account = AccountOfQuery(query);
    std::string sso = SsoOfQuery(query);
    std::string filter = FilterOfQuery(query);
    while (!hash.empty() && hash.front() == '/') hash.remove_prefix(1);
    while (!hash.empty() && hash.back() == '/') hash.remove_suffix(1);
    if (hash.empty()) return {Page::Overview, "", account, sso, filter};

    size_t slash = hash.find('/');
    std::string_view slug = hash.substr(0, slash);
    std::string_view rest = slash == std::string_view::npos ? "" : hash.substr(slash + 1);
    if (slug == "kiosk") return {Page::Kiosk, std::string(rest), 0};
    for (const auto& entry : kPages) {
        if (slug == entry.slug) return {entry.page, std::string(rest), account, sso, filter};
    }
    return {Page::NotFound, std::string(hash), account, sso, filter};
}

std::string QueryEscape(std::string_view text) {
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            char hex[4];
            std::snprintf(hex, sizeof hex, "%%%02X", c);
            out += hex;
        }
    }
    return out;
}

std::string KioskThemeOf(std::string_view hash) {
    size_t question = hash.find('?');
    if (question == std::string_view::npos || ParseRoute(hash).page != Page::Kiosk) return {};
    std::string_view theme = QueryValue(hash.substr(question + 1), "theme");
    return theme == "light" || theme == "dark" ? std::string(theme) : std::string();
}

std::string FormatRoute(const Route& route) {
    if (route.page == Page::NotFound) return "#/" + route.detail + QueryOf(route);
    std::string hash = std::string("#/") + PageSlug(route.page);
    if (!route.detail.empty()) hash += "/" + route.detail;
    if (route.page == Page::Kiosk) return hash;
    return hash + QueryOf(route);
}

}  // namespace portal::app
