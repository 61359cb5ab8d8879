#include "server/api_support.h"

namespace portal::server {

void RegisterPeopleRoutes(Server&, ApiContext&) {}

}  // namespace portal::server
