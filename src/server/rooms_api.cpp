#include "server/api_support.h"

namespace portal::server {

void RegisterRoomRoutes(Server&, ApiContext&) {}

}  // namespace portal::server
