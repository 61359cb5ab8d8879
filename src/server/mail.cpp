// PLACEHOLDER: replaced by the mail implementation (templates, outbox, SMTP worker).
#include "server/mail.h"

namespace portal::server {

std::vector<MailMessage> OrderMails(const Config&, const Catalogue&, const Order&,
                                    const std::vector<Contract>&, const std::string&) {
    return {};
}
MailMessage InvitationMail(const Config&, const InvitationFacts&) { return {}; }
Language LanguageForCountry(const std::string&) { return Language::English; }
bool EnqueueMail(Store::Writer&, MailMessage&, int64_t, std::string&) { return true; }
bool ListOutbox(Store&, bool, int, std::vector<MailMessage>&, std::string&) { return true; }
MailWorker::MailWorker(const Config& config, Store& store, Logger& logger, Clock clock)
    : config_(config), store_(store), logger_(logger), clock_(std::move(clock)) {}
MailWorker::~MailWorker() { Stop(); }
void MailWorker::Start() {}
void MailWorker::Stop() {}
void MailWorker::Wake() {}
void MailWorker::Loop() {}

}  // namespace portal::server
