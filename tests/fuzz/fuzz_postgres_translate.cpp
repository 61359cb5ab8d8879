// Fuzz target: the PostgreSQL backend's text handling (server/storage/postgres_database.h).
// First byte: 0 gives the rest to TranslateForPostgres, the store's SQL (SQLite's dialect) as
// PostgreSQL reads it; 1 to IntegerFromPostgresText, a result's text read as an integer column.
// Both read what the server and its database write, never a client's text: the fuzzer checks that
// no text makes them misbehave, and that placeholders are never counted below zero.
#include <string>

#include "fuzz_input.h"
#include "server/storage/postgres_database.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // The largest statement of the store is under 4 KiB.
    if (size > 16384) return 0;
    std::string_view input = portal::fuzz::Text(data, size);
    size_t mode = 0;
    if (!portal::fuzz::Select(input, 2, mode)) return 0;
    if (mode == 0) {
        int parameters = -1;
        portal::server::TranslateForPostgres(input, parameters);
        if (parameters < 0) __builtin_trap();
    } else {
        // libpq's values end with a NUL; one inside the text ends it there, as in libpq.
        portal::server::IntegerFromPostgresText(std::string(input).c_str());
    }
    return 0;
}
