// PLACEHOLDER: replaced by the invitations implementation.
#include "server/invitation_store.h"

namespace portal::server {

bool CreateInvitation(Store::Writer&, const Config&, InvitationRecord&, const std::string&,
                      const std::string&, int64_t, std::string&, std::string& error) {
    error = "invitations are not implemented yet";
    return false;
}

}  // namespace portal::server
