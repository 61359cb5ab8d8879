// Mail: a transactional outbox (table outbox, migration 004) and the worker that delivers it.
//
// A handler writes its mails with EnqueueMail inside the same Store::Write as the change they
// tell about: both commit or neither does. After the commit it calls ApiContext::MailQueued(),
// which wakes the MailWorker; the worker claims each mail that is due (with several servers on
// one database, one of them alone; a dead server's claim runs out within a minute), sends it
// over SMTP (libcurl) to PORTAL_SMTP_URL, retrying with backoff, and marks it sent. Without an
// SMTP URL the mails stay in the outbox, where operators read them (GET /api/v1/outbox). A stop
// or a crash loses nothing: the next start, or another server, sends what was not marked sent.
//
// What the mails say (R-ORD-5): on a processed order, "Service Contract Details" from
// "Support Services" to the end customer, and copies that carry the PO number to the reseller
// and the distributor; the invitation ("Welcome") to the invited person only. Each in the
// recipient's language where it is known (English, French).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/catalogue.h"
#include "core/model.h"
#include "core/refusal.h"
#include "server/auth.h"
#include "server/config.h"
#include "server/people.h"
#include "server/store.h"
#include "server/worker_thread.h"

namespace portal::server {

class Logger;

struct MailMessage {
    Id id = 0;              // given by the outbox
    std::string kind;       // "order_confirmation", "order_copy", "invitation"
    Id account_id = 0;      // 0: none (a partner invitation)
    std::string sender;     // "Support Services <support@...>"
    std::string recipient;  // an address
    std::string subject;
    std::string body;  // text/plain, UTF-8
    Language language = Language::English;
    // Alert mails (alerts/alert_mail.h): the Message-ID they go out with ("<...@...>"; empty:
    // one made of the outbox id) and more headers (In-Reply-To, References, List-Unsubscribe,
    // List-Unsubscribe-Post), each name and value on one line.
    std::string message_id;
    std::vector<std::pair<std::string, std::string>> headers;
    // Outbox state, as read back:
    int64_t created_at = 0;
    int attempts = 0;
    int64_t next_attempt_at = 0;
    int64_t sent_at = 0;  // 0: not sent yet
    std::string last_error;
};

// ---------------------------------------------------------------------------------------------
// [SECTION] What the mails say

// R-ORD-5: the confirmation to the end customer and the copies (with the PO number) to the
// reseller and the distributor of a processed order. customer_language: the end customer's
// (French for an end customer in a French-speaking country, else English, unless known).
std::vector<MailMessage> OrderMails(const Config& config, const Catalogue& catalogue,
                                    const Order& order, const std::vector<Contract>& contracts,
                                    const std::string& account_name);

struct InvitationFacts {
    std::string recipient;     // the invited email
    std::string inviter;       // who invites ("Support Services" for the order intake)
    std::string organisation;  // the account's or partner organisation's name
    Role role = Role::Admin;
    std::string token;       // the link's token (never stored)
    int64_t expires_at = 0;  // Unix seconds
    Language language = Language::English;
    Id account_id = 0;
};
// R-ACC-2: "Welcome" with the link <public_url>/#/invite/<token>.
MailMessage InvitationMail(const Config& config, const InvitationFacts& facts);

// The language mails to a country's people are written in, when nothing better is known.
Language LanguageForCountry(const std::string& country);

// The language of mails to a user, as an SQL expression over `user` (an alias of users) and
// `country` (an expression giving the account's country): the language the user chose, else
// LanguageForCountry's (issue 16). "" for country: the user's choice, else English.
std::string MailLanguageSql(const std::string& user, const std::string& country);

// ---------------------------------------------------------------------------------------------
// [SECTION] The outbox

// Queues message in the transaction of w; message.id is set.
bool EnqueueMail(Store::Writer& w, MailMessage& message, int64_t now, std::string& error);

// The outbox, newest first, at most limit; pending_only: not sent yet.
bool ListOutbox(Store& store, bool pending_only, int limit, std::vector<MailMessage>& out,
                std::string& error);

// ---------------------------------------------------------------------------------------------
// [SECTION] Delivery

// The message as it goes over SMTP (RFC 5322, CRLF line endings, headers folded at 78
// characters where they can be): Date (date: Unix seconds), From, To, Subject (RFC 2047 words when
// not ASCII), the message's own Message-ID or one made of the outbox id (the same on every attempt,
// so that a resent mail can be recognised), MIME-Version, text/plain UTF-8 in quoted-printable
// (7-bit clean: no relay has to support 8BITMIME), Content-Language and Auto-Submitted.
// Dot-stuffing is curl's.
std::string ComposeMessage(const MailMessage& message, int64_t date);

// How long the worker waits before the next attempt of a mail that failed `attempts` times
// (>= 1): 5 s, 30 s, 2 min, 10 min, then every hour, for as long as it takes.
int64_t RetryDelaySeconds(int attempts);

// Sends one mail over SMTP now, outside the outbox (an alert channel's "Send test", whose
// answer says whether delivery worked): false with why not, or when no SMTP URL is configured.
bool SendMailNow(const Config& config, const MailMessage& message, int64_t now, std::string& error);

class MailWorker {
  public:
    MailWorker(const Config& config, Store& store, Logger& logger, Clock clock);
    ~MailWorker();
    MailWorker(const MailWorker&) = delete;
    MailWorker& operator=(const MailWorker&) = delete;

    // Starts the delivery thread (nothing when no SMTP URL is configured).
    void Start();
    // Stops it, waiting for a send in progress; safe more than once.
    void Stop();
    // Something was queued: look at the outbox now rather than at the next poll.
    void Wake();

  private:
    // Sends what is due now; true when there may be more due than one batch held.
    bool DeliverDue();
    int64_t Now() const;

    const Config& config_;
    Store& store_;
    Logger& logger_;
    Clock clock_;
    WorkerThread thread_;  // last: it stops before what it uses goes
};

}  // namespace portal::server
