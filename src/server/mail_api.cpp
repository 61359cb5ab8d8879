// Routes of the mail outbox (operators only).
#include "server/api_support.h"
#include "server/mail.h"

namespace portal::server {

void ApiContext::MailQueued() const {
    if (mail) mail->Wake();
}

void RegisterMailRoutes(Server&, ApiContext&) {}

}  // namespace portal::server
