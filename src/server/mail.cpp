// Mail: what the portal's mails say (R-ORD-5, R-ACC-2), the outbox they are queued in, and the
// worker that delivers them over SMTP with libcurl. See mail.h for the design.
#include "server/mail.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <mutex>
#include <thread>

#include "api/json_fields.h"
#include "core/date.h"
#include "server/log.h"
#include "server/text.h"

namespace portal::server {

namespace {

void SplitMailbox(const std::string& mailbox, std::string& name, std::string& address);

// ---------------------------------------------------------------------------------------------
// [SECTION] Words

const char* LanguageCode(Language language) {
    return language == Language::French ? "fr" : "en";
}

Language LanguageFromCode(const std::string& code) {
    return code == "fr" ? Language::French : Language::English;
}

bool French(Language language) {
    return language == Language::French;
}

// "2 March 2026", "1er mars 2026".
std::string LongDate(Date date, Language language) {
    static constexpr const char* kEnglish[] = {"January",   "February", "March",    "April",
                                               "May",       "June",     "July",     "August",
                                               "September", "October",  "November", "December"};
    static constexpr const char* kFrench[] = {"janvier",   "février", "mars",     "avril",
                                              "mai",       "juin",    "juillet",  "août",
                                              "septembre", "octobre", "novembre", "décembre"};
    int year = 0, month = 1, day = 1;
    YmdFromDate(date, year, month, day);
    std::string text = std::to_string(day);
    if (French(language) && day == 1) text += "er";
    text += " ";
    text += French(language) ? kFrench[month - 1] : kEnglish[month - 1];
    return text + " " + std::to_string(year);
}

Date DateOfSeconds(int64_t seconds) {
    int64_t days = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
    return Date{static_cast<int>(days)};
}

// "1 April 2026, 10:00 UTC", "1er avril 2026 à 10 h 00 UTC".
std::string LongMoment(int64_t seconds, Language language) {
    int64_t of_day = seconds - int64_t{DateOfSeconds(seconds).days} * 86400;
    char time[32];
    if (French(language)) {
        std::snprintf(time, sizeof time, " à %d h %02d UTC", static_cast<int>(of_day / 3600),
                      static_cast<int>(of_day / 60 % 60));
    } else {
        std::snprintf(time, sizeof time, ", %02d:%02d UTC", static_cast<int>(of_day / 3600),
                      static_cast<int>(of_day / 60 % 60));
    }
    return LongDate(DateOfSeconds(seconds), language) + time;
}

std::string Count(int n, Language language, const char* en_one, const char* en_many,
                  const char* fr_one, const char* fr_many) {
    // French uses the singular for 0 and 1, English for 1 only.
    bool one = French(language) ? n <= 1 : n == 1;
    const char* word = French(language) ? (one ? fr_one : fr_many) : (one ? en_one : en_many);
    return std::to_string(n) + " " + word;
}

// Characters, not bytes: labels are padded so that the values line up in a monospace reader.
size_t CodePoints(const std::string& text) {
    return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

std::string Field(const std::string& label, const std::string& value) {
    std::string line = label;
    size_t width = CodePoints(label);
    line.append(width < 17 ? 18 - width : 1, ' ');
    return line + value + "\n";
}

std::string WithoutTrailingSlash(std::string url) {
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] What the order mails say

// The contracts of the order, one block each, in the recipient's language.
std::string ContractBlocks(const Catalogue& catalogue, const std::vector<Contract>& contracts,
                           Language language) {
    bool fr = French(language);
    std::string text;
    for (const Contract& contract : contracts) {
        const Program* program = catalogue.FindProgram(contract.program);
        Date latest_start = AddDays(contract.purchase_date, catalogue.rules.start_grace_days);
        if (!text.empty()) text += "\n";
        text += Field(fr ? "Programme :" : "Program:", program ? program->name : contract.program);
        text += Field(fr ? "Référence :" : "SKU:", contract.sku);
        text += Field(fr ? "Quantité :" : "Quantity:", Count(contract.quantity, language, "license",
                                                             "licenses", "licence", "licences"));
        text += Field(fr ? "Durée :" : "Term:",
                      Count(contract.term_years, language, "year", "years", "an", "ans"));
        // R-TERM-1: the term starts at the first assignment, or after the grace period.
        text += Field(fr ? "Début :" : "Term starts:",
                      fr ? "à la première affectation à une salle, au plus tard le " +
                               LongDate(latest_start, language)
                         : "when first assigned to a room, " + LongDate(latest_start, language) +
                               " at the latest");
        text += Field(fr ? "Bon de commande :" : "PO number:", contract.po_number);
        text += Field(fr ? "Date d'achat :" : "Purchase date:",
                      LongDate(contract.purchase_date, language));
    }
    return text;
}

// Who signs: the display name of the sender (R-ORD-5: "Support Services"), whatever the language.
std::string TeamName(const Config& config) {
    std::string name, address;
    SplitMailbox(config.mail_from, name, address);
    return name.empty() ? "Support Services" : name;
}

std::string SignOff(const Config& config, Language language) {
    std::string text = "\n";
    std::string url = WithoutTrailingSlash(config.public_url);
    if (!url.empty()) {
        text += French(language) ? "Le portail de service : " : "The service portal: ";
        text += url + "\n\n";
    }
    return text + TeamName(config) + "\n";
}

std::string Greeting(const std::string& name, Language language) {
    std::string hello = French(language) ? "Bonjour" : "Hello";
    return (name.empty() ? hello : hello + " " + name) + ",\n\n";
}

MailMessage NewMail(const Config& config, const char* kind, Id account_id,
                    const std::string& recipient, Language language) {
    MailMessage mail;
    mail.kind = kind;
    mail.account_id = account_id;
    mail.sender = config.mail_from;
    mail.recipient = recipient;
    mail.language = language;
    return mail;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] RFC 5322

// Header values come from orders and names: no CR, LF or other control character may reach the
// header block, or a value could add headers of its own.
std::string OneLine(const std::string& text) {
    std::string out;
    for (char c : text) {
        unsigned char u = static_cast<unsigned char>(c);
        out += (u < 0x20 || u == 0x7F) ? ' ' : c;
    }
    return out;
}

bool Ascii(const std::string& text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string Base64(std::string_view bytes) {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (size_t i = 0; i < bytes.size(); i += 3) {
        uint32_t group = static_cast<unsigned char>(bytes[i]) << 16;
        if (i + 1 < bytes.size()) group |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        if (i + 2 < bytes.size()) group |= static_cast<unsigned char>(bytes[i + 2]);
        out += kAlphabet[(group >> 18) & 63];
        out += kAlphabet[(group >> 12) & 63];
        out += i + 1 < bytes.size() ? kAlphabet[(group >> 6) & 63] : '=';
        out += i + 2 < bytes.size() ? kAlphabet[group & 63] : '=';
    }
    return out;
}

// RFC 2047 "B" encoded words, folded one per line. 42 bytes make 56 base64 characters, so a
// word is 68 characters and "Subject: " plus one word stays within 78. A UTF-8 sequence is never
// split between two words (RFC 2047 section 5: each word must be decodable on its own).
std::string EncodedWords(const std::string& text) {
    std::string out;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = std::min(text.size(), start + 42);
        while (end < text.size() && end > start &&
               (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
            --end;
        }
        if (!out.empty()) out += "\r\n ";
        out += "=?UTF-8?B?" + Base64(std::string_view(text).substr(start, end - start)) + "?=";
        start = end;
    }
    return out;
}

// Unstructured header text (Subject): as is when ASCII, folded at spaces past 78 characters;
// encoded words otherwise. used: the characters before it on the first line ("Subject: ").
std::string HeaderText(const std::string& raw, size_t used) {
    std::string text = OneLine(raw);
    if (!Ascii(text)) return EncodedWords(text);
    std::string out;
    size_t line = used;
    size_t start = 0;
    while (start <= text.size()) {
        size_t space = text.find(' ', start + 1);
        if (space == std::string::npos) space = text.size();
        std::string word = text.substr(start, space - start);  // with its leading space
        if (line + word.size() > 78 && line > used && !word.empty() && word[0] == ' ') {
            out += "\r\n";
            line = 0;
        }
        out += word;
        line += word.size();
        if (space == text.size()) break;
        start = space;
    }
    return out;
}

// Splits "Name <address>" (or a bare address).
void SplitMailbox(const std::string& mailbox, std::string& name, std::string& address) {
    size_t open = mailbox.rfind('<');
    size_t close = mailbox.rfind('>');
    if (open == std::string::npos || close == std::string::npos || close < open) {
        name.clear();
        address = mailbox;
    } else {
        name = mailbox.substr(0, open);
        address = mailbox.substr(open + 1, close - open - 1);
    }
    auto trim = [](std::string& s) {
        size_t first = s.find_first_not_of(" \t\"");
        size_t last = s.find_last_not_of(" \t\"");
        s = first == std::string::npos ? std::string() : s.substr(first, last - first + 1);
    };
    trim(name);
    trim(address);
}

// An address the SMTP envelope can carry: one '@', nothing that could end the command or the
// angle brackets curl puts around it.
bool UsableAddress(const std::string& address) {
    size_t at = address.find('@');
    if (at == std::string::npos || at == 0 || at + 1 == address.size() ||
        address.find('@', at + 1) != std::string::npos) {
        return false;
    }
    return std::none_of(address.begin(), address.end(), [](char c) {
        unsigned char u = static_cast<unsigned char>(c);
        return u <= 0x20 || u == 0x7F || c == '<' || c == '>' || c == ',' || c == '"';
    });
}

// A display name as an atom phrase, a quoted string, or encoded words.
std::string DisplayName(const std::string& raw) {
    std::string name = OneLine(raw);
    if (!Ascii(name)) return EncodedWords(name);
    bool atoms = std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == ' ' ||
               std::strchr("!#$%&'*+-/=?^_`{|}~", c) != nullptr;
    });
    if (atoms) return name;
    std::string quoted = "\"";
    for (char c : name) {
        if (c == '"' || c == '\\') quoted += '\\';
        quoted += c;
    }
    return quoted + "\"";
}

// "Tue, 03 Mar 2026 10:00:00 +0000", in English whatever the locale (RFC 5322 section 3.3).
std::string RfcDate(int64_t seconds) {
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::time_t time = static_cast<std::time_t>(seconds);
    std::tm utc{};
    gmtime_r(&time, &utc);
    char text[64];
    std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[utc.tm_wday],
                  utc.tm_mday, kMonths[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min,
                  utc.tm_sec);
    return text;
}

// RFC 2045 section 6.7: encoded lines of at most 76 characters, soft breaks "=", whitespace at
// the end of a line encoded, CRLF between lines.
std::string QuotedPrintable(const std::string& text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string_view line(text.data() + start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        size_t width = 0;
        for (size_t i = 0; i < line.size(); ++i) {
            unsigned char c = static_cast<unsigned char>(line[i]);
            bool last = i + 1 == line.size();
            std::string piece;
            if ((c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last)) {
                piece = static_cast<char>(c);
            } else {
                piece = {'=', kHex[c >> 4], kHex[c & 15]};
            }
            if (width + piece.size() > 75) {
                out += "=\r\n";
                width = 0;
            }
            out += piece;
            width += piece.size();
        }
        if (end == text.size()) {
            if (!line.empty()) out += "\r\n";
            break;
        }
        out += "\r\n";
        start = end + 1;
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Outbox SQL

bool ReadMails(Database& db, Statement& query, std::vector<MailMessage>& out, std::string& error) {
    while (true) {
        Statement::StepResult step = query.Step();
        if (step == Statement::StepResult::Done) return true;
        if (step == Statement::StepResult::Error) {
            error = "cannot read the outbox: " + db.LastMessage();
            return false;
        }
        MailMessage& mail = out.emplace_back();
        mail.id = query.ColumnInt(0);
        mail.kind = query.ColumnText(1);
        mail.account_id = query.ColumnInt(2);
        mail.sender = query.ColumnText(3);
        mail.recipient = query.ColumnText(4);
        mail.subject = query.ColumnText(5);
        mail.body = query.ColumnText(6);
        mail.language = LanguageFromCode(query.ColumnText(7));
        mail.created_at = query.ColumnInt(8);
        mail.attempts = static_cast<int>(query.ColumnInt(9));
        mail.next_attempt_at = query.ColumnInt(10);
        mail.sent_at = query.ColumnInt(11);
        mail.last_error = query.ColumnText(12);
        if (!query.ColumnIsNull(13)) mail.message_id = query.ColumnText(13);
        api::Json headers = api::Json::parse(query.ColumnText(14), nullptr, false);
        if (headers.is_array()) {
            for (const api::Json& header : headers) {
                if (header.is_array() && header.size() == 2 && header[0].is_string() &&
                    header[1].is_string()) {
                    mail.headers.emplace_back(header[0].get<std::string>(),
                                              header[1].get<std::string>());
                }
            }
        }
    }
}

constexpr const char* kMailColumns =
    "SELECT id, kind, account_id, sender, recipient, subject, body, language, created_at,"
    " attempts, next_attempt_at, sent_at, last_error, message_id, headers FROM outbox";

// Claims the oldest unsent mail due at now, if any (found): its next attempt moves to now +
// lease_seconds before a byte goes out, in a write transaction, and write transactions run one
// at a time across every server of the database (Database::BeginWrite). So one server alone
// sends it; RecordAttempt then sets the real next attempt (or sent_at). A server that dies with
// a claim leaves the mail due again once the claim runs out, for any server to take over.
bool ClaimDue(Store& store, int64_t now, int64_t lease_seconds, MailMessage& out, bool& found,
              std::string& error) {
    found = false;
    return store.Write(
        [&](Store::Writer& w, std::string& e) {
            Database& db = w.db();
            std::vector<MailMessage> due;
            Statement query = db.Prepare(std::string(kMailColumns) +
                                         " WHERE sent_at IS NULL AND next_attempt_at <= ?"
                                         " ORDER BY id LIMIT 1");
            if (!query.Valid()) {
                e = "cannot read the outbox: " + db.Error();
                return false;
            }
            query.Bind(1, now);
            if (!ReadMails(db, query, due, e)) return false;
            if (due.empty()) return true;
            Statement claim = db.Prepare("UPDATE outbox SET next_attempt_at = ? WHERE id = ?");
            if (!claim.Valid()) {
                e = "cannot claim the mail: " + db.Error();
                return false;
            }
            claim.Bind(1, now + lease_seconds);
            claim.Bind(2, int64_t{due[0].id});
            if (!claim.Run()) {
                e = "cannot claim the mail: " + db.LastMessage();
                return false;
            }
            out = std::move(due[0]);
            found = true;
            return true;
        },
        error);
}

// Once an invitation is delivered, the outbox forgets its link: the token is a key to the
// account until it is accepted, and only the recipient's mailbox should hold it (the
// invitations table keeps only its hash). Unsent mails keep it, for operators to forward.
bool ForgetInvitationLink(Database& db, Id id, std::string& error) {
    Statement read = db.Prepare("SELECT body FROM outbox WHERE id = ? AND kind = 'invitation'");
    read.Bind(1, int64_t{id});
    if (read.Step() != Statement::StepResult::Row) return true;
    std::string body = read.ColumnText(0);
    const std::string marker = "/#/invite/";
    for (size_t at = body.find(marker); at != std::string::npos; at = body.find(marker, at)) {
        at += marker.size();
        size_t end = body.find_first_of(" \r\n", at);
        body.replace(at, (end == std::string::npos ? body.size() : end) - at, "(sent)");
    }
    Statement write = db.Prepare("UPDATE outbox SET body = ? WHERE id = ?");
    write.Bind(1, body);
    write.Bind(2, int64_t{id});
    if (!write.Run()) {
        error = "cannot update the outbox: " + db.LastMessage();
        return false;
    }
    return true;
}

// Records one attempt: sent (sent_at = now), or failed (last_error, next attempt at next_at).
bool RecordAttempt(Store& store, Id id, bool sent, int64_t now, int64_t next_at,
                   const std::string& failure, std::string& error) {
    return store.Write(
        [&](Store::Writer& w, std::string& e) {
            Database& db = w.db();
            // attempts counts every attempt, the successful one too; last_error keeps the error
            // of the last failed one, for the operator reading the outbox.
            Statement update = sent ? db.Prepare(
                                          "UPDATE outbox SET attempts = attempts + 1, sent_at = ?"
                                          " WHERE id = ? AND sent_at IS NULL")
                                    : db.Prepare(
                                          "UPDATE outbox SET attempts = attempts + 1,"
                                          " next_attempt_at = ?, last_error = ?"
                                          " WHERE id = ? AND sent_at IS NULL");
            if (!update.Valid()) {
                e = "cannot update the outbox: " + db.Error();
                return false;
            }
            if (sent) {
                update.Bind(1, now);
                update.Bind(2, int64_t{id});
            } else {
                update.Bind(1, next_at);
                update.Bind(2, failure);
                update.Bind(3, int64_t{id});
            }
            if (!update.Run()) {
                e = "cannot update the outbox: " + db.LastMessage();
                return false;
            }
            return !sent || ForgetInvitationLink(db, id, e);
        },
        error);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] SMTP

// libcurl's global state is the process's, not the worker's: set up once, before any thread
// uses curl, and never torn down (other code in the process may use curl too).
void InitCurlOnce() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Upload {
    const std::string& data;
    size_t offset = 0;
};

size_t ReadUpload(char* buffer, size_t size, size_t count, void* user) {
    Upload& upload = *static_cast<Upload*>(user);
    size_t n = std::min(size * count, upload.data.size() - upload.offset);
    std::memcpy(buffer, upload.data.data() + upload.offset, n);
    upload.offset += n;
    return n;
}

constexpr long kConnectTimeoutMs = 10'000;
constexpr long kSendTimeoutMs = 20'000;

// One SMTP transaction for one mail; false with what went wrong (curl's words and the server's
// reply code) otherwise.
bool SendOverSmtp(const std::string& url, const MailMessage& mail, int64_t now,
                  std::string& error) {
    std::string name, from;
    SplitMailbox(mail.sender, name, from);
    const std::string& to = mail.recipient;
    if (!UsableAddress(from)) {
        error = "unusable sender address";
        return false;
    }
    if (!UsableAddress(to)) {
        error = "unusable recipient address";
        return false;
    }
    std::string message = ComposeMessage(mail, now);
    CURL* curl = curl_easy_init();
    if (!curl) {
        error = "curl_easy_init failed";
        return false;
    }
    std::string envelope_from = "<" + from + ">";
    curl_slist* recipients = curl_slist_append(nullptr, ("<" + to + ">").c_str());
    Upload upload{message};
    char detail[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, envelope_from.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadUpload);
    curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, kConnectTimeoutMs);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, kSendTimeoutMs);
    // Threads: no SIGALRM for name-resolution timeouts.
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    // STARTTLS when the server offers it (with certificate checks); smtps:// is TLS throughout.
    curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, detail);
    CURLcode code = curl_easy_perform(curl);
    long reply = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply);
    curl_slist_free_all(recipients);
    curl_easy_cleanup(curl);
    if (code == CURLE_OK) return true;
    error = curl_easy_strerror(code);
    if (detail[0] != '\0') error += std::string(": ") + detail;
    if (reply != 0) error += " (SMTP " + std::to_string(reply) + ")";
    return false;
}

constexpr int kBatch = 50;  // mails per pass, each claimed on its own
// How long a claimed mail is left to the server that claimed it: beyond one SMTP attempt
// (kSendTimeoutMs), and short enough that another server takes over a dead one's within a
// minute (issue 18).
constexpr int64_t kClaimSeconds = 60;
constexpr auto kPollInterval = std::chrono::seconds(5);

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] What the mails say

// Where French is the language of business (see LanguageForCountry).
constexpr const char* kFrenchCountries[] = {"fr", "be", "lu", "mc"};

Language LanguageForCountry(const std::string& country) {
    // Where French is the language of business, or one of them with French commonly used for
    // mail (Belgium, Luxembourg): Switzerland and Canada are left to English, since the country
    // alone does not say which of their languages a person reads.
    std::string code = text::Lower(country);
    code.erase(std::remove_if(code.begin(), code.end(),
                              [](char c) { return std::isspace(static_cast<unsigned char>(c)); }),
               code.end());
    for (const char* french : kFrenchCountries) {
        if (code == french) return Language::French;
    }
    return Language::English;
}

std::string MailLanguageSql(const std::string& user, const std::string& country) {
    std::string sql = "CASE WHEN " + user + ".language_chosen = 1 THEN " + user + ".language";
    if (!country.empty()) {
        sql += " WHEN lower(replace(trim(" + country + "), ' ', '')) IN (";
        const char* separator = "";
        for (const char* french : kFrenchCountries) {
            sql += std::string(separator) + "'" + french + "'";
            separator = ", ";
        }
        sql += ") THEN 'fr'";
    }
    return sql + " ELSE 'en' END";
}

// R-ORD-5
std::vector<MailMessage> OrderMails(const Config& config, const Catalogue& catalogue,
                                    const Order& order, const std::vector<Contract>& contracts,
                                    const std::string& account_name) {
    std::vector<MailMessage> mails;
    std::vector<std::string> sent_to;  // one mail per address: a reseller may also distribute
    auto first_for = [&](const std::string& email) {
        std::string key = text::Lower(email);
        if (key.empty() || std::find(sent_to.begin(), sent_to.end(), key) != sent_to.end()) {
            return false;
        }
        sent_to.push_back(key);
        return true;
    };
    const Party& customer = order.end_customer;
    std::string organisation = account_name.empty() ? customer.company : account_name;

    if (first_for(customer.email)) {
        Language language = LanguageForCountry(customer.address.country);
        bool fr = French(language);
        MailMessage mail =
            NewMail(config, "order_confirmation", order.account_id, customer.email, language);
        mail.subject = fr ? "Détails de votre contrat de service" : "Service Contract Details";
        mail.body = Greeting(customer.name, language);
        mail.body += fr ? "Merci de votre commande " + order.po_number +
                              ". Voici les contrats de service de " + organisation + " :\n\n"
                        : "Thank you for your order " + order.po_number +
                              ". Here are the service contracts of " + organisation + ":\n\n";
        mail.body += ContractBlocks(catalogue, contracts, language);
        mail.body += fr ? "\nAffectez les licences à vos salles dans le portail de service.\n"
                        : "\nAssign the licenses to your rooms in the service portal.\n";
        mail.body += SignOff(config, language);
        mails.push_back(std::move(mail));
    }
    for (const Party* party : {&order.reseller, &order.distributor}) {
        if (!first_for(party->email)) continue;
        Language language = LanguageForCountry(party->address.country);
        bool fr = French(language);
        MailMessage mail = NewMail(config, "order_copy", order.account_id, party->email, language);
        mail.subject = fr ? "Détails du contrat de service — bon de commande " + order.po_number
                          : "Service Contract Details — PO " + order.po_number;
        mail.body = Greeting(party->name, language);
        std::string whom = customer.name + " <" + customer.email + ">, " + customer.company;
        mail.body += fr ? "Pour information, voici les détails des contrats de service envoyés à " +
                              whom + ", pour le bon de commande " + order.po_number + " :\n\n"
                        : "For your records: the service contract details below were sent to " +
                              whom + " for PO " + order.po_number + ".\n\n";
        mail.body += ContractBlocks(catalogue, contracts, language);
        mail.body += SignOff(config, language);
        mails.push_back(std::move(mail));
    }
    return mails;
}

// R-ACC-2
MailMessage InvitationMail(const Config& config, const InvitationFacts& facts) {
    Language language = facts.language;
    bool fr = French(language);
    MailMessage mail = NewMail(config, "invitation", facts.account_id, facts.recipient, language);
    mail.subject = fr ? "Bienvenue" : "Welcome";
    std::string inviter = facts.inviter.empty() ? TeamName(config) : facts.inviter;
    std::string link = WithoutTrailingSlash(config.public_url) + "/#/invite/" + facts.token;
    std::string role = facts.role == Role::Admin
                           ? (fr ? "en tant qu'administrateur" : "as an administrator")
                           : (fr ? "en lecture seule" : "with read-only access");
    mail.body = Greeting("", language);
    if (fr) {
        mail.body += inviter + " vous invite à rejoindre " + facts.organisation +
                     " sur le portail de service, " + role + ".\n\n";
        mail.body += "Pour accepter l'invitation et choisir votre mot de passe, ouvrez ce lien :\n";
        mail.body += link + "\n\n";
        mail.body += "Ce lien n'est valable que pour vous (" + facts.recipient + ") et jusqu'au " +
                     LongMoment(facts.expires_at, language) +
                     ". S'il a expiré, demandez-en un nouveau à " + inviter + ".\n\n";
        mail.body += "Si vous n'attendiez pas cette invitation, ignorez simplement ce message.\n";
    } else {
        mail.body += inviter + " invites you to join " + facts.organisation +
                     " on the service portal, " + role + ".\n\n";
        mail.body += "To accept the invitation and choose your password, open this link:\n";
        mail.body += link + "\n\n";
        mail.body += "The link works only for you (" + facts.recipient + ") and until " +
                     LongMoment(facts.expires_at, language) + ". If it has expired, ask " +
                     inviter + " for a new one.\n\n";
        mail.body += "If you did not expect this invitation, you can ignore this message.\n";
    }
    mail.body += "\n";
    mail.body += TeamName(config) + "\n";
    return mail;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] The outbox

bool EnqueueMail(Store::Writer& w, MailMessage& message, int64_t now, std::string& error) {
    // The recipient is a bare address: anything else could name more recipients than one.
    std::string name, sender;
    SplitMailbox(message.sender, name, sender);
    if (message.kind.empty() || !UsableAddress(message.recipient) || !UsableAddress(sender)) {
        error = "cannot queue a mail without a kind and usable sender and recipient addresses";
        return false;
    }
    Database& db = w.db();
    Statement insert = db.Prepare(
        "INSERT INTO outbox(kind, account_id, sender, recipient, subject, body, language,"
        " created_at, next_attempt_at, message_id, headers)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!insert.Valid()) {
        error = "cannot queue the mail: " + db.Error();
        return false;
    }
    insert.Bind(1, message.kind);
    if (message.account_id) {
        insert.Bind(2, int64_t{message.account_id});
    } else {
        insert.BindNull(2);
    }
    insert.Bind(3, message.sender);
    insert.Bind(4, message.recipient);
    insert.Bind(5, message.subject);
    insert.Bind(6, message.body);
    insert.Bind(7, LanguageCode(message.language));
    insert.Bind(8, now);
    insert.Bind(9, now);
    if (message.message_id.empty()) {
        insert.BindNull(10);
    } else {
        insert.Bind(10, message.message_id);
    }
    api::Json headers = api::Json::array();
    for (const auto& [name, value] : message.headers) headers.push_back({name, value});
    insert.Bind(11, headers.dump());
    if (insert.Step() != Statement::StepResult::Row) {
        error = "cannot queue the mail: " + db.LastMessage();
        return false;
    }
    Id id = insert.ColumnInt(0);
    if (insert.Step() != Statement::StepResult::Done) {
        error = "cannot queue the mail: " + db.LastMessage();
        return false;
    }
    message.id = id;
    message.created_at = now;
    message.attempts = 0;
    message.next_attempt_at = now;
    message.sent_at = 0;
    message.last_error.clear();
    return true;
}

bool ListOutbox(Store& store, bool pending_only, int limit, std::vector<MailMessage>& out,
                std::string& error) {
    out.clear();
    return store.Read(
        [&](Store::Writer& r, std::string& e) {
            Database& db = r.db();
            Statement query = db.Prepare(std::string(kMailColumns) +
                                         (pending_only ? " WHERE sent_at IS NULL" : "") +
                                         " ORDER BY id DESC LIMIT ?");
            if (!query.Valid()) {
                e = "cannot read the outbox: " + db.Error();
                return false;
            }
            query.Bind(1, int64_t{limit});
            return ReadMails(db, query, out, e);
        },
        error);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Delivery

std::string ComposeMessage(const MailMessage& message, int64_t date) {
    std::string name, from;
    SplitMailbox(message.sender, name, from);
    const std::string& to = message.recipient;
    size_t at = from.find('@');
    std::string domain = at == std::string::npos ? "" : from.substr(at + 1);
    if (domain.empty() || !Ascii(domain)) domain = "portal.invalid";
    std::string text;
    text += "Date: " + RfcDate(date) + "\r\n";
    text +=
        "From: " + (name.empty() ? "" : DisplayName(name) + " ") + "<" + OneLine(from) + ">\r\n";
    text += "To: " + OneLine(to) + "\r\n";
    text += "Subject: " + HeaderText(message.subject, 9) + "\r\n";
    if (!message.message_id.empty()) {
        text += "Message-ID: " + OneLine(message.message_id) + "\r\n";
    } else {
        text += "Message-ID: <outbox-" + std::to_string(message.id) + "." +
                std::to_string(message.created_at) + "@" + domain + ">\r\n";
    }
    // Threading and unsubscribing (alert mails): ASCII by construction (ids and URLs).
    for (const auto& [header, value] : message.headers) {
        text += OneLine(header) + ": " + OneLine(value) + "\r\n";
    }
    text += "MIME-Version: 1.0\r\n";
    text += "Content-Type: text/plain; charset=UTF-8\r\n";
    text += "Content-Transfer-Encoding: quoted-printable\r\n";
    text += std::string("Content-Language: ") + LanguageCode(message.language) + "\r\n";
    // RFC 3834: a machine wrote it; auto-responders should not answer.
    text += "Auto-Submitted: auto-generated\r\n";
    text += "\r\n";
    text += QuotedPrintable(message.body);
    return text;
}

bool SendMailNow(const Config& config, const MailMessage& message, int64_t now,
                 std::string& error) {
    if (config.smtp_url.empty()) {
        error = "no SMTP server is configured (PORTAL_SMTP_URL): mail stays in the outbox";
        return false;
    }
    InitCurlOnce();
    return SendOverSmtp(config.smtp_url, message, now, error);
}

int64_t RetryDelaySeconds(int attempts) {
    static constexpr int64_t kDelays[] = {5, 30, 120, 600, 3600};
    int index = std::clamp(attempts, 1, 5) - 1;
    return kDelays[index];
}

MailWorker::MailWorker(const Config& config, Store& store, Logger& logger, Clock clock)
    : config_(config),
      store_(store),
      logger_(logger),
      clock_(std::move(clock)),
      // Real time: the outbox's times are the server clock's, but a poll is a wait.
      thread_(kPollInterval, [this] { return DeliverDue(); }) {}

MailWorker::~MailWorker() {
    Stop();
}

void MailWorker::Start() {
    if (config_.smtp_url.empty()) {
        logger_.Info("mail: no SMTP URL configured; mails stay in the outbox (GET /api/v1/outbox)");
        return;
    }
    InitCurlOnce();
    // The URL may carry credentials (smtp://user:password@host): never logged.
    logger_.Info("mail: delivering the outbox over SMTP");
    thread_.Start();
}

void MailWorker::Stop() {
    thread_.Stop();
}

void MailWorker::Wake() {
    thread_.Wake();
}

int64_t MailWorker::Now() const {
    return std::chrono::duration_cast<std::chrono::seconds>(clock_().time_since_epoch()).count();
}

bool MailWorker::DeliverDue() {
    std::string error;
    for (int sent_now = 0; sent_now < kBatch; ++sent_now) {
        if (thread_.Stopping()) return false;
        MailMessage mail;
        bool found = false;
        // Where the claim ends, in real time: a failed record of a sent mail is retried until then.
        auto claim_ends =
            std::chrono::steady_clock::now() + std::chrono::seconds(kClaimSeconds - 5);
        if (!ClaimDue(store_, Now(), kClaimSeconds, mail, found, error)) {
            logger_.Error("mail: " + error);
            return false;
        }
        if (!found) return false;
        std::string failure;
        bool sent = SendOverSmtp(config_.smtp_url, mail, Now(), failure);
        // At least once, not exactly once: a crash between the server's "250" and this update
        // (or an update that fails) leaves the mail unsent in the outbox, and it is sent again
        // (with the same Message-ID) once the claim runs out. Marking first could lose mail,
        // which the outbox is for.
        int64_t now = Now();
        int attempts = mail.attempts + 1;
        int64_t next_at = now + RetryDelaySeconds(attempts);
        bool recorded = RecordAttempt(store_, mail.id, sent, now, next_at, failure, error);
        // A sent mail left unrecorded goes again once its claim runs out: while the claim holds,
        // keep trying (the database may be restarting), so that only a crash of this server
        // within that window, not a database that was away for a moment, sends it twice.
        while (!recorded && sent && !thread_.Stopping() &&
               std::chrono::steady_clock::now() < claim_ends) {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            recorded = RecordAttempt(store_, mail.id, sent, Now(), next_at, failure, error);
        }
        if (!recorded) {
            // The outbox cannot record what was done: stop until the next poll rather than
            // send the rest (or this one, again and again) with nothing written down.
            logger_.Error("mail " + std::to_string(mail.id) + ": " + error);
            return false;
        }
        std::string what = "mail " + std::to_string(mail.id) + " (" + mail.kind + ")";
        if (sent) {
            logger_.Info(what + " sent");
        } else {
            logger_.Warn(what + ": attempt " + std::to_string(attempts) + " failed: " + failure +
                         "; next in " + std::to_string(RetryDelaySeconds(attempts)) + " s");
        }
    }
    return true;  // a whole batch went: there may be more
}

}  // namespace portal::server
