// Idempotency-Key replays (migration 004): the first answer to a POST carrying a key is kept
// for a day and given again for the same key and body; the same key with another body is
// refused (422), and while the first request is still running a second one gets 409.
#pragma once

#include <cstdint>
#include <string>

#include "server/store.h"

namespace portal::server {

inline constexpr int64_t kIdempotencyKeySeconds = 24 * 60 * 60;

enum class IdempotencyClaim {
    New,       // the caller runs the request, then Finish or Forget
    Replay,    // answer holds the first answer
    Mismatch,  // the key was used for another request
    InFlight,  // the first request with this key has not finished
};

struct StoredAnswer {
    int status = 0;
    std::string content_type;
    std::string body;
};

bool ClaimIdempotencyKey(Store& store, const std::string& scope, const std::string& key,
                         const std::string& request_hash, int64_t now, IdempotencyClaim& claim,
                         StoredAnswer& answer, std::string& error);
bool FinishIdempotencyKey(Store& store, const std::string& scope, const std::string& key,
                          const StoredAnswer& answer, std::string& error);
// Drops a claim whose request failed on the server's side (5xx), so that a retry runs again.
bool ForgetIdempotencyKey(Store& store, const std::string& scope, const std::string& key,
                          std::string& error);

}  // namespace portal::server
